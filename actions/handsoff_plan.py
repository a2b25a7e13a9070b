"""The hands-off planning checklist «Planlegg å gi fra deg styringen» as a Rasa form, and its plan.

What the checklist asks, how answers are read and the plan document are in ``checklists/``
(``plan.yml``, ``plan_answers.py``, ``plan_document.py``); the form's machinery is
``actions/guided_form.py``.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import userdata
from actions.feedback import BUTTON_PAYLOADS
from actions.guided_form import (
    SKIPPED, AskStep, FinishCheck, GuidedCheck, ShowLatest, StartCheck, ValidateGuidedForm,
)
from checklists.plan import load_plan
from checklists.plan_answers import parse_step_answer
from checklists.plan_document import plan_filename, plan_summary, render_plan
from checklists.readiness_answers import InvalidAnswer
from userdata.links import plan_document_url

CONTENT = load_plan()
SKIP_BUTTON = {"nb": {"title": "Hopp over", "payload": "hopp over"}, "en": {"title": "Skip", "payload": "skip"}}


def question(index: int, lang: str) -> tuple[str, list[dict[str, str]]]:
    step = CONTENT.steps[index]
    counter = f"{CONTENT.phase(step.phase).title[lang]} – {index + 1}/{len(CONTENT.steps)}"
    return f"{counter}\n{step.question[lang]}", [SKIP_BUTTON[lang]]


def parse(text: str) -> str:
    # A question here is a question, not the plan's answer («Hva betyr forankring?»); a rating
    # button is a rating.
    if text.strip().endswith("?") or text in BUTTON_PAYLOADS:
        raise InvalidAnswer(text)
    parsed = parse_step_answer(text)
    return SKIPPED if parsed is None else parsed


def send_plan(dispatcher: CollectingDispatcher, answers: dict, plan_id: str, created: datetime, lang: str) -> None:
    filename = plan_filename(created, lang)
    dispatcher.utter_message(
        text=plan_summary(answers, lang),
        json_message={"document": {"url": plan_document_url(plan_id), "filename": filename, "media_type": "text/markdown"}},
    )


def finish(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str, values: dict[str, Any]) -> None:
    answers = {step.id: None if values.get(step.slot) in (None, SKIPPED) else values[step.slot]
               for step in CONTENT.steps}
    created = datetime.now(timezone.utc)
    plan_id = userdata.save_plan(tracker.sender_id, answers, render_plan(answers, lang, created), lang)
    send_plan(dispatcher, answers, plan_id, created, lang)


def show_latest(dispatcher: CollectingDispatcher, sender: str, lang: str) -> bool:
    stored = userdata.latest_plan(sender)
    if stored is None:
        return False
    send_plan(dispatcher, stored.answers, stored.id, stored.created, lang)
    return True


PLAN = GuidedCheck(
    form="plan_form",
    slots=CONTENT.slots,
    intro=CONTENT.intro,
    question=question,
    parse=parse,
    accepted=frozenset({SKIPPED}),
    reask_response="utter_plan_reask",
    finish=finish,
    show_latest=show_latest,
    nothing_stored_response="utter_no_plan_yet",
    # The plan takes free text, so «stopp» would otherwise be kept as the answer.
    gives_back_commands=True,
)


class ValidatePlanForm(ValidateGuidedForm):
    check = PLAN

    def name(self) -> str:
        return "validate_plan_form"


class ActionStartPlan(StartCheck):
    check = PLAN

    def name(self) -> str:
        return "action_start_plan"


class ActionPlanResult(FinishCheck):
    check = PLAN

    def name(self) -> str:
        return "action_plan_result"


class ActionShowPlan(ShowLatest):
    check = PLAN

    def name(self) -> str:
        return "action_show_plan"


# One class per step of checklists/plan.yml, named as domain.yml names the action, so a grep for
# the action finds it (tests/actions/test_guided_form.py checks the three lists agree).
class AskPlanStep(AskStep):
    check = PLAN


class AskHpWhyCocreate(AskPlanStep):
    action = "action_ask_hp_why_cocreate"


class AskHpExpectations(AskPlanStep):
    action = "action_ask_hp_expectations"


class AskHpSharedPurpose(AskPlanStep):
    action = "action_ask_hp_shared_purpose"


class AskHpMandate(AskPlanStep):
    action = "action_ask_hp_mandate"


class AskHpGoalsAndFrames(AskPlanStep):
    action = "action_ask_hp_goals_and_frames"


class AskHpDecisionRights(AskPlanStep):
    action = "action_ask_hp_decision_rights"


class AskHpParticipants(AskPlanStep):
    action = "action_ask_hp_participants"


class AskHpSameTable(AskPlanStep):
    action = "action_ask_hp_same_table"


class AskHpRoles(AskPlanStep):
    action = "action_ask_hp_roles"


class AskHpTimeAndCapacity(AskPlanStep):
    action = "action_ask_hp_time_and_capacity"


class AskHpAnchoring(AskPlanStep):
    action = "action_ask_hp_anchoring"


class AskHpGuidance(AskPlanStep):
    action = "action_ask_hp_guidance"


class AskHpVenueAndMethods(AskPlanStep):
    action = "action_ask_hp_venue_and_methods"


class AskHpLanguage(AskPlanStep):
    action = "action_ask_hp_language"


class AskHpRelationships(AskPlanStep):
    action = "action_ask_hp_relationships"


class AskHpSteppingBack(AskPlanStep):
    action = "action_ask_hp_stepping_back"


class AskHpFollowUp(AskPlanStep):
    action = "action_ask_hp_follow_up"


class AskHpCitizenContact(AskPlanStep):
    action = "action_ask_hp_citizen_contact"
