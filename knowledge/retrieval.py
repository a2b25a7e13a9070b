"""Search over the two theses, and the process-wide knowledge base.

Retrieval is split into retrievers (each returns its own ranked candidates)
and a fusion step that turns them into one ranking. Today there is only the
dense retriever, so fusion passes its ranking through; a lexical retriever
(BM25) and a real fusion (e.g. reciprocal rank) can be added in
``KnowledgeBase._retrievers`` / ``fuse`` without touching callers.

Out of scope: e5 cosines are squeezed into ~0.70–0.92. On 20 on-topic
questions (bokmål, nynorsk, English) the best cosine outside the appendices
was 0.840–0.916; on 15 off-topic ones 0.750–0.854 ("Hva er været i Bergen i
morgen?" 0.803, "Hvem vant fotball-VM i 2018?" 0.803, "How do I bake bread?"
0.776). settings.out_of_scope_threshold (0.83) keeps every on-topic question
and rejects the obvious off-topic ones, but some everyday questions ("Hvordan
søker jeg om pass?" 0.854) still pass: dense scores alone cannot separate
them. A rough, hand-checked cut, not a calibrated probability; the lexical
retriever planned next should sharpen it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .index import CorpusIndex, corpus_sources, load_or_build
from .passages import Passage
from .settings import KnowledgeSettings, get_settings
from .sources import ThesisSource


@dataclass(frozen=True)
class SearchResult:
    passage: Passage
    score: float  # ranking score: fused retriever score + role adjustment
    rank: int  # 1-based
    scores: dict[str, float] = field(default_factory=dict)  # per retriever

    def to_dict(self) -> dict:
        p = self.passage
        return {"id": p.id, "text": p.text, "thesis": p.thesis, "section": p.section,
                "section_title": p.section_title, "role": p.role, "page": p.page,
                "score": round(float(self.score), 4)}


@dataclass(frozen=True)
class Retrieval:
    """One query's ranked results plus the scope decision."""
    query: str
    results: list[SearchResult]
    in_scope: bool
    best_dense_score: float


class Retriever(Protocol):
    name: str

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(passage index, score) pairs, best first."""


class DenseRetriever:
    name = "dense"

    def __init__(self, corpus: CorpusIndex, embed_query):
        self._index = corpus.vectors
        self._embed_query = embed_query

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        k = min(k, self._index.ntotal)
        scores, ids = self._index.search(self._embed_query(query)[None, :], k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def fuse(ranked: dict[str, list[tuple[int, float]]]) -> list[tuple[int, float, dict[str, float]]]:
    """Combine retrievers' rankings into one. With one retriever: unchanged."""
    if len(ranked) != 1:
        raise NotImplementedError("fusion of several retrievers is not implemented yet")
    (name, hits), = ranked.items()
    return [(i, s, {name: s}) for i, s in hits]


class KnowledgeBase:
    """Passages, index, embedding model and the metadata needed to cite them."""

    def __init__(self, settings: KnowledgeSettings | None = None, encoder=None,
                 corpus: CorpusIndex | None = None):
        self.settings = settings or get_settings()
        if encoder is None:
            from .embedding_model import E5Encoder

            encoder = E5Encoder(self.settings)
        self.encoder = encoder
        self.corpus = corpus or load_or_build(self.settings, encoder)
        self.passages = self.corpus.passages
        self._by_id = {p.id: i for i, p in enumerate(self.passages)}
        self.sources: dict[str, ThesisSource] = corpus_sources(self.settings)
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._dense = DenseRetriever(self.corpus, self.embed_query)
        self._retrievers: list[Retriever] = [self._dense]

    # --- embeddings -------------------------------------------------------------
    def embed_query(self, query: str) -> np.ndarray:
        # search() and answer() embed the same question; cache a few.
        with self._cache_lock:
            if query in self._query_cache:
                self._query_cache.move_to_end(query)
                return self._query_cache[query]
        vec = self.encoder.encode_queries([query])[0]
        with self._cache_lock:
            self._query_cache[query] = vec
            while len(self._query_cache) > 64:
                self._query_cache.popitem(last=False)
        return vec

    def embed_sentences(self, sentences: list[str]) -> np.ndarray:
        return self.encoder.encode_passages(sentences)

    # --- search -----------------------------------------------------------------
    def retrieve(self, query: str, top_k: int | None = None, thesis: str | None = None,
                 role: str | None = None) -> Retrieval:
        top_k = top_k or self.settings.top_k
        # The corpus is a few hundred passages: ranking all of them costs
        # microseconds and makes filters and the scope check exact.
        depth = len(self.passages)
        ranked = {r.name: r.search(query, depth) for r in self._retrievers}
        adjust = self.settings.role_score_adjustment
        candidates = []
        for idx, score, per in fuse(ranked):
            p = self.passages[idx]
            if (thesis is None or p.thesis == thesis) and (role is None or p.role == role):
                candidates.append((score + adjust.get(p.role, 0.0), idx, per))
        candidates.sort(key=lambda c: -c[0])
        results = [SearchResult(self.passages[idx], score, rank, per)
                   for rank, (score, idx, per) in enumerate(candidates[:top_k], start=1)]
        ignore = set(self.settings.scope_ignore_roles)
        best_dense = max((per.get(DenseRetriever.name, float("-inf")) for _, idx, per in candidates
                          if self.passages[idx].role not in ignore), default=float("-inf"))
        in_scope = best_dense >= self.settings.out_of_scope_threshold
        return Retrieval(query, results, in_scope, best_dense)

    def search(self, query: str, top_k: int = 5, thesis: str | None = None,
               role: str | None = None) -> list[SearchResult]:
        return self.retrieve(query, top_k, thesis, role).results

    def passage(self, passage_id: str) -> Passage | None:
        i = self._by_id.get(passage_id)
        return None if i is None else self.passages[i]

    def answer(self, question: str):
        from .answers import compose_answer

        return compose_answer(self, question)


_KB: KnowledgeBase | None = None
_KB_LOCK = threading.Lock()


def get_knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base, built on first use (thread-safe), so a
    server loads the model and the index once."""
    global _KB
    if _KB is None:
        with _KB_LOCK:
            if _KB is None:
                _KB = KnowledgeBase()
    return _KB
