"""Routing that never hijacks a question (actions/routing.py): the decision itself."""
from __future__ import annotations

import pytest

from actions.routing import question_shaped, route


@pytest.mark.parametrize("text", [
    "Har det noe å si hvor vi møtes?",
    "vi har ikke råd til å gi alle alt lenger.. sa noen i lillehammer noe om å prioritere?",
    "Would you say Lillehammer is run more like NPM or more like NPG?",
    "hvordan planlegger man et samskapingsmøte med ungdom",
])
def test_questions_are_recognised_by_their_shape(text):
    assert question_shaped(text)


@pytest.mark.parametrize("text", ["hei", "takk for hjelpa", "hjelp", "stopp", "slett dataene mine",
                                  "answer in English", "/start_readiness", "Planlegg å gi fra deg styringen"])
def test_commands_and_small_talk_are_not_question_shaped(text):
    assert not question_shaped(text)


def test_small_talk_that_is_a_question_the_theses_answer_is_answered():
    assert route("Har det noe å si hvor vi møtes?", "chitchat", 0.6, answerable=True) == "answer"
    assert route("Har du det bra i dag?", "chitchat", 0.6, answerable=False) == "intent"
    assert route("hei", "greet", 0.99, answerable=True) == "intent"


def test_a_question_that_might_start_a_check_asks_unless_the_request_is_clear():
    assert route("Er vi klare for samskaping?", "start_readiness", 0.93, answerable=True) == "intent"
    assert route("Hvilke krav stiller plan- og bygningsloven til medvirkning?", "start_plan", 0.45,
                 answerable=False) == "ask"
    assert route("Planlegg å gi fra deg styringen", "start_plan", 0.5, answerable=False) == "intent"
