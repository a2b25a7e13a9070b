"""Reading a readiness answer: bokmål, nynorsk, English, numbers, emoji, don't-know, nonsense."""
import pytest

from checklists.readiness_answers import (
    InvalidAnswer, answer_buttons, answer_label, parse_answer,
)


@pytest.mark.parametrize("text", [
    "ja", "Ja", "JA!", "ja.", "ja, absolutt", "Ja absolutt!", "i stor grad", "I stor grad.", "jepp",
    "absolutt", "stort sett", "  ja  ",
])
def test_bokmal_yes_is_2(text):
    assert parse_answer(text) == 2


@pytest.mark.parametrize("text", ["delvis", "Delvis.", "litt", "ja, delvis", "til en viss grad",
                                  "nei, ikke helt", "ja og nei", "sånn passe", "noe"])
def test_bokmal_partly_is_1(text):
    assert parse_answer(text) == 1


@pytest.mark.parametrize("text", ["nei", "Nei!", "nei, ikke ennå", "ikke i det hele tatt", "overhodet ikke",
                                  "ikke", "nei dessverre"])
def test_bokmal_no_is_0(text):
    assert parse_answer(text) == 0


@pytest.mark.parametrize("text, value", [
    ("ja", 2), ("jau", 2), ("sjølvsagt", 2), ("delvis", 1), ("ikkje heilt", 1), ("til ein viss grad", 1),
    ("nei", 0), ("ikkje", 0), ("ikkje i det heile teke", 0), ("ikkje enno", 0),
    ("veit ikkje", None), ("Veit ikkje.", None), ("ikkje sikker", None), ("kanskje?", None),
])
def test_nynorsk_answers(text, value):
    assert parse_answer(text) == value


@pytest.mark.parametrize("text, value", [
    ("yes", 2), ("Yes!", 2), ("yes, definitely", 2), ("mostly", 2), ("to a large extent", 2),
    ("partly", 1), ("somewhat", 1), ("a little", 1), ("yes and no", 1), ("not quite", 1),
    ("no", 0), ("No.", 0), ("not at all", 0), ("not yet", 0),
    ("don't know", None), ("I don’t know", None), ("not sure", None), ("no idea", None), ("maybe", None),
])
def test_english_answers(text, value):
    assert parse_answer(text) == value


@pytest.mark.parametrize("text, value", [("2", 2), ("1", 1), ("0", 0), (" 2. ", 2)])
def test_numbers_are_the_scale_itself(text, value):
    assert parse_answer(text) == value


@pytest.mark.parametrize("text", ["vet ikke", "Vet ikke.", "veit ikke", "usikker", "jeg vet ikke", "?", "??",
                                  "aner ikke", "kanskje", "nei, vet ikke"])
def test_dont_know_is_none(text):
    assert parse_answer(text) is None


@pytest.mark.parametrize("text, value", [("👍", 2), ("✅", 2), ("👎", 0), ("❌", 0), ("🤷", None), ("🤷‍♀️", None),
                                         ("👍👍", 2)])
def test_emoji_answers(text, value):
    assert parse_answer(text) == value


@pytest.mark.parametrize("text", [
    "banan", "", "   ", "!", "3", "hva betyr det?", "Hva mener du med styringsgruppe?",
    "ja men hva mener du egentlig med det?",
    "Vi har en styringsgruppe der både ordføreren og ungdommene sitter, og det fungerer bra",
    "det har vi ikke",
])
def test_nonsense_questions_and_long_texts_are_rejected(text):
    with pytest.raises(InvalidAnswer):
        parse_answer(text)


def test_invalid_answer_is_a_value_error():
    assert issubclass(InvalidAnswer, ValueError)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_button_payload_parses_to_its_own_value_in_order(lang):
    buttons = answer_buttons(lang)
    assert [parse_answer(payload) for _, payload in buttons] == [2, 1, 0, None]
    assert all(title and payload for title, payload in buttons)


def test_buttons_and_labels_follow_the_language_and_fall_back_to_bokmal():
    assert answer_buttons("nb")[0] == ("Ja", "ja")
    assert answer_buttons("en")[0] == ("Yes", "yes")
    assert answer_buttons("de") == answer_buttons("nb")
    assert answer_buttons(None) == answer_buttons("nb")
    assert answer_label(None, "nb") == "vet ikke" and answer_label(1, "en") == "partly"


def test_pause_words_are_not_answers():
    with pytest.raises(InvalidAnswer):
        parse_answer("stopp")
