"""The plain-text result: scores, the weakest areas with advice and citations, the disclaimer."""
import itertools
import re

import pytest

from checklists.readiness_report import MAX_CHARS, format_result
from checklists.readiness_scoring import score


@pytest.fixture
def weak_result(all_answers):
    all_answers.update(shared_understanding=0, venue=1, methods=None)
    return score(all_answers)


def test_bokmal_report_has_scores_advice_citations_and_disclaimer(readiness, weak_result):
    text = format_result(weak_result, "nb")
    for dim in readiness.dimensions:
        assert dim.name.nb in text
    item = readiness.item("shared_understanding")
    assert item.advice.nb in text
    assert "Kilde: Borge og Kaasa (2023), Å lede samskaping, 4.2.1.1.1 Felles forståelse av samskaping" in text
    assert "Kilde: Gundersen (2023), Samskaping i Lillehammer kommune, 5.1.1 " in text
    assert readiness.disclaimer.nb in text
    assert "svaret ditt: nei" in text and "svaret ditt: vet ikke" in text
    assert "Source:" not in text


def test_english_report_is_in_english(readiness, weak_result):
    text = format_result(weak_result, "en")
    assert readiness.item("venue").advice.en in text
    assert "Source: Borge and Kaasa (2023), Å lede samskaping, 4.2.2.2.1 Hensiktsmessige lokaler" in text
    assert readiness.disclaimer.en in text
    assert "Kilde:" not in text and readiness.disclaimer.nb not in text


def test_weakest_are_listed_in_order_and_yes_answers_are_not(readiness, weak_result):
    text = format_result(weak_result, "nb")
    positions = [text.index(readiness.item(i).label.nb + " (") for i in ("shared_understanding", "methods", "venue")]
    assert positions == sorted(positions)
    assert readiness.item("relationships").advice.nb not in text


def test_report_is_plain_text_without_markdown(weak_result):
    for lang in ("nb", "en"):
        text = format_result(weak_result, lang)
        assert not re.search(r"(^#|\*\*|__|\[.+\]\(|`)", text, flags=re.M)


def test_unknowns_and_unanswered_are_mentioned(all_answers):
    all_answers.update(venue=None, methods=None)
    del all_answers["citizen_channels"]
    text = format_result(score(all_answers), "nb")
    assert "«vet ikke» på 2 spørsmål" in text and "Ubesvarte spørsmål: 1 av 15" in text


def test_all_yes_and_nothing_answered_get_their_own_message(readiness):
    assert "«ja» på alle" in format_result(score({i.id: 2 for i in readiness.items}), "nb")
    assert "ikke svart på noen" in format_result(score({}), "nb")
    assert "not answered any" in format_result(score({}), "en")


def test_every_possible_report_stays_under_the_chat_limit(readiness):
    ids = [item.id for item in readiness.items]
    for trio in itertools.combinations(ids, 3):
        answers = {i: (0 if i in trio else 2) for i in ids}
        answers[trio[0]] = None
        answers.pop(ids[-1] if ids[-1] not in trio else ids[0], None)
        result = score(answers)
        for lang in ("nb", "en"):
            assert len(format_result(result, lang)) < MAX_CHARS
