"""The Rasa validation actions, run as rasa-sdk runs them: a real Tracker, the project's domain."""
import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import userdata
from actions.guided_form import SKIPPED
from actions.handsoff_plan import ValidatePlanForm
from actions.readiness_check import UNKNOWN, ValidateReadinessForm
from actions.slot_mappings import ValidateSlotMappings

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
FIRST_ITEM = DOMAIN["forms"]["readiness_form"]["required_slots"][0]
FIRST_STEP = DOMAIN["forms"]["plan_form"]["required_slots"][0]


def tracker(text, intent="nlu_fallback", confidence=0.35, form=None, slot=None, slots=None):
    """The tracker rasa-sdk receives right after `text` filled `slot` (if any)."""
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}}]
    values = {"requested_slot": slot, "language": "nb", **(slots or {})}
    if slot:
        events.append({"event": "slot", "name": slot, "value": text})
        values[slot] = text
    return Tracker(
        sender_id="leader-1", slots=values, events=events, paused=False, followup_action=None,
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
        active_loop={"name": form} if form else {}, latest_action_name="action_listen",
    )


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return slots, events, dispatcher.messages


@pytest.mark.parametrize("text, stored", [("ja", "2"), ("Delvis.", "1"), ("nei", "0"), ("veit ikkje", UNKNOWN),
                                          ("yes", "2"), ("partly", "1"), ("0", "0")])
def test_readiness_answers_are_stored_as_scores(text, stored):
    slots, _, messages = run(ValidateReadinessForm(), tracker(text, form="readiness_form", slot=FIRST_ITEM))
    assert slots[FIRST_ITEM] == stored
    assert not messages


def test_nonsense_in_the_readiness_check_is_asked_again_with_a_hint():
    slots, _, messages = run(ValidateReadinessForm(), tracker("banan", form="readiness_form", slot=FIRST_ITEM))
    assert slots[FIRST_ITEM] is None
    assert messages[0]["response"] == "utter_readiness_reask"


def test_a_thumbs_up_during_the_readiness_check_is_stored_and_the_question_asked_again():
    t = tracker("/feedback_good", intent="feedback_good", confidence=1.0, form="readiness_form", slot=FIRST_ITEM,
                slots={"last_answer_passages": ["000:2.2.1:0"]})
    slots, _, messages = run(ValidateReadinessForm(), t)
    assert slots[FIRST_ITEM] is None
    assert messages[0]["response"] == "utter_feedback_good"
    assert userdata.delete_user_data("leader-1").feedback == 1


def test_a_plan_answer_is_kept_as_written():
    answer = "Ungdomsrådet og to idrettslag, vi møtes etter skoletid"
    slots, _, _ = run(ValidatePlanForm(), tracker(answer, intent="ask_question", confidence=0.9, form="plan_form", slot=FIRST_STEP))
    assert slots[FIRST_STEP] == answer


@pytest.mark.parametrize("text", ["hopp over", "skip", "veit ikkje"])
def test_a_skipped_plan_step_is_marked_skipped(text):
    slots, _, _ = run(ValidatePlanForm(), tracker(text, form="plan_form", slot=FIRST_STEP))
    assert slots[FIRST_STEP] == SKIPPED


def test_a_short_confident_command_in_the_plan_goes_back_to_the_rules():
    slots, events, _ = run(ValidatePlanForm(), tracker("stopp", intent="stop", confidence=0.96, form="plan_form", slot=FIRST_STEP))
    assert slots[FIRST_STEP] is None
    assert any(e["event"] == "action_execution_rejected" for e in events)


def test_a_long_answer_mistaken_for_a_command_is_still_the_answer():
    text = "Jeg trekker meg tilbake i idéfasen"
    slots, events, _ = run(ValidatePlanForm(), tracker(text, intent="resume", confidence=0.87, form="plan_form", slot=FIRST_STEP))
    assert slots[FIRST_STEP] == text
    assert not any(e["event"] == "action_execution_rejected" for e in events)


def language_after(text, intent="ask_question", **slots):
    t = tracker(text, intent=intent, confidence=0.9, slots=slots)
    found, _, _ = run(ValidateSlotMappings(), t)
    return found.get("language", t.get_slot("language")), found


def test_english_is_answered_in_english():
    assert language_after("How do I build trust in a co-creation group?")[0] == "en"


def test_nynorsk_is_answered_in_bokmal():
    assert language_after("Korleis byggjer eg tillit i gruppa?", language="en")[0] == "nb"


def test_a_short_reply_keeps_the_language():
    assert language_after("ok", language="en")[0] == "en"


# Codes lingua read as English while they were left in the message («kurs S5NQNA» → English).
@pytest.mark.parametrize("text", ["kurs S5NQNA", "kurs KUJZSM", "kurs MJCCZ5", "kurs 7nu-qug", "Kurs FWCHSA."])
def test_a_course_code_does_not_make_the_message_english(text):
    assert language_after(text, intent="join_cohort")[0] == "nb"


def test_norwegian_names_do_not_make_an_english_question_norwegian():
    question = "Which project method does Lillehammer kommune use to run the projects in Balanse 24?"
    assert language_after(question)[0] == "en"
    assert language_after("Hva sier Borge og Kaasa om New Public Governance?", language="en")[0] == "nb"


def test_an_english_message_with_a_code_or_an_acronym_is_still_english():
    assert language_after("join course S5NQNA", intent="join_cohort")[0] == "en"
    assert language_after("How does NAV take part in co-creation?")[0] == "en"


def test_an_explicit_language_choice_wins_and_sticks():
    language, found = language_after("svar på norsk", intent="switch_to_norwegian", language="en")
    assert language == "nb" and found["language_chosen"] is True
    assert language_after("What is co-creation?", language="nb", language_chosen=True)[0] == "nb"
