"""The readiness check «Er vi klare for samskaping?» as a Rasa form, and its result."""
from __future__ import annotations

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import userdata
from actions import metrics
from actions.forms import READINESS_FORM, handle_unusable_answer, make_ask_action, start_or_continue
from actions.language import current_language
from actions.readiness.answers import InvalidAnswer, answer_buttons, parse_answer
from actions.readiness.chart import render_chart
from checklists.readiness import load_readiness
from actions.readiness.report import format_result
from actions.readiness.scoring import ReadinessResult, score
from userdata.links import readiness_chart_url

CONTENT = load_readiness()
SLOTS = [item.slot for item in CONTENT.items]
# Slots hold text; "don't know" is an answer too, so it cannot be None (None means not asked).
UNKNOWN = "unknown"
CANONICAL = {"0", "1", "2", UNKNOWN}


def to_slot_value(value: int | None) -> str:
    return UNKNOWN if value is None else str(value)


def from_slot_value(value: str) -> int | None:
    return None if value == UNKNOWN else int(value)


class ValidateReadinessForm(FormValidationAction):
    def name(self) -> str:
        return "validate_readiness_form"

    async def get_validation_events(self, dispatcher, tracker, domain):
        # One validator for every item, instead of the validate_<slot> method each that rasa-sdk
        # would otherwise look for.
        slots = tracker.slots_to_validate()
        for slot, value in list(slots.items()):
            if slot not in SLOTS or value is None or value in CANONICAL:
                continue
            try:
                slots[slot] = to_slot_value(parse_answer(str(value)))
            except InvalidAnswer:
                slots.update(handle_unusable_answer(value, dispatcher, tracker, slot, "utter_readiness_reask"))
        tracker.slots.update(slots)  # next_requested_slot() reads the validated values
        return [SlotSet(slot, value) for slot, value in slots.items()]


def ask_item(index: int):
    item = CONTENT.items[index]

    def ask(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        lang = current_language(tracker)
        buttons = [{"title": title, "payload": payload} for title, payload in answer_buttons(lang)]
        dispatcher.utter_message(text=f"({index + 1}/{len(SLOTS)}) {item.question[lang]}", buttons=buttons)

    return ask


ASK_ACTIONS = [make_ask_action(f"action_ask_{item.slot}", ask_item(i), globals()) for i, item in enumerate(CONTENT.items)]


class ActionStartReadiness(Action):
    def name(self) -> str:
        return "action_start_readiness"

    def run(self, dispatcher, tracker, domain):
        return start_or_continue(dispatcher, tracker, READINESS_FORM, SLOTS, CONTENT.intro)


def send_result(dispatcher: CollectingDispatcher, result: ReadinessResult, result_id: str, lang: str) -> None:
    dispatcher.utter_message(text=format_result(result, lang), image=readiness_chart_url(result_id))


class ActionReadinessResult(Action):
    def name(self) -> str:
        return "action_readiness_result"

    def run(self, dispatcher, tracker, domain):
        lang = current_language(tracker)
        answers = {
            item.id: from_slot_value(tracker.get_slot(item.slot))
            for item in CONTENT.items
            if tracker.get_slot(item.slot) is not None
        }
        result = score(answers)
        result_id = userdata.save_readiness(tracker.sender_id, result.to_dict(), render_chart(result, lang), lang)
        send_result(dispatcher, result, result_id, lang)
        metrics.count_form_completed(READINESS_FORM)
        # The result is stored; clearing the answers lets the next check start afresh.
        return [SlotSet(slot, None) for slot in SLOTS]


class ActionShowResult(Action):
    def name(self) -> str:
        return "action_show_result"

    def run(self, dispatcher, tracker, domain):
        stored = userdata.latest_readiness(tracker.sender_id)
        if stored is None:
            dispatcher.utter_message(response="utter_no_result_yet")
            return []
        send_result(dispatcher, ReadinessResult.from_dict(stored.result), stored.id, current_language(tracker))
        return []
