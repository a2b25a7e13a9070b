"""Reading a planning answer: skip words, empty messages, thin answers."""
import pytest

from checklists.plan_answers import InvalidAnswer, is_thin, parse_step_answer
from checklists.readiness_answers import InvalidAnswer as ReadinessInvalidAnswer


@pytest.mark.parametrize("text", [
    "hopp over", "Hopp over.", "hopp", "HOPP OVER!", "skip", "Skip", "vet ikke", "veit ikkje", "Veit ikkje",
    "-", "–", "...", "pass", "neste", "I don't know", "n/a",
])
def test_skip_words_in_bokmal_nynorsk_and_english_skip_the_step(text):
    assert parse_step_answer(text) is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_answers_are_invalid(text):
    with pytest.raises(InvalidAnswer):
        parse_step_answer(text)


def test_plan_and_readiness_share_one_invalid_answer_error():
    assert InvalidAnswer is ReadinessInvalidAnswer


def test_an_answer_is_kept_as_typed_only_trimmed():
    text = "  Vi vil gi ungdommene reell innflytelse.\nOg spare penger.  "
    assert parse_step_answer(text) == "Vi vil gi ungdommene reell innflytelse.\nOg spare penger."
    assert parse_step_answer("Ingen") == "Ingen"  # a real answer to "who is not invited?", not a skip
    assert parse_step_answer("hopp over dette, vi har ikke bestemt oss ennå") is not None


def test_answers_under_four_words_are_thin():
    assert is_thin("Meg")
    assert is_thin("Kommunedirektøren og ordføreren")
    assert not is_thin("Kommunedirektøren, ordføreren og styringsgruppa")
    assert is_thin("- ? !")
    assert is_thin(None)
