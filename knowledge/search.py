"""Search over the two theses: four first-stage retrievers, a learned second stage, and a
calibrated answer to "do the theses answer this at all?".

First stage, each naming its best ``retriever_depth`` passages:

* dense passages: multilingual-e5-small cosine of the question to each passage (FAISS);
* dense questions: cosine to the questions written for each passage (FAISS; a passage scores
  its best question) — a leader's wording is much closer to another leader's question than to
  the thesis's prose;
* BM25 over the passages and BM25 over each passage's written questions (``bm25s``), on the
  question in bokmål (its nynorsk words looked up in the table Apertium made), with typos corrected.

Reciprocal-rank fusion of the four lists keeps ``rerank_depth`` candidates. The second stage
orders them by a logistic model over finer evidence (features.py), learned on the dev set. The
answerability classifier then says whether the best of them answers the question.

Filters (one thesis, some roles, passages already shown) apply before anything is ranked, so a
follow-up asking for "the other thesis" searches only that thesis.
"""
from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from .features import (ANSWERABLE_FEATURES, RANK_FEATURES, SENTENCE_FEATURES, RetrieverRanks,
                       answerable_feature_names, answerable_features, idf, rank_features, sentence_features,
                       weighted_coverage)
from .index import CorpusIndex
from .learned import ANSWERABLE_FILE, RANKER_FILE, SENTENCES_FILE, LinearModel, load_model
from .lexical import Analyzer, BM25Index, words
from .passages import Passage, refers_back
from .query import Query, QueryAnalyser, asks_quantity, names, task_request
from .settings import KnowledgeSettings
from .timing import stage

logger = logging.getLogger(__name__)

# Numbers as digits or words (bokmål, nynorsk, English): what an amount is answered with.
_NUMBER = re.compile(r"\d|\b(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tjue|hundre|tusen|million\w*|"
                     r"milliard\w*|halvparten|prosent|two|three|four|five|six|seven|eight|nine|ten|hundred|"
                     r"thousand|half|percent)\b", re.IGNORECASE)


def _has_number(text: str) -> bool:
    return bool(_NUMBER.search(text))


@dataclass(frozen=True)
class SearchOptions:
    top_k: int = 5
    thesis: str | None = None  # search only this thesis
    roles: tuple[str, ...] | None = None  # search only passages of these roles
    prefer_roles: tuple[str, ...] = ()  # among close candidates, these roles first
    prefer_thesis: str | None = None  # among close candidates, this thesis first
    exclude_passages: frozenset[str] = frozenset()  # already shown
    # A follow-up on a topic already found answerable: whether the theses answer it is settled,
    # so the best passage is shown if it scores like an answering passage (the ranker's
    # ``on_topic_floor``), however narrow the search (one thesis, nothing shown twice). Without
    # it, a narrowed search asks the answerability model about the whole corpus and also needs
    # the floor among the hits it may show.
    on_topic: bool = False


@dataclass
class Hit:
    passage: Passage
    score: float  # second-stage logit (or fused first-stage score without a ranker)
    rank: int  # 1-based
    sentences: list[str]  # the passage's quotable sentences
    sentence_scores: np.ndarray  # cosine of each to the question
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class SearchResult:
    query: Query
    hits: list[Hit]  # every reranked candidate, best first
    answerable: float  # probability that the theses answer the question
    in_scope: bool
    answerable_features: dict[str, float] = field(default_factory=dict)

    def top(self, k: int) -> list[Hit]:
        return self.hits[:k]


@dataclass
class Candidates:
    """What the second stage sees for one question (also what the learning script fits on)."""
    query: Query
    indices: np.ndarray  # passage positions, fused first-stage order
    features: np.ndarray  # len(indices) × len(RANK_FEATURES)
    fused: np.ndarray
    sentence_scores: list[np.ndarray]
    question_vector: np.ndarray
    summary: dict[str, float]  # inputs of the answerability features that are not per candidate


