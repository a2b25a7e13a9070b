"""The nynorsk → bokmål word table: made by Apertium from the theses' words (needs Apertium's
nno-nob pair, which `make test` installs), committed, and read by the server."""
from __future__ import annotations

import json

from knowledge.nynorsk_table import corpus_texts, make_table
from knowledge.settings import KnowledgeSettings


def test_the_committed_table_is_what_apertium_makes_from_the_corpus():
    settings = KnowledgeSettings()
    committed = json.loads(settings.nynorsk_words_file.read_text(encoding="utf-8"))
    made = make_table(corpus_texts(settings))
    assert committed["forms"] == made["forms"]
    assert committed["stems"] == made["stems"]


def test_the_nynorsk_forms_of_a_texts_words_map_back_to_its_bokmal():
    table = make_table(["Lederne i kommunen må gi de ansatte tillit og finne nye løsninger sammen."])
    assert table["forms"]["leiarane"] == "lederne"
    assert table["forms"]["tilsette"] == "ansatte"
    assert table["forms"]["løysingar"] == "løsninger"
    assert table["forms"]["saman"] == "sammen"
    # Words written alike in both are not in it, nor are words the text does not have.
    assert "tillit" not in table["forms"] and "korleis" not in table["forms"]
    # An inflection the table lacks is found by its stem: «løysinga», «løysingane».
    assert table["stems"]["løysing"] == "løsninger"


def test_a_nynorsk_form_the_theses_write_as_often_as_its_bokmal_is_a_bokmal_word():
    assert make_table(["lederne"])["forms"]["leiarane"] == "lederne"
    assert "leiarane" not in make_table(["lederne og leiarane"])["forms"]
