"""Composed answers: verbatim quotes that answer, the right kinds of text, honest refusals, and
clear replies to input that cannot be searched."""
from __future__ import annotations

import json

import numpy as np
import pytest

from knowledge import AnswerOptions, format_answer
from knowledge.answers import Citation, choose_quotes, refers_back
from knowledge.passages import split_sentences
from knowledge.presentation import citation_payload, source_line


def _all_quotes(answer) -> list[str]:
    return [q for c in answer.citations for q in c.quotes]


def test_answers_quote_only_verbatim_sentences_of_the_cited_passage(knowledge_base):
    for question in ("Hva betyr samskaping?", "Hvordan kan ledere skape rom for samskaping?",
                     "Hva sier oppgavene om lokaler?"):
        answer = knowledge_base.answer(question)
        assert answer.in_scope and 1 <= len(_all_quotes(answer)) <= 3
        for c in answer.citations:
            assert all(q in split_sentences(c.passage_text) for q in c.quotes)
        json.dumps(answer.to_dict())


def test_a_quote_that_refers_back_comes_with_the_sentence_before_it():
    sentences = ["Ledere må sette av tid til relasjoner.", "Dette gir tillit i gruppa over tid.",
                 "Været var fint."]
    assert refers_back(sentences[1]) and not refers_back(sentences[0])
    assert choose_quotes(sentences, np.array([0.1, 0.9, 0.2]), 2, frozenset()) == sentences[:2]
    # With room for one sentence only, a self-contained one is quoted instead.
    assert choose_quotes(sentences, np.array([0.1, 0.9, 0.2]), 1, frozenset()) == [sentences[2]]


def test_quotes_already_shown_are_not_quoted_again(knowledge_base):
    first = knowledge_base.answer("Hvordan bygger jeg tillit i en samskapingsgruppe?")
    more = knowledge_base.answer("Hvordan bygger jeg tillit i en samskapingsgruppe?",
                                 AnswerOptions(exclude_sentences=frozenset(_all_quotes(first))))
    assert more.in_scope and not set(_all_quotes(more)) & set(_all_quotes(first))


def test_method_text_is_quoted_only_for_questions_about_the_study(knowledge_base):
    practical = knowledge_base.answer("Hvordan bør jeg lede et samskapingsmøte med innbyggere?")
    assert {c.role for c in practical.citations}.isdisjoint({"method", "appendix"})
    about_study = knowledge_base.answer("Hvor mange informanter intervjuet Borge og Kaasa?")
    assert about_study.in_scope and about_study.citations[0].thesis == "000"


def test_one_thesis_only_when_asked(knowledge_base):
    answer = knowledge_base.answer("Hvordan bygger jeg tillit?", AnswerOptions(thesis="001"))
    assert answer.in_scope and {c.thesis for c in answer.citations} == {"001"}


def test_english_replies_say_the_quotes_are_norwegian_and_cite_in_english(knowledge_base):
    answer = knowledge_base.answer("How can a leader build trust in a co-creation group?")
    text = format_answer(answer, "en")
    assert text.startswith("The theses are written in Norwegian")
    assert answer.citations[0].role != "abstract"
    assert "Borge and Kaasa (2023)" in text or "Gundersen (2023)" in text
    assert "Borge og Kaasa" not in text and "u.å." not in text


def test_each_quote_is_labelled_with_what_kind_of_text_it_is(knowledge_base):
    text = format_answer(knowledge_base.answer("Hvordan bygger jeg tillit i en samskapingsgruppe?"), "nb")
    assert any(label in text for label in ("Funn fra intervjuene:", "Drøfting:", "Konklusjon og anbefaling:", "Teori:"))


def test_a_citation_is_formatted_once_for_every_channel():
    c = Citation(thesis="000", short_title="Å lede samskaping", authors=["Inger Elisabeth Borge", "Marion Kaasa"],
                 year=2023, section="4.2", section_title="Våre hovedfunn", role="finding", passage_id="000:4.2:1",
                 passage_text="x", quotes=["x"], score=1.0)
    assert source_line(c, "nb") == "Borge og Kaasa (2023), Å lede samskaping, 4.2 Våre hovedfunn"
    assert source_line(c, "en") == "Borge and Kaasa (2023), Å lede samskaping, 4.2 Våre hovedfunn"
    payload = citation_payload(c, "en")
    assert payload["authors"] == "Borge and Kaasa" and payload["label"] == "Finding from the interviews"


def test_an_out_of_scope_answer_is_honest_and_suggests_topics_never_as_an_answer(knowledge_base):
    answer = knowledge_base.answer("Hvor mye kostet det å leie møtelokaler i Lillehammer i 2022?")
    assert not answer.in_scope and answer.citations == []
    text = format_answer(answer, "nb")
    assert text.startswith("Det finner jeg ikke noe om")
    assert "«" not in text  # nothing quoted


@pytest.mark.parametrize("raw, status, phrase", [
    ("", "empty", "Skriv et spørsmål"),
    ("   ", "empty", "Skriv et spørsmål"),
    ("🙂🙂", "no_words", "ingen ord"),
    ("tillit " * 700, "too_long", "for langt"),
    ("Wie baut man Vertrauen in einer Arbeitsgruppe mit Bürgern auf?", "language", "bokmål, nynorsk og engelsk"),
    ("4.2.1.2", "section_number", "Rom for å arbeide med samskaping"),
])
def test_input_that_cannot_be_searched_gets_a_clear_reply_and_no_passage(knowledge_base, raw, status, phrase):
    answer = knowledge_base.answer(raw)
    assert answer.status == status and answer.citations == []
    assert phrase in format_answer(answer, "nb")
