"""Routing that never hijacks a question.

The NLU model sorts messages into intents, and a content question that shares words with small
talk or a command («Har det noe å si hvor vi møtes?», «Hvilke krav stiller plan- og
bygningsloven til medvirkning?») can land on the wrong one. Before small talk, help, «vis
resultatet mitt» or a guided check takes over, ``action_route_message`` looks at the message
itself, with the knowledge base's calibrated answerability as evidence:

* not phrased as a question → the intent's own reply (``route`` = intent);
* a question the theses answer → answered here (``route`` = answer);
* a question that would start a guided check and the classifier is not sure it is a request to
  start one → two buttons: start the check, or answer the question (``route`` = ask).

The rules in data/rules.yml continue from the ``route`` slot.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_question import answer_new_question
from actions.language import current_language
from actions.topic import question_shaped
from knowledge import get_knowledge_base

FORM_STARTS = {"start_readiness": "readiness", "start_plan": "plan"}
ASK_RESPONSES = {"readiness": "utter_ask_start_readiness_or_answer", "plan": "utter_ask_start_plan_or_answer"}
# Below this intent confidence a question-shaped message is not taken as a request to start a
# check without asking (the canonical requests score 0.8–1.0 on held-out NLU data).
FORM_START_CONFIDENCE = 0.8

def route(text: str, intent: str, confidence: float, answerable: bool) -> str:
    """intent | answer | ask (see the module docstring)."""
    if not question_shaped(text):
        return "intent"
    if intent in FORM_STARTS:
        return "intent" if confidence >= FORM_START_CONFIDENCE else "ask"
    return "answer" if answerable else "intent"


class ActionRouteMessage(Action):
    def name(self) -> str:
        return "action_route_message"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = (tracker.latest_message.get("text") or "").strip()
        intent = tracker.latest_message.get("intent") or {}
        name, confidence = intent.get("name") or "", float(intent.get("confidence") or 0.0)
        answerable = False
        if question_shaped(text) and name not in FORM_STARTS:
            answerable = get_knowledge_base().search(text).in_scope
        decision = route(text, name, confidence, answerable)
        if decision == "answer":
            return [SlotSet("route", "answer"), *answer_new_question(dispatcher, tracker, text)]
        if decision == "ask":
            form = FORM_STARTS[name]
            dispatcher.utter_message(response=ASK_RESPONSES[form], buttons=[
                {"title": _BUTTONS[current_language(tracker)][form], "payload": f"/{name}"},
                {"title": _BUTTONS[current_language(tracker)]["answer"], "payload": "/answer_pending"},
            ])
            return [SlotSet("route", "ask"), SlotSet("pending_question", text)]
        return [SlotSet("route", "intent")]


class ActionAnswerPending(Action):
    """The «answer my question» button after ``route`` = ask."""

    def name(self) -> str:
        return "action_answer_pending"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        question = tracker.get_slot("pending_question")
        if not question:
            dispatcher.utter_message(response="utter_followup_without_topic")
            return []
        return [SlotSet("pending_question", None), *answer_new_question(dispatcher, tracker, question)]


_BUTTONS = {
    "nb": {"readiness": "Start klarhetssjekken", "plan": "Start planleggingen", "answer": "Svar på spørsmålet"},
    "en": {"readiness": "Start the readiness check", "plan": "Start the planning checklist",
           "answer": "Answer the question"},
}
