"""The lexical side: the Norwegian analyser, BM25, and the English glossary."""
from __future__ import annotations

import numpy as np
import pytest

from knowledge.lexical import ENGLISH, Analyzer, BM25Index, glossary_terms, words

TEXTS = [
    "Samskapingsprosessen krever tid og ressurser fra ledelsen.",
    "Tillitsbasert ledelse gir medarbeiderne spillerom.",
    "Været i kommunen var fint, og møtet ble holdt ute.",
    "Balanse’ 24 er et økonomiprosjekt i Lillehammer kommune.",
]


@pytest.fixture(scope="module")
def bm25() -> BM25Index:
    return BM25Index(TEXTS)


def _top(index: BM25Index, query: str, english: bool = False) -> int:
    return int(np.argmax(index.scores(query, english=english)))


def test_compounds_are_split_into_known_corpus_words():
    analyzer = Analyzer.from_texts(["Samskaping bygger på tillit.", "Prosessen er basert på dialog."])
    assert analyzer.split_compound("samskapingsprosessen") == ("samskaping", "prosessen")  # linking -s-
    assert analyzer.split_compound("tillitsbasert") == ("tillit", "basert")
    assert analyzer.split_compound("innbyggerne") == ()  # no known halves


def test_a_compound_in_the_text_is_found_by_its_second_half(bm25):
    assert _top(bm25, "Hvordan leder jeg prosessen?") == 0


def test_one_edit_typos_of_corpus_words_are_corrected(bm25):
    assert bm25.analyzer.correct("tilitsbasert") == "tillitsbasert"
    assert bm25.analyzer.correct("samskapingsprossesen") == "samskapingsprosessen"
    assert _top(bm25, "hva er tilitsbasert ledelse") == 1
    assert bm25.analyzer.normalise_query("Hva er tilitsbasert ledelse?") == "Hva er tillitsbasert ledelse?"


def test_english_questions_keep_their_words_and_get_the_glossary_terms(bm25):
    terms = bm25.analyzer.terms("What does trust-based leadership give employees?", query=True, english=True)
    assert set(bm25.analyzer.terms("tillitsbasert ledelse")) <= set(terms)  # the glossary's words
    assert "trust" in terms  # for the passages' English questions
    assert _top(bm25, "What does trust-based leadership give employees?", english=True) == 1


def test_balanse_24_spellings_are_one_term(bm25):
    for spelling in ("Balanse 24", "balanse'24", "Balanse’ 24s", "BALANSE 24"):
        assert "balanse24" in words(spelling)
    assert _top(bm25, "Hva er balanse 24?") == 3


def test_questions_without_corpus_words_get_no_lexical_scores(bm25):
    assert not bm25.scores("Hvordan baker jeg brød?").any()


def test_document_frequency_counts_texts_not_occurrences():
    index = BM25Index(["tillit og tillit", "tillit", "tid"])
    term = index.analyzer.terms("tillit")[0]
    assert index.document_frequency(term) == 2


def test_every_glossary_translation_is_a_word_the_theses_use(real_settings, parsed):
    """The glossary is dictionary translations into the theses' own words; a Norwegian word they
    never use would only be a guess."""
    corpus_words = {w for sections in parsed.values() for s in sections for p in s.paragraphs for w in words(p)}
    unused = {en: nb for en, nb in ENGLISH.items() for w in nb.split() if w not in corpus_words}
    assert not unused


def test_hyphenated_english_terms_are_translated_whole_first():
    assert glossary_terms("co-creation")[:1] == ["samskaping"]
    assert glossary_terms("trust-based")[0] == "tillitsbasert"
