"""Corpus metadata and citations: the theses' bibliography, section titles and roles, read from
``knowledge/corpus/sources.yml`` once, and the one formatter every channel cites with.

Standard library and PyYAML only; imported by ``knowledge/``, ``checklists/`` and ``bot/``, and
imports none of the project's packages.
"""
from citations.corpus import (
    ROLES, SOURCES_PATH, Artefact, CitedSection, Corpus, CorpusError, Section, Thesis, cited, load_corpus,
)
from citations.formatting import authors, citation_lang, cite, cite_thesis, role_label, source_label, year

__all__ = [
    "ROLES", "SOURCES_PATH", "Artefact", "CitedSection", "Corpus", "CorpusError", "Section", "Thesis", "authors",
    "citation_lang", "cite", "cite_thesis", "cited", "load_corpus", "role_label", "source_label", "year",
]
