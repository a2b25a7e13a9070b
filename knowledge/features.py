"""The evidence the second stage and the answerability classifier weigh.

For each candidate passage of a question: how close the question is to the passage, to the
questions written for it and to its best sentence (dense cosines, also as the gap to the best
candidate), how the two BM25 indexes score it, where each first-stage retriever ranked it, its
role in the thesis (with the question's kind: a definition is looked for in theory, a method
question in the method chapter), whether the question names its thesis, and how much of the
question's wording it covers.

For the question as a whole: how good the best candidate is by each of these measures, how
much of the question's wording the theses contain at all — a near-domain question (what did it
cost, which app, what does the law require) shares the topic words with the theses but not the
words that make it a question about costs, apps or law — and the question's own embedding, so
the classifier can learn which directions of meaning the theses never answer (a linear probe;
on the dev set it raised the cross-validated share of near-domain questions refused from 0.56
to 0.84 at 5 % of answerable ones refused).

Only arithmetic lives here; the weights are learned (learned.py, bench/learn_ranking.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from citations import ROLES

ROLE_FEATURES = [f"role_{role}" for role in ROLES]
RANK_FEATURES = [
    "dense_passage", "dense_question_max", "dense_question_top2", "dense_sentence_max",
    "gap_dense_passage", "gap_dense_question", "gap_dense_sentence",
    "bm25_passage", "bm25_question",
    "log_rank_dense_passage", "log_rank_dense_question", "log_rank_bm25_passage", "log_rank_bm25_question",
    "coverage", "thesis_named", "log_words",
    *ROLE_FEATURES,
    "define_x_theory", "method_x_method", "method_x_conclusion", "english_x_abstract",
]
ANSWERABLE_FEATURES = [
    "best_rank_score", "rank_score_margin", "best_dense_passage", "best_dense_question",
    "best_dense_sentence", "bm25_passage_per_term", "bm25_question_per_term",
    "corpus_coverage", "top_coverage", "unknown_terms", "log_terms", "english",
    "uncovered_top_terms", "unknown_names", "quantity_without_number", "task_request",
]


def answerable_feature_names(dim: int) -> list[str]:
    """The answerability model's inputs: the question features, then its embedding."""
    return ANSWERABLE_FEATURES + [f"embedding_{i}" for i in range(dim)]


@dataclass
class RetrieverRanks:
    """Where each first-stage retriever put each candidate (1-based; depth + 1 when not listed)."""
    dense_passage: np.ndarray
    dense_question: np.ndarray
    bm25_passage: np.ndarray
    bm25_question: np.ndarray


def idf(df: int, n_docs: int) -> float:
    return math.log((n_docs + 1) / (df + 0.5))


def weighted_coverage(terms: list[str], present: set[str], weights: dict[str, float]) -> float:
    """idf-weighted share of ``terms`` found in ``present`` (1.0 for a question with no terms)."""
    total = sum(weights[t] for t in terms)
    if not total:
        return 1.0
    return sum(weights[t] for t in terms if t in present) / total


def rank_features(*, dense_passage: np.ndarray, question_max: np.ndarray, question_top2: np.ndarray,
                  sentence_max: np.ndarray, bm25_passage: np.ndarray, bm25_question: np.ndarray,
                  ranks: RetrieverRanks, coverage: np.ndarray, roles: list[str], theses: list[str],
                  words: np.ndarray, kind: str, english: bool, thesis_hint: str | None) -> np.ndarray:
    """One row of ``RANK_FEATURES`` per candidate (all inputs are per candidate)."""
    n = len(roles)
    role_of = np.array(roles)
    cols: dict[str, np.ndarray] = {
        "dense_passage": dense_passage,
        "dense_question_max": question_max,
        "dense_question_top2": question_top2,
        "dense_sentence_max": sentence_max,
        "gap_dense_passage": dense_passage - dense_passage.max(initial=0.0),
        "gap_dense_question": question_max - question_max.max(initial=0.0),
        "gap_dense_sentence": sentence_max - sentence_max.max(initial=0.0),
        "bm25_passage": bm25_passage,
        "bm25_question": bm25_question,
        "log_rank_dense_passage": np.log(ranks.dense_passage),
        "log_rank_dense_question": np.log(ranks.dense_question),
        "log_rank_bm25_passage": np.log(ranks.bm25_passage),
        "log_rank_bm25_question": np.log(ranks.bm25_question),
        "coverage": coverage,
        "thesis_named": np.array([0.0 if thesis_hint is None else (1.0 if t == thesis_hint else -1.0)
                                  for t in theses]),
        "log_words": np.log1p(words),
        "define_x_theory": (role_of == "theory") * float(kind == "define"),
        "method_x_method": (role_of == "method") * float(kind == "method"),
        "method_x_conclusion": (role_of == "conclusion") * float(kind == "method"),
        "english_x_abstract": (role_of == "abstract") * float(english),
    }
    for role, name in zip(ROLES, ROLE_FEATURES):
        cols[name] = (role_of == role).astype(np.float64)
    return np.column_stack([np.asarray(cols[name], dtype=np.float64).reshape(n) for name in RANK_FEATURES])


