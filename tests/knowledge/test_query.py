"""What a question is before it is searched: language, bokmål form, thesis named, kind, problems."""
from __future__ import annotations

import pytest

from knowledge.nynorsk import NynorskWords
from knowledge.query import MAX_QUESTION_CHARS, QueryAnalyser, question_kind
from knowledge.settings import KnowledgeSettings

ALIASES = {"000": ("Borge", "Kaasa", "USN"), "001": ("Gundersen", "Lillehammer", "Balanse 24")}


@pytest.fixture(scope="module")
def nynorsk() -> NynorskWords:
    return NynorskWords.load(KnowledgeSettings().nynorsk_words_file)


@pytest.fixture(scope="module")
def analyser(nynorsk) -> QueryAnalyser:
    return QueryAnalyser(ALIASES, nynorsk)


@pytest.mark.parametrize("question, kind", [
    ("Hva er samskaping?", "define"),
    ("Kva betyr metastyring?", "define"),
    ("What is New Public Governance?", "define"),
    ("Hva menes med hands-off-ledelse?", "define"),
    ("Hvor mange informanter ble intervjuet?", "method"),
    ("Which research design did they use?", "method"),
    ("Har du et eksempel på samskaping med ungdom?", "example"),
    ("Hva betyr dette i praksis for meg?", "practice"),
    ("Hvorfor er tillit så viktig?", "why"),
    ("Hvordan bygger jeg tillit i gruppa?", "general"),
])
def test_the_kind_of_answer_is_read_from_how_the_question_is_asked(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize("raw, problem", [
    ("", "empty"),
    ("   \n\t ", "empty"),
    ("🙂🙂👍", "no_words"),
    ("?!?", "no_words"),
    ("samskaping " * 400, "too_long"),
    ("4.2.1.2", "section_number"),
    ("kapittel 5", "section_number"),
    ("Wie baut man Vertrauen in einer Arbeitsgruppe mit Bürgern auf?", "language"),
    ("Hur bygger man förtroende i en grupp med invånare och kommunen?", "language"),
])
def test_questions_that_cannot_be_searched_say_why(analyser, raw, problem):
    assert analyser.analyse(raw).problem == problem


def test_a_question_just_under_the_length_limit_is_searched(analyser):
    question = ("Hvordan bygger jeg tillit? " * 100)[:MAX_QUESTION_CHARS]
    assert analyser.analyse(question).problem is None


def test_a_section_number_keeps_the_number(analyser):
    assert analyser.analyse("4.2.1.2").section_number == "4.2.1.2"


@pytest.mark.parametrize("question, thesis", [
    ("Hva sier Borge og Kaasa om tillit?", "000"),
    ("Hva fant USN-studien om lokaler?", "000"),
    ("sa noen i lillehammer noe om å prioritere?", "001"),
    ("What did the Lillehammer study find about trust?", "001"),
    ("Hvordan var Balanse'24 organisert?", "001"),
    ("Hva sier Borge og Kaasa og Gundersen om tillit?", None),  # both named: no one thesis
    ("Hvordan bygger jeg tillit?", None),
])
def test_a_question_that_names_one_thesis_is_marked_with_it(analyser, question, thesis):
    assert analyser.thesis_hint(question) == thesis


def test_names_do_not_decide_the_language(analyser):
    assert analyser.analyse("What does Hjørnet in Rjukan actually offer young people?").language == "en"
    assert analyser.analyse("Hva gjorde Lillehammer kommune i Balanse 24?").language in ("nb", "nn")


def test_languages_are_told_apart(analyser):
    assert analyser.analyse("How do I build trust in a co-creation group?").language == "en"
    assert analyser.analyse("Korleis kan eg som leiar byggje tillit hjå dei tilsette?").language == "nn"
    assert analyser.analyse("Hvordan kan jeg som leder bygge tillit hos de ansatte?").language == "nb"


def test_nynorsk_words_become_the_bokmal_words_the_theses_use(nynorsk):
    assert nynorsk.translate("Korleis kan eg som leiar byggje tillit hjå dei tilsette?").split() == \
        "Hvordan kan jeg som leder bygge tillit hjå de ansatte?".split()  # «hjå» is no word of the theses
    assert nynorsk.translate("Kva seier oppgåva om innbyggjarane?") == "Hva sier oppgaven om innbyggerne?"


def test_a_bokmal_question_is_left_as_it_is(nynorsk):
    question = "Hvordan kan lederne gi de ansatte tillit og finne løsninger sammen med innbyggerne?"
    assert nynorsk.translate(question) == question


def test_an_inflection_the_table_does_not_hold_goes_by_its_stem(nynorsk):
    assert "arbeidsoppgåvane" not in nynorsk.forms
    assert nynorsk.translate("Arbeidsoppgåvane til leiarane") == "Arbeidsoppgavene til lederne"


def test_the_analysed_question_carries_its_bokmal_form(analyser):
    query = analyser.analyse("Korleis kan leiarane byggje tillit?")
    assert query.language == "nn" and query.bokmal == "Hvordan kan lederne bygge tillit?"
    english = analyser.analyse("How do leaders build trust?")
    assert english.bokmal == english.text  # English is searched with its own words and the glossary


def test_nynorsk_and_bokmal_questions_get_the_same_lexical_terms(knowledge_base):
    nn = knowledge_base.analyser.analyse("Korleis kan leiarane byggje tillit hjå dei tilsette?")
    nb = knowledge_base.analyser.analyse("Hvordan kan lederne bygge tillit hos de ansatte?")
    assert knowledge_base.searcher.query_terms(nn) == knowledge_base.searcher.query_terms(nb)
