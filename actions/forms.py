"""What the two guided forms share: asking, re-asking, pausing and resuming."""
from __future__ import annotations

from typing import Any, Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import metrics
from actions.feedback import BUTTON_PAYLOADS, record_feedback
from actions.knowledge_reply import looks_like_a_question, reply_with_knowledge
from actions.language import current_language

READINESS_FORM = "readiness_form"
PLAN_FORM = "plan_form"
# A form slot's value when the leader chose to skip a step: None would mean "not asked yet".
SKIPPED = "__skipped__"


def answered(tracker: Tracker, slots: list[str]) -> int:
    return sum(tracker.get_slot(slot) is not None for slot in slots)


def start_or_continue(
    dispatcher: CollectingDispatcher, tracker: Tracker, form: str, slots: list[str], intro: dict[str, str]
) -> list[dict[str, Any]]:
    """Starting a form again after a pause (or a restart) continues at the first unanswered step."""
    done = answered(tracker, slots)
    metrics.count_form_started(form, resumed=bool(done))
    if done:
        dispatcher.utter_message(response="utter_form_continues", done=done, total=len(slots))
    else:
        dispatcher.utter_message(text=intro[current_language(tracker)])
    return [SlotSet("paused_form", None)] if tracker.get_slot("paused_form") == form else []


def handle_unusable_answer(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, reask_response: str
) -> dict[str, Any]:
    """An answer the form cannot use: a question gets answered from the theses, anything else a
    hint; either way the form then asks the same step again."""
    text = str(value or "").strip()
    if text in BUTTON_PAYLOADS:
        # 👍/👎 on an answer given during the form: the form takes any text, so the rating
        # arrives here rather than through the feedback rule.
        record_feedback(dispatcher, tracker, BUTTON_PAYLOADS[text])
    elif looks_like_a_question(text):
        reply_with_knowledge(dispatcher, tracker.sender_id, text, current_language(tracker))
    else:
        dispatcher.utter_message(response=reask_response)
    return {slot: None}


def make_ask_action(
    action_name: str, ask: Callable[[CollectingDispatcher, Tracker], None], namespace: dict[str, Any]
) -> type[Action]:
    """rasa-sdk registers Action subclasses by class; one small class per form step lets Rasa call
    action_ask_<slot> while the wording stays in the content files. The class is bound as a name
    in the calling module (`namespace`), because rasa-sdk pickles the actions for its worker process."""

    class AskStep(Action):
        def name(self) -> str:
            return action_name

        def run(self, dispatcher, tracker, domain):
            ask(dispatcher, tracker)
            return []

    class_name = "Ask_" + action_name
    AskStep.__name__ = AskStep.__qualname__ = class_name
    AskStep.__module__ = namespace["__name__"]
    namespace[class_name] = AskStep
    return AskStep


class ActionPauseForm(Action):
    def name(self) -> str:
        return "action_pause_form"

    def run(self, dispatcher, tracker, domain):
        form = tracker.active_loop.get("name")
        dispatcher.utter_message(response="utter_form_paused")
        return [SlotSet("paused_form", form)] if form in (READINESS_FORM, PLAN_FORM) else []


class ActionResumeForm(Action):
    def name(self) -> str:
        return "action_resume_form"

    def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_form_resumed")
        return [SlotSet("paused_form", None)]
