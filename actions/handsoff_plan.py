"""The hands-off planning checklist «Planlegg å gi fra deg styringen» as a Rasa form, and its plan."""
from __future__ import annotations

from datetime import datetime, timezone

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import userdata
from actions import metrics
from actions.feedback import BUTTON_PAYLOADS
from actions.forms import PLAN_FORM, SKIPPED, handle_unusable_answer, make_ask_action, start_or_continue
from actions.language import current_language
from actions.plan.answers import InvalidAnswer, parse_step_answer
from checklists.plan import load_plan
from actions.plan.document import plan_filename, plan_summary, render_plan
from userdata.links import plan_document_url

CONTENT = load_plan()
SLOTS = [step.slot for step in CONTENT.steps]
SKIP_BUTTON = {"nb": {"title": "Hopp over", "payload": "hopp over"}, "en": {"title": "Skip", "payload": "skip"}}


# Intents that pause, redirect or switch the conversation. The plan takes free text, and free text
# is easily mistaken for one of them ("Vi trekker oss tilbake" is not «fortsett»), so a message
# only counts as a command when it is short (commands are: «stopp», «vis planen min») and
# confidently recognised; anything longer is the leader's answer.
COMMAND_INTENTS = {
    "stop", "resume", "help", "delete_data", "switch_to_english", "switch_to_norwegian", "show_result", "show_plan",
    "join_cohort", "leave_cohort",
}
COMMAND_MAX_WORDS = 4
COMMAND_MIN_CONFIDENCE = 0.6


def is_command(message: dict) -> bool:
    intent = message.get("intent") or {}
    return (
        intent.get("name") in COMMAND_INTENTS
        and (intent.get("confidence") or 0) >= COMMAND_MIN_CONFIDENCE
        and len((message.get("text") or "").split()) <= COMMAND_MAX_WORDS
    )


class ValidatePlanForm(FormValidationAction):
    def name(self) -> str:
        return "validate_plan_form"

    async def get_validation_events(self, dispatcher, tracker, domain):
        # One validator for every step (see ValidateReadinessForm).
        slots = tracker.slots_to_validate()
        requested = tracker.get_slot("requested_slot")
        if requested in slots and is_command(tracker.latest_message):
            # Every message fills the step (so that the form, not a rule, gets the leader's text);
            # a command is given back: rejecting the form lets the rules in data/rules.yml handle it,
            # and the form then asks the same step again.
            return [SlotSet(requested, None), ActionExecutionRejected(self.form_name())]
        for slot, value in list(slots.items()):
            if slot not in SLOTS or value is None or value == SKIPPED:
                continue
            text = str(value)
            try:
                # A question here is a question, not the plan's answer («Hva betyr forankring?»).
                if text.strip().endswith("?") or text in BUTTON_PAYLOADS:
                    raise InvalidAnswer(text)
                parsed = parse_step_answer(text)
            except InvalidAnswer:
                slots.update(handle_unusable_answer(value, dispatcher, tracker, slot, "utter_plan_reask"))
                continue
            slots[slot] = SKIPPED if parsed is None else parsed
        tracker.slots.update(slots)  # next_requested_slot() reads the validated values
        return [SlotSet(slot, value) for slot, value in slots.items()]


def ask_step(index: int):
    step = CONTENT.steps[index]
    phase = next(p for p in CONTENT.phases if p.id == step.phase)

    def ask(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        lang = current_language(tracker)
        counter = f"{phase.title[lang]} – {index + 1}/{len(SLOTS)}"
        dispatcher.utter_message(text=f"{counter}\n{step.question[lang]}", buttons=[SKIP_BUTTON[lang]])

    return ask


ASK_ACTIONS = [make_ask_action(f"action_ask_{step.slot}", ask_step(i), globals()) for i, step in enumerate(CONTENT.steps)]


class ActionStartPlan(Action):
    def name(self) -> str:
        return "action_start_plan"

    def run(self, dispatcher, tracker, domain):
        return start_or_continue(dispatcher, tracker, PLAN_FORM, SLOTS, CONTENT.intro)


def send_plan(dispatcher: CollectingDispatcher, answers: dict, plan_id: str, created: datetime, lang: str) -> None:
    filename = plan_filename(created, lang)
    dispatcher.utter_message(
        text=plan_summary(answers, lang),
        json_message={"document": {"url": plan_document_url(plan_id), "filename": filename, "media_type": "text/markdown"}},
    )


class ActionPlanResult(Action):
    def name(self) -> str:
        return "action_plan_result"

    def run(self, dispatcher, tracker, domain):
        lang = current_language(tracker)
        answers = {}
        for step in CONTENT.steps:
            value = tracker.get_slot(step.slot)
            answers[step.id] = None if value in (None, SKIPPED) else value
        created = datetime.now(timezone.utc)
        plan_id = userdata.save_plan(tracker.sender_id, answers, render_plan(answers, lang, created), lang)
        send_plan(dispatcher, answers, plan_id, created, lang)
        metrics.count_form_completed(PLAN_FORM)
        return [SlotSet(slot, None) for slot in SLOTS]


class ActionShowPlan(Action):
    def name(self) -> str:
        return "action_show_plan"

    def run(self, dispatcher, tracker, domain):
        stored = userdata.latest_plan(tracker.sender_id)
        if stored is None:
            dispatcher.utter_message(response="utter_no_plan_yet")
            return []
        send_plan(dispatcher, stored.answers, stored.id, stored.created, current_language(tracker))
        return []
