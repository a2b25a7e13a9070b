"""What a question is before it is searched: language, bokmål form, thesis named, kind, problems."""
from __future__ import annotations

import time

import psutil
import pytest

from knowledge.nynorsk import NynorskTranslator
from knowledge.query import MAX_QUESTION_CHARS, QueryAnalyser, question_kind

ALIASES = {"000": ("Borge", "Kaasa", "USN"), "001": ("Gundersen", "Lillehammer", "Balanse 24")}


@pytest.fixture(scope="module")
def analyser() -> QueryAnalyser:
    return QueryAnalyser(ALIASES)


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


def test_languages_are_told_apart(analyser):
    assert analyser.analyse("How do I build trust in a co-creation group?").language == "en"
    assert analyser.analyse("Korleis kan eg som leiar byggje tillit hjå dei tilsette?").language == "nn"
    assert analyser.analyse("Hvordan kan jeg som leder bygge tillit hos de ansatte?").language == "nb"


def test_nynorsk_is_translated_to_bokmal_by_apertium_in_one_long_lived_process():
    translator = NynorskTranslator()
    assert translator.translate("Korleis kan eg som leiar byggje tillit hjå dei tilsette?") == \
        "Hvordan kan jeg som leder bygge tillit hos de ansatte?"
    first = translator._proc
    assert translator.translate("Kva seier oppgåva om innbyggjarane?") == "Hva sier oppgaven om innbyggerne?"
    assert translator._proc is first  # not a process per question
    translator.close()


def test_characters_apertium_reserves_do_not_break_the_translation():
    translator = NynorskTranslator()
    assert translator.translate("Kva er [x] $5 a\\b {y} <z> @w ^v / u?").split() == \
        ["Hva", "er", "x", "5", "a", "b", "y", "z", "w", "v", "u?"]
    assert translator.translate("Kva er samskaping?") == "Hva er samskaping?"  # the pipe still answers
    translator.close()


def test_a_dead_translator_process_is_restarted():
    translator = NynorskTranslator()
    translator.translate("Kva er samskaping?")
    dead = translator._proc.processes[3]  # one program in the middle of the pipe dies
    dead.kill()
    dead.wait()
    assert translator.translate("Kva er samskaping?") == "Hva er samskaping?"
    translator.close()



def test_an_unused_translator_gives_its_memory_back_and_starts_again_when_nynorsk_comes():
    translator = NynorskTranslator(idle_seconds=0.6)
    assert not translator.running  # nothing runs before the first nynorsk question
    translator.translate("Kva er samskaping?")
    pipeline = [psutil.Process(proc.pid) for proc in translator._proc.processes]
    assert sum(p.name() == "lt-proc" for p in pipeline) == 3
    time.sleep(0.4)
    translator.translate("Kva seier oppgåva?")  # a use moves the stop on
    time.sleep(0.4)
    assert translator.running
    deadline = time.monotonic() + 5
    while translator.running and time.monotonic() < deadline:
        time.sleep(0.05)
    # Every program of the pipe has ended and been reaped (no zombie holds a process slot).
    assert not translator.running and not any(psutil.pid_exists(p.pid) for p in pipeline)
    assert translator.translate("Kva er samskaping?") == "Hva er samskaping?"
    translator.close()

def test_nynorsk_and_bokmal_questions_get_the_same_lexical_terms(knowledge_base):
    nn = knowledge_base.analyser.analyse("Korleis kan leiarane gje dei tilsette tillit?")
    nb = knowledge_base.analyser.analyse("Hvordan kan lederne gi de ansatte tillit?")
    assert knowledge_base.searcher.query_terms(nn) == knowledge_base.searcher.query_terms(nb)
