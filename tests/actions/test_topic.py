"""Follow-ups resolved against the topic of the conversation (actions/topic.py)."""
from __future__ import annotations

import pytest

from actions.topic import PREFERRED_ROLES, Topic, define_term, elliptical_aspect, other_thesis, resolve
from knowledge import Answer, Citation


def _answer(thesis="000", quotes=("En setning som ble vist.",), pid="000:4.2:1", section="4.2"):
    return Answer(question="q", status="answered", citations=[Citation(
        thesis=thesis, short_title="t", authors=["A B"], year=2023, section=section, section_title="s",
        role="finding", passage_id=pid, passage_text=" ".join(quotes), quotes=list(quotes), score=1.0)])


TOPIC = Topic(question="Hvordan bygger jeg tillit i gruppa?", thesis="000", thesis_filter=None,
              quotes=["Allerede vist."], passages=["000:4.2:1"], sections=["000 4.2"])


def test_more_searches_the_same_question_without_what_was_shown():
    r = resolve("more", "si mer om det", TOPIC, None, english=False)
    assert r.question == TOPIC.question and r.options.exclude_sentences == frozenset({"Allerede vist."})


def test_other_thesis_searches_the_other_one_or_the_one_named():
    assert resolve("other_thesis", "hva sier den andre oppgaven?", TOPIC, None, False).options.thesis == "001"
    topic_001 = Topic(**{**TOPIC.__dict__, "thesis": "001"})
    assert resolve("other_thesis", "og den andre?", topic_001, None, False).options.thesis == "000"
    assert resolve("other_thesis", "sier Gundersen noe om det?", TOPIC, "001", False).options.thesis == "001"
    # Naming the thesis being discussed asks for it; «the other one» still means the other.
    assert resolve("other_thesis", "and the Lillehammer study, who did Gundersen talk to?", topic_001, "001",
                   True).options.thesis == "001"
    assert resolve("other_thesis", "hva sier den andre, ikke Gundersen?", topic_001, "001",
                   False).options.thesis == "000"
    assert other_thesis(None) is None


@pytest.mark.parametrize("kind", ["example", "practice", "why"])
def test_example_practice_and_why_prefer_their_kinds_of_text(kind):
    r = resolve(kind, "…", TOPIC, None, english=False)
    assert r.options.prefer_roles == PREFERRED_ROLES[kind] and TOPIC.question in r.question


@pytest.mark.parametrize("message, term", [
    ("hva mener du med eierskap her?", "eierskap"),
    ("kva er eigentleg NPM for noko?", "NPM"),
    ("what do you mean by decoupling?", "decoupling"),
    ("Hva menes med hands-off her?", "hands-off"),
    ("hva mener du med det?", None),
    ("si mer", None),
])
def test_the_term_of_a_define_follow_up_comes_from_the_message(message, term):
    assert define_term(message) == term


def test_define_without_a_term_uses_the_topic_and_theory_first():
    r = resolve("define", "hva mener du med det?", TOPIC, None, english=False)
    assert r.question == TOPIC.question and r.options.prefer_roles == ("theory",)
    named = resolve("define", "hva mener du med handlingsrom?", TOPIC, None, english=False)
    assert named.question == "Hva betyr handlingsrom?"


@pytest.mark.parametrize("message, aspect", [
    ("og metodene da?", "metodene"),
    ("og språket då?", "språket"),
    ("what about the politicians?", "the politicians"),
    ("enn de ansatte?", "de ansatte"),
])
def test_an_elliptical_follow_up_adds_its_aspect_to_the_topic(message, aspect):
    assert elliptical_aspect(message) == aspect
    r = resolve("elliptical", message, TOPIC, None, english=False)
    assert r.question.startswith(aspect) and TOPIC.question in r.question and r.topic_question == r.question


def test_a_follow_up_without_a_topic_has_nothing_to_refer_to():
    for kind in ("more", "other_thesis", "example", "practice", "why", "elliptical"):
        assert resolve(kind, "si mer", Topic(), None, english=False) is None
    assert resolve("define", "hva mener du med det?", Topic(), None, english=False) is None
    assert resolve("define", "hva betyr NPG?", Topic(), None, english=False) is not None


def test_the_topic_accumulates_what_was_shown_and_a_new_question_starts_over():
    first = Topic().after(_answer(), "Hvordan bygger jeg tillit?", None, new_topic=True)
    assert first.question == "Hvordan bygger jeg tillit?" and first.thesis == "000"
    more = first.after(_answer(quotes=("En annen setning.",), pid="000:4.2:2"), first.question, None, new_topic=False)
    assert more.quotes == ["En setning som ble vist.", "En annen setning."]
    assert more.passages == ["000:4.2:1", "000:4.2:2"]
    fresh = more.after(_answer(thesis="001", pid="001:4.3:1", section="4.3"), "Ny?", None, new_topic=True)
    assert fresh.quotes == ["En setning som ble vist."] and fresh.thesis == "001" and fresh.sections == ["001 4.3"]


def test_topic_slots_round_trip_through_a_tracker():
    class FakeTracker:
        def __init__(self, slots):
            self.slots = slots

        def get_slot(self, name):
            return self.slots.get(name)

    assert Topic.from_tracker(FakeTracker(TOPIC.slots())) == TOPIC