class Searcher:
    def __init__(self, corpus: CorpusIndex, encoder, settings: KnowledgeSettings, analyser: QueryAnalyser,
                 ranker: LinearModel | None = None, answerable: LinearModel | None = None,
                 sentence_model: LinearModel | None = None):
        self.settings = settings
        self.encoder = encoder
        self.analyser = analyser
        self.ranker = ranker
        self.answerable_model = answerable
        self.sentence_model = sentence_model
        self.passages = corpus.passages
        self._by_id = {p.id: i for i, p in enumerate(self.passages)}
        n = len(self.passages)
        self._dense_passages = corpus.vectors
        self._P = np.ascontiguousarray(corpus.passage_matrix(), dtype=np.float32)
        self._dense_questions = corpus.question_vectors
        self._Q = np.ascontiguousarray(corpus.question_matrix(), dtype=np.float32)
        questions = corpus.questions or []
        self._question_passage = np.array([i for i, _ in questions], dtype=np.int64)
        self._questions_of: list[np.ndarray] = [np.zeros(0, dtype=np.int64) for _ in range(n)]
        if len(questions):
            order = np.argsort(self._question_passage, kind="stable")
            bounds = np.searchsorted(self._question_passage[order], np.arange(n + 1))
            self._questions_of = [order[bounds[i]:bounds[i + 1]] for i in range(n)]
        self._sentences = corpus.sentences or [[] for _ in range(n)]
        dim = self._P.shape[1]
        self._sentence_vectors = corpus.sentence_vectors or [np.zeros((0, dim), np.float32) for _ in range(n)]
        passage_texts = [f"{p.section_title}\n{p.text}" for p in self.passages]
        question_docs = ["\n".join(q for _, q in (questions[j] for j in self._questions_of[i]))
                         for i in range(n)]
        analyzer = Analyzer.from_texts(passage_texts + [d for d in question_docs if d])
        self.analyzer = analyzer
        self._bm25_passages = BM25Index(passage_texts, analyzer)
        self._bm25_questions = BM25Index(question_docs, analyzer)
        self._terms_of = [set(analyzer.terms(t)) | set(analyzer.terms(d)) for t, d in zip(passage_texts, question_docs)]
        df: dict[str, int] = {}
        for terms in self._terms_of:
            for t in terms:
                df[t] = df.get(t, 0) + 1
        self._df = df
        # Every word form of the theses and the written questions, for telling known names apart.
        self._vocabulary = {w for text in passage_texts + question_docs for w in words(text)}
        self._thesis = np.array([p.thesis for p in self.passages])
        self._role = np.array([p.role for p in self.passages])
        self._words = np.array([len(p.text.split()) for p in self.passages], dtype=np.float64)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._results: OrderedDict[tuple[str, SearchOptions], SearchResult] = OrderedDict()
        self._cache_lock = threading.Lock()
        # Per passage, computed on first use: each sentence's terms and its cosine to each of the
        # passage's written questions.
        self._sentence_terms: dict[str, set[str]] = {}
        self._sentence_question_sims: dict[int, np.ndarray] = {}

    @classmethod
    def with_learned_models(cls, corpus: CorpusIndex, encoder, settings: KnowledgeSettings,
                            analyser: QueryAnalyser) -> "Searcher":
        ranker = load_model(settings.weights_dir / RANKER_FILE, RANK_FEATURES)
        answerable = load_model(settings.weights_dir / ANSWERABLE_FILE, answerable_feature_names(corpus.vectors.d))
        sentences = load_model(settings.weights_dir / SENTENCES_FILE, SENTENCE_FEATURES)
        if ranker is None or answerable is None or sentences is None:
            logger.warning("Learned models missing in %s: ranking by the first stage only, quoting by "
                           "cosine, treating every question as answerable (run bench/learn_ranking.py)",
                           settings.weights_dir)
        elif answerable.info.get("model_id") != corpus.manifest.get("model_id"):
            # Fitted on another embedding model's features: still a ranking, but not calibrated.
            logger.warning("The learned models were fitted with %s, the index uses %s; run "
                           "bench/learn_ranking.py", answerable.info.get("model_id"), corpus.manifest.get("model_id"))
        return cls(corpus, encoder, settings, analyser, ranker, answerable, sentences)

    # --- pieces ------------------------------------------------------------------------------
    def passage(self, passage_id: str) -> Passage | None:
        i = self._by_id.get(passage_id)
        return None if i is None else self.passages[i]

    @stage("embed")
    def embed(self, text: str) -> np.ndarray:
        with self._cache_lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                return self._cache[text]
        vector = np.asarray(self.encoder.encode_queries([text])[0], dtype=np.float32)
        with self._cache_lock:
            self._cache[text] = vector
            while len(self._cache) > 256:
                self._cache.popitem(last=False)
        return vector

    def clear_caches(self) -> None:
        """Forget embedded questions and kept results (benchmarks time a cold question)."""
        with self._cache_lock:
            self._cache.clear()
            self._results.clear()

    def query_terms(self, query: Query) -> list[str]:
        text = query.text if query.english else query.bokmal
        return self.analyzer.terms(text, query=True, english=query.english)

    def _allowed(self, options: SearchOptions) -> np.ndarray:
        keep = np.ones(len(self.passages), dtype=bool)
        if options.thesis is not None:
            keep &= self._thesis == options.thesis
        if options.roles is not None:
            keep &= np.isin(self._role, list(options.roles))
        for pid in options.exclude_passages:
            i = self._by_id.get(pid)
            if i is not None:
                keep[i] = False
        return keep

    def _dense_passage_list(self, v: np.ndarray, keep: np.ndarray, depth: int) -> np.ndarray:
        k = depth if keep.all() else depth * 8
        k = min(k, self._dense_passages.ntotal)
        _, ids = self._dense_passages.search(v.reshape(1, -1), k)
        ids = ids[0][ids[0] >= 0]
        return ids[keep[ids]][:depth]

    def _dense_question_list(self, v: np.ndarray, keep: np.ndarray, depth: int) -> np.ndarray:
        if self._dense_questions is None or self._dense_questions.ntotal == 0:
            return np.zeros(0, dtype=np.int64)
        per_passage = max(1, len(self._question_passage) // max(len(self.passages), 1))
        k = min(self._dense_questions.ntotal, depth * (per_passage + 2) * (1 if keep.all() else 8))
        _, ids = self._dense_questions.search(v.reshape(1, -1), k)
        seen: dict[int, None] = {}
        for q in ids[0]:
            if q < 0:
                continue
            p = int(self._question_passage[q])
            if keep[p] and p not in seen:
                seen[p] = None
                if len(seen) == depth:
                    break
        return np.fromiter(seen, dtype=np.int64, count=len(seen))

    @staticmethod
    def _top(scores: np.ndarray, keep: np.ndarray, depth: int) -> np.ndarray:
        masked = np.where(keep & (scores > 0), scores, -np.inf)
        k = min(depth, int(np.isfinite(masked).sum()))
        if k == 0:
            return np.zeros(0, dtype=np.int64)
        part = np.argpartition(-masked, k - 1)[:k]
        return part[np.argsort(-masked[part], kind="stable")]

    # --- the first stage and the features -----------------------------------------------------
    def candidates(self, query: Query, options: SearchOptions = SearchOptions()) -> Candidates:
        s = self.settings
        keep = self._allowed(options)
        v = self.embed(self.analyzer.normalise_query(query.dense_text))
        terms = self.query_terms(query)
        bm25_p = self._bm25_passages.scores_for_terms(terms)
        bm25_q = self._bm25_questions.scores_for_terms(terms)
        lists = {
            "dense_passage": self._dense_passage_list(v, keep, s.retriever_depth),
            "dense_question": self._dense_question_list(v, keep, s.retriever_depth),
            "bm25_passage": self._top(bm25_p, keep, s.retriever_depth),
            "bm25_question": self._top(bm25_q, keep, s.retriever_depth),
        }
        fused: dict[int, float] = {}
        rank_of: dict[str, dict[int, int]] = {}
        for name, ids in lists.items():
            rank_of[name] = {int(i): r for r, i in enumerate(ids, start=1)}
            for r, i in enumerate(ids, start=1):
                fused[int(i)] = fused.get(int(i), 0.0) + 1.0 / (s.rrf_k + r)
        order = sorted(fused, key=lambda i: -fused[i])[:s.rerank_depth]
        idx = np.array(order, dtype=np.int64)
        missing = s.retriever_depth + 1
        ranks = RetrieverRanks(*(np.array([rank_of[name].get(int(i), missing) for i in idx], dtype=np.float64)
                                 for name in ("dense_passage", "dense_question", "bm25_passage", "bm25_question")))
        dense_p = self._P[idx] @ v if len(idx) else np.zeros(0)
        q_max, q_top2, s_max, sentence_scores = [], [], [], []
        for j, i in enumerate(idx):
            qs = self._questions_of[i]
            if len(qs):
                sims = np.sort(self._Q[qs] @ v)[::-1]
                q_max.append(float(sims[0]))
                q_top2.append(float(sims[:2].mean()))
            else:
                q_max.append(np.nan)
                q_top2.append(np.nan)
            sv = self._sentence_vectors[i]
            scores = sv @ v if len(sv) else np.zeros(0, dtype=np.float32)
            sentence_scores.append(scores)
            s_max.append(float(scores.max()) if len(scores) else float(dense_p[j]))
        q_max_a, q_top2_a = np.array(q_max), np.array(q_top2)
        # A passage without written questions (an appendix) is treated as the weakest candidate.
        floor = np.nanmin(q_max_a) if len(q_max_a) and not np.isnan(q_max_a).all() else 0.0
        q_max_a = np.where(np.isnan(q_max_a), floor, q_max_a)
        q_top2_a = np.where(np.isnan(q_top2_a), floor, q_top2_a)
        weights = {t: idf(self._df.get(t, 0), len(self.passages)) for t in terms}
        coverage = np.array([weighted_coverage(terms, self._terms_of[i], weights) for i in idx])
        max_p = float(bm25_p.max()) if len(bm25_p) else 0.0
        max_q = float(bm25_q.max()) if len(bm25_q) else 0.0
        features = rank_features(
            dense_passage=np.asarray(dense_p, dtype=np.float64), question_max=q_max_a, question_top2=q_top2_a,
            sentence_max=np.array(s_max), bm25_passage=bm25_p[idx] / max_p if max_p > 0 else np.zeros(len(idx)),
            bm25_question=bm25_q[idx] / max_q if max_q > 0 else np.zeros(len(idx)), ranks=ranks,
            coverage=coverage, roles=[self.passages[i].role for i in idx],
            theses=[self.passages[i].thesis for i in idx], words=self._words[idx], kind=query.kind,
            english=query.english, thesis_hint=query.thesis_hint,
        ) if len(idx) else np.zeros((0, len(RANK_FEATURES)))
        vocabulary = set(self._df)
        summary = {
            "best_dense_passage": float(dense_p.max()) if len(idx) else 0.0,
            "best_dense_question": float(q_max_a.max()) if len(idx) else 0.0,
            "best_dense_sentence": float(max(s_max)) if s_max else 0.0,
            "bm25_passage_max": max_p, "bm25_question_max": max_q, "n_terms": len(terms),
            "corpus_coverage": weighted_coverage(terms, vocabulary, weights),
            "unknown_terms": sum(t not in vocabulary for t in set(terms)),
        }
        return Candidates(query, idx, features, np.array([fused[int(i)] for i in idx]), sentence_scores, v, summary)

    def answerability_row(self, cand: Candidates, scores: np.ndarray) -> np.ndarray:
        """The answerability features of a question, given its candidates' second-stage scores."""
        top = cand.indices[int(np.argmax(scores))]
        terms = self.query_terms(cand.query)
        weights = {t: idf(self._df.get(t, 0), len(self.passages)) for t in terms}
        x = answerable_features(
            rank_scores=scores, best_dense_passage=cand.summary["best_dense_passage"],
            best_dense_question=cand.summary["best_dense_question"],
            best_dense_sentence=cand.summary["best_dense_sentence"],
            bm25_passage_max=cand.summary["bm25_passage_max"], bm25_question_max=cand.summary["bm25_question_max"],
            n_terms=int(cand.summary["n_terms"]), corpus_coverage=cand.summary["corpus_coverage"],
            top_coverage=weighted_coverage(terms, self._terms_of[top], weights),
            unknown_terms=int(cand.summary["unknown_terms"]), english=cand.query.english,
            uncovered_idfs=[weights[t] for t in set(terms) if t not in self._terms_of[top]],
            unknown_names=sum(w.casefold() not in self._vocabulary for w in names(cand.query.text)),
            quantity_without_number=asks_quantity(cand.query.text) and not any(
                _has_number(self.passages[i].text) for i in cand.indices[np.argsort(-scores)[:3]]),
            task_request=task_request(cand.query.text))
        return np.concatenate([x, np.asarray(cand.question_vector, dtype=np.float64)])

    def sentence_rows(self, i: int, v: np.ndarray, terms: list[str], weights: dict[str, float]) -> np.ndarray:
        """``SENTENCE_FEATURES`` for each quotable sentence of passage ``i``."""
        sentences = self._sentences[i]
        sv = self._sentence_vectors[i]
        if not sentences:
            return np.zeros((0, len(SENTENCE_FEATURES)))
        dense = (sv @ v).astype(np.float64)
        qs = self._questions_of[i]
        if len(qs):
            sims = self._sentence_question_sims.get(i)
            if sims is None:
                sims = sv @ self._Q[qs].T
                self._sentence_question_sims[i] = sims
            q = (self._Q[qs] @ v).astype(np.float64)
            # A soft choice of the written questions nearest the user's (e5 cosines differ in the
            # second decimal, hence the low temperature).
            w = np.exp((q - q.max()) / 0.02)
            via = sims @ (w / w.sum())
        else:
            via = dense
        lexical = []
        for sentence in sentences:
            st = self._sentence_terms.get(sentence)
            if st is None:
                st = set(self.analyzer.terms(sentence))
                self._sentence_terms[sentence] = st
            lexical.append(weighted_coverage(terms, st, weights) if terms else 0.0)
        return sentence_features(
            dense=dense, via_questions=np.asarray(via, dtype=np.float64), lexical=np.array(lexical),
            word_counts=np.array([len(s.split()) for s in sentences], dtype=np.float64),
            refers_back=np.array([refers_back(s) for s in sentences], dtype=np.float64),
            quote_mark=np.array([s.lstrip()[:1] in "«\"“" for s in sentences], dtype=np.float64))

    def score_sentences(self, hits: list[Hit], query: Query, v: np.ndarray) -> None:
        """Order each hit's sentences for quoting: the learned sentence model, else cosine."""
        if self.sentence_model is None:
            return
        terms = self.query_terms(query)
        weights = {t: idf(self._df.get(t, 0), len(self.passages)) for t in terms}
        for hit in hits:
            i = self._by_id[hit.passage.id]
            rows = self.sentence_rows(i, v, terms, weights)
            if len(rows):
                hit.sentence_scores = self.sentence_model.logits(rows)

    # --- the whole search ---------------------------------------------------------------------
    @stage("search")
    def search(self, text: str | Query, options: SearchOptions = SearchOptions()) -> SearchResult:
        """The result of ``text`` (a question or an analysed Query). One turn often searches the
        same question twice with the same options (routing asks whether the theses answer it, then
        the answer is composed), so the last few results are kept; results are never changed
        after they are made."""
        if not isinstance(text, str):
            return self._search(text, options)
        key = (text, options)
        with self._cache_lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = self._search(text, options)
        with self._cache_lock:
            self._results[key] = result
            while len(self._results) > 32:
                self._results.popitem(last=False)
        return result

    def _search(self, text: str | Query, options: SearchOptions) -> SearchResult:
        query = text if isinstance(text, Query) else self.analyser.analyse(text)
        if query.problem:
            return SearchResult(query, [], 0.0, False)
        cand = self.candidates(query, options)
        if not len(cand.indices):
            return SearchResult(query, [], 0.0, False)
        scores = self.ranker.logits(cand.features) if self.ranker else cand.fused * 100
        ranked = scores.copy()
        if options.prefer_roles:
            preferred = np.isin(self._role[cand.indices], list(options.prefer_roles))
            ranked = ranked + self.settings.prefer_role_bonus * preferred
        if options.prefer_thesis:
            ranked = ranked + self.settings.prefer_role_bonus * (self._thesis[cand.indices] == options.prefer_thesis)
        order = np.argsort(-ranked, kind="stable")
        hits = [Hit(self.passages[cand.indices[j]], float(ranked[j]), r, list(self._sentences[cand.indices[j]]),
                    cand.sentence_scores[j], dict(zip(RANK_FEATURES, cand.features[j].tolist())))
                for r, j in enumerate(order, start=1)]
        self.score_sentences(hits[:self.settings.quote_depth], query, cand.question_vector)
        floor = float(self.ranker.info.get("on_topic_floor", -np.inf)) if self.ranker is not None else -np.inf
        narrowed = options.thesis is not None or options.roles is not None or bool(options.exclude_passages)
        if narrowed and not options.on_topic:
            # Whether the theses answer the question is a property of the question and the whole
            # corpus (the model was fitted that way); the narrowing only chooses among the hits,
            # and the best of those must still score like an answering passage.
            whole = self.candidates(query)
            whole_scores = self.ranker.logits(whole.features) if self.ranker else whole.fused * 100
            x = self.answerability_row(whole, whole_scores)
        else:
            x = self.answerability_row(cand, scores)
        if self.answerable_model is not None:
            probability = float(self.answerable_model.probabilities(x)[0])
            in_scope = probability >= self.answerable_model.threshold
        else:
            probability, in_scope = 1.0, True
        if options.on_topic:
            in_scope = float(scores.max()) >= floor
        elif narrowed:
            in_scope = in_scope and float(scores.max()) >= floor
        return SearchResult(query, hits, probability, in_scope, dict(zip(ANSWERABLE_FEATURES, x.tolist())))
