"""The knowledge base a process loads once: model, index, searcher and the sources to cite."""
from __future__ import annotations

import logging
import threading

from .answers import Answer, AnswerOptions, compose_answer
from .index import CorpusIndex, corpus_sources, load_or_build
from .nynorsk import NynorskWords
from .passages import Passage
from .query import QueryAnalyser
from .search import Searcher, SearchOptions, SearchResult
from .settings import KnowledgeSettings, get_settings
from .timing import stage
from citations import Thesis

logger = logging.getLogger(__name__)


class KnowledgeBase:
    """Passages, index, embedding model, searcher and the metadata needed to cite them."""

    def __init__(self, settings: KnowledgeSettings | None = None, encoder=None,
                 corpus: CorpusIndex | None = None, analyser: QueryAnalyser | None = None):
        self.settings = settings or get_settings()
        from .encoder import corpus_encoder, limit_threads

        if encoder is None:
            encoder = corpus_encoder(self.settings)
            limit_threads(self.settings.torch_threads)
        self.encoder = encoder
        self.corpus = corpus or load_or_build(self.settings, encoder)
        self.sources: dict[str, Thesis] = corpus_sources(self.settings)
        self.analyser = analyser or QueryAnalyser(
            {tid: s.aliases for tid, s in self.sources.items()},
            NynorskWords.load(self.settings.nynorsk_words_file))
        self.searcher = Searcher.with_learned_models(self.corpus, encoder, self.settings, self.analyser)

    @property
    def passages(self) -> list[Passage]:
        return self.corpus.passages

    def passage(self, passage_id: str) -> Passage | None:
        return self.searcher.passage(passage_id)

    def search(self, question: str, options: SearchOptions | None = None) -> SearchResult:
        return self.searcher.search(question, options or SearchOptions(top_k=self.settings.top_k))

    @stage("compose")
    def answer(self, question: str, options: AnswerOptions | None = None) -> Answer:
        return compose_answer(self.searcher, self.sources, question, options or AnswerOptions(), self.settings)

    def warm_up(self) -> None:
        """Loads what a server's first question would otherwise wait for: the query model and the
        language models."""
        for question in WARM_UP_QUESTIONS:
            self.search(question)


WARM_UP_QUESTIONS = ("Hva betyr samskaping?",)


_KB: KnowledgeBase | None = None
_KB_LOCK = threading.Lock()


def get_knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base, built on first use (thread-safe), so a server loads the
    model and the index once."""
    global _KB
    if _KB is None:
        with _KB_LOCK:
            if _KB is None:
                _KB = KnowledgeBase()
    return _KB
