"""The readiness check «Er vi klare for samskaping?» as a Rasa form, and its result.

What the check asks, how answers are read and scored and how the result reads are in
``checklists/`` (``readiness.yml``, ``readiness_answers.py``, ``readiness_scoring.py``,
``readiness_report.py``); the form's machinery is ``actions/guided_form.py``.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import userdata
from actions.guided_form import AskStep, FinishCheck, GuidedCheck, ShowLatest, StartCheck, ValidateGuidedForm
from actions.readiness_chart import render_chart
from checklists.readiness import load_readiness
from checklists.readiness_answers import answer_buttons, parse_answer
from checklists.readiness_report import format_result
from checklists.readiness_scoring import ReadinessResult, score
from userdata.links import readiness_chart_url

CONTENT = load_readiness()
# Slots hold text; "don't know" is an answer too, so it cannot be None (None means not asked).
UNKNOWN = "unknown"


def to_slot_value(value: int | None) -> str:
    return UNKNOWN if value is None else str(value)


def from_slot_value(value: str) -> int | None:
    return None if value == UNKNOWN else int(value)


def question(index: int, lang: str) -> tuple[str, list[dict[str, str]]]:
    buttons = [{"title": title, "payload": payload} for title, payload in answer_buttons(lang)]
    return f"({index + 1}/{len(CONTENT.items)}) {CONTENT.items[index].question[lang]}", buttons


def send_result(dispatcher: CollectingDispatcher, result: ReadinessResult, result_id: str, lang: str) -> None:
    dispatcher.utter_message(text=format_result(result, lang), image=readiness_chart_url(result_id))


def finish(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str, values: dict[str, Any]) -> None:
    result = score({item.id: from_slot_value(values[item.slot]) for item in CONTENT.items if item.slot in values})
    result_id = userdata.save_readiness(tracker.sender_id, result.to_dict(), render_chart(result, lang), lang)
    send_result(dispatcher, result, result_id, lang)


def show_latest(dispatcher: CollectingDispatcher, sender: str, lang: str) -> bool:
    stored = userdata.latest_readiness(sender)
    if stored is None:
        return False
    send_result(dispatcher, ReadinessResult.from_dict(stored.result), stored.id, lang)
    return True


READINESS = GuidedCheck(
    form="readiness_form",
    slots=CONTENT.slots,
    intro=CONTENT.intro,
    question=question,
    parse=lambda text: to_slot_value(parse_answer(text)),
    accepted=frozenset({"0", "1", "2", UNKNOWN}),
    reask_response="utter_readiness_reask",
    finish=finish,
    show_latest=show_latest,
    nothing_stored_response="utter_no_result_yet",
)


class ValidateReadinessForm(ValidateGuidedForm):
    check = READINESS

    def name(self) -> str:
        return "validate_readiness_form"


class ActionStartReadiness(StartCheck):
    check = READINESS

    def name(self) -> str:
        return "action_start_readiness"


class ActionReadinessResult(FinishCheck):
    check = READINESS

    def name(self) -> str:
        return "action_readiness_result"


class ActionShowResult(ShowLatest):
    check = READINESS

    def name(self) -> str:
        return "action_show_result"


# One class per item of checklists/readiness.yml, named as domain.yml names the action, so a grep for
# the action finds it (tests/actions/test_guided_form.py checks the three lists agree).
class AskReadinessItem(AskStep):
    check = READINESS


class AskRcSharedUnderstanding(AskReadinessItem):
    action = "action_ask_rc_shared_understanding"


class AskRcSharedPurpose(AskReadinessItem):
    action = "action_ask_rc_shared_purpose"


class AskRcCompetenceAccess(AskReadinessItem):
    action = "action_ask_rc_competence_access"


class AskRcRoomForAction(AskReadinessItem):
    action = "action_ask_rc_room_for_action"


class AskRcTimeAndPeople(AskReadinessItem):
    action = "action_ask_rc_time_and_people"


class AskRcDecisionAnchoring(AskReadinessItem):
    action = "action_ask_rc_decision_anchoring"


class AskRcRelationships(AskReadinessItem):
    action = "action_ask_rc_relationships"


class AskRcConsciousLanguage(AskReadinessItem):
    action = "action_ask_rc_conscious_language"


class AskRcVenue(AskReadinessItem):
    action = "action_ask_rc_venue"


class AskRcMethods(AskReadinessItem):
    action = "action_ask_rc_methods"


class AskRcDialogueLeadership(AskReadinessItem):
    action = "action_ask_rc_dialogue_leadership"


class AskRcStrategicAnchoring(AskReadinessItem):
    action = "action_ask_rc_strategic_anchoring"


class AskRcTrustBasedLeadership(AskReadinessItem):
    action = "action_ask_rc_trust_based_leadership"


class AskRcStaffCapacity(AskReadinessItem):
    action = "action_ask_rc_staff_capacity"


class AskRcCitizenChannels(AskReadinessItem):
    action = "action_ask_rc_citizen_channels"