def answerable_features(*, rank_scores: np.ndarray, best_dense_passage: float, best_dense_question: float,
                        best_dense_sentence: float, bm25_passage_max: float, bm25_question_max: float,
                        n_terms: int, corpus_coverage: float, top_coverage: float, unknown_terms: int,
                        english: bool, uncovered_idfs: list[float], unknown_names: int,
                        quantity_without_number: bool, task_request: bool) -> np.ndarray:
    """One row of ``ANSWERABLE_FEATURES`` for a question."""
    ordered = np.sort(rank_scores)[::-1] if len(rank_scores) else np.zeros(2)
    best = float(ordered[0]) if len(ordered) else 0.0
    margin = best - float(ordered[1]) if len(ordered) > 1 else 0.0
    per_term = max(n_terms, 1)
    cols = {
        "best_rank_score": best, "rank_score_margin": margin,
        "best_dense_passage": best_dense_passage, "best_dense_question": best_dense_question,
        "best_dense_sentence": best_dense_sentence,
        "bm25_passage_per_term": bm25_passage_max / per_term,
        "bm25_question_per_term": bm25_question_max / per_term,
        "corpus_coverage": corpus_coverage, "top_coverage": top_coverage,
        "unknown_terms": float(unknown_terms), "log_terms": math.log1p(n_terms), "english": float(english),
        # The question's words the best passage and its questions lack: a near-domain question
        # («what did it cost», «which app») shares the topic but not the word that asks.
        "uncovered_top_terms": float(len(uncovered_idfs)),
        # Names (places, tools, laws) the theses never mention; an amount asked for where the best
        # passages give no number; a task (write, translate, make a template) rather than a question.
        "unknown_names": float(unknown_names),
        "quantity_without_number": float(quantity_without_number),
        "task_request": float(task_request),
    }
    return np.array([cols[name] for name in ANSWERABLE_FEATURES], dtype=np.float64)


SENTENCE_FEATURES = [
    "dense", "dense_gap", "via_questions", "via_questions_gap", "lexical", "lexical_gap",
    "position", "first", "log_words", "refers_back", "quote_mark",
]


def sentence_features(*, dense: np.ndarray, via_questions: np.ndarray, lexical: np.ndarray,
                      word_counts: np.ndarray, refers_back: np.ndarray, quote_mark: np.ndarray) -> np.ndarray:
    """One row of ``SENTENCE_FEATURES`` per sentence of one passage (inputs per sentence, in text
    order). ``via_questions`` is how close each sentence is to the passage's written questions
    that are closest to the user's question — the written questions were made for particular
    sentences, so they point at the one that answers."""
    n = len(dense)
    position = np.arange(n) / max(n - 1, 1)
    cols = {
        "dense": dense, "dense_gap": dense - dense.max(initial=0.0),
        "via_questions": via_questions, "via_questions_gap": via_questions - via_questions.max(initial=0.0),
        "lexical": lexical, "lexical_gap": lexical - lexical.max(initial=0.0),
        "position": position, "first": (np.arange(n) == 0).astype(np.float64),
        "log_words": np.log1p(word_counts), "refers_back": refers_back, "quote_mark": quote_mark,
    }
    return np.column_stack([np.asarray(cols[name], dtype=np.float64).reshape(n) for name in SENTENCE_FEATURES])
