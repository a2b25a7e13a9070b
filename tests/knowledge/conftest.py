"""Fixtures for the knowledge package tests.

The embedding model is loaded once per session (``knowledge_base``); tests
that only need parsing or the index manifest use the real parser and a tiny
fake encoder so they stay fast.
"""
from __future__ import annotations

import hashlib
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

from knowledge.parsing import parse_thesis
from knowledge.settings import KnowledgeSettings, get_settings
from citations import load_corpus


class FakeEncoder:
    """Hashed bag of words: deterministic, instant, and lexically meaningful."""

    dim = 64

    def __init__(self, model_id: str = "fake-encoder-v1"):
        self.model_id = model_id
        self.passage_calls = 0
        self.embedded: list[str] = []  # every text passed to encode_passages

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def encode_queries(self, texts):
        return np.stack([self._vec(t) for t in texts])

    def encode_question_keys(self, texts, progress=None):
        return self.encode_passages(texts, progress)

    def encode_passages(self, texts, progress=None):
        self.passage_calls += 1
        self.embedded.extend(texts)
        out = np.stack([self._vec(t) for t in texts])
        if progress:
            progress(len(texts), len(texts))
        return out


# Layout as in the real files: a page-start heading (one leading space),
# double spacing, and a line of one space as paragraph separator.
TINY_TEXT = "\n".join([
    " 1 Innledning",
    "Samskaping er et samarbeid mellom kommunen og innbyggerne om felles oppgaver.",
    "",
    "Ledere må bygge tillit i gruppa og sette av tid til gode relasjoner.",
    " ",
    "2 Teori",
    "Teorien handler om styringsparadigmer som NPM og NPG i offentlig sektor.",
    "",
    "Tillitsbasert ledelse gir medarbeiderne spillerom og ansvar.",
    " ",
    "3 Vedlegg",
    "Kontakt prosjektleder på epost ola@example.no eller telefon 53 21 15 00.",
    "",
])

TINY_SOURCES = textwrap.dedent("""\
    theses:
      - id: "900"
        file: tiny.txt
        short_title: Liten test
        title: En liten testoppgave
        authors: [Test Testesen]
        authors_display: Testesen
        year: 2024
        paragraphs: blank_marker
        sections:
          - {key: "1", printed: "1", title: Innledning, role: introduction}
          - {key: "2", printed: "2", title: Teori, role: theory}
          - {key: "3", printed: "3", title: Vedlegg, role: appendix, exclude: true}
    """)


@pytest.fixture
def tiny_settings(tmp_path: Path) -> KnowledgeSettings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tiny.txt").write_text(TINY_TEXT, encoding="utf-8")
    (corpus / "sources.yml").write_text(TINY_SOURCES, encoding="utf-8")
    # Tiny sections: every paragraph (one sentence each) becomes a passage.
    # No learned models: those were fitted on the real corpus with the real encoder.
    return KnowledgeSettings(cache_dir=tmp_path / "cache", corpus_dir=corpus, weights_dir=tmp_path / "weights",
                             passage_min_words=1, passage_max_words=10, passage_drop_words=1)


@pytest.fixture(scope="session")
def real_settings() -> KnowledgeSettings:
    return get_settings()


@pytest.fixture(scope="session")
def sources(real_settings):
    return {s.id: s for s in load_corpus(real_settings.sources_path).theses.values()}


@pytest.fixture(scope="session")
def parsed(real_settings, sources):
    """Sections of both theses, by thesis id."""
    return {tid: parse_thesis(src, real_settings.corpus_dir) for tid, src in sources.items()}


@pytest.fixture(scope="session")
def knowledge_base(real_settings):
    """The real knowledge base: model loaded once; index in the real cache dir
    (built on the first run, reused afterwards)."""
    from knowledge.base import KnowledgeBase

    return KnowledgeBase(real_settings)


@pytest.fixture(autouse=True)
def _knowledge_logs_at_info(caplog):
    """The index reports why it builds through logging; tests read it from caplog."""
    import logging

    caplog.set_level(logging.INFO, logger="knowledge")
