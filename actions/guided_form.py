"""One guided form for both checks: a declarative ``GuidedCheck`` (its form, slots, how each step
is asked, which answers it takes, what it does with them at the end) drives the Rasa actions.

Each check module (``readiness_check.py``, ``handsoff_plan.py``) describes its check once and
declares one small class per Rasa action name in ``domain.yml``, so ``grep action_ask_rc_venue``
finds the class that answers to it. What the steps say, how answers are read and scored, and the
plan document live in ``checklists/``; this module holds only what talks to Rasa.

Also here: what both forms share in the conversation, pausing and resuming.
"""
from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import metrics
from actions.blocking import BlockingAction
from actions.feedback import BUTTON_PAYLOADS, record_feedback
from actions.knowledge_reply import looks_like_a_question, reply_with_knowledge
from actions.language import current_language
from checklists.common import Text
from checklists.readiness_answers import InvalidAnswer

# A form slot's value when the leader chose to skip a step: None would mean "not asked yet".
SKIPPED = "__skipped__"

Buttons = list[dict[str, str]]


@dataclass(frozen=True)
class GuidedCheck:
    form: str  # the Rasa form, e.g. "readiness_form"
    slots: tuple[str, ...]  # one per step, in the order asked (domain.yml lists the same)
    intro: Text  # said when the check starts afresh
    # The step's question and its buttons: (step index, language) → (text, buttons).
    question: Callable[[int, str], tuple[str, Buttons]]
    # The slot value for a typed answer; raises InvalidAnswer for one the check cannot use.
    parse: Callable[[str], str]
    accepted: frozenset[str]  # values already parsed (a button's payload stored as is, a skip)
    reask_response: str  # the hint before a step is asked again
    # (dispatcher, tracker, language, slot → value of every answered step): store and send the result.
    finish: Callable[[CollectingDispatcher, Tracker, str, dict[str, Any]], None]
    # (dispatcher, sender, language) → False when the leader has nothing stored yet.
    show_latest: Callable[[CollectingDispatcher, str, str], bool]
    nothing_stored_response: str
    # Whether a short, confidently recognised command is given back to the rules (see is_command).
    gives_back_commands: bool = False


# --- answers the form cannot use -------------------------------------------------------------

# Intents that pause, redirect or switch the conversation. A form that takes free text would take
# them for answers ("Vi trekker oss tilbake" is not «fortsett»), so a message only counts as a
# command when it is short (commands are: «stopp», «vis planen min») and confidently recognised;
# anything longer is the leader's answer.
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


# --- the actions, one abstract base per kind; each check declares the concrete classes -------


class ValidateGuidedForm(FormValidationAction, ABC):
    """validate_<form>: one validator for every step, instead of the validate_<slot> method each
    that rasa-sdk would otherwise look for."""

    check: ClassVar[GuidedCheck]

    @abstractmethod
    def name(self) -> str: ...

    async def get_validation_events(self, dispatcher, tracker, domain):
        # An unusable answer may be a question, answered from the theses (see BlockingAction).
        return await asyncio.to_thread(self.validated_events, dispatcher, tracker)

    def validated_events(self, dispatcher, tracker):
        check = self.check
        slots = tracker.slots_to_validate()
        requested = tracker.get_slot("requested_slot")
        if check.gives_back_commands and requested in slots and is_command(tracker.latest_message):
            # Every message fills the step (so that the form, not a rule, gets the leader's text);
            # a command is given back: rejecting the form lets the rules in data/rules.yml handle it,
            # and the form then asks the same step again.
            return [SlotSet(requested, None), ActionExecutionRejected(self.form_name())]
        for slot, value in list(slots.items()):
            if slot not in check.slots or value is None or value in check.accepted:
                continue
            try:
                slots[slot] = check.parse(str(value))
            except InvalidAnswer:
                slots.update(handle_unusable_answer(value, dispatcher, tracker, slot, check.reask_response))
        tracker.slots.update(slots)  # next_requested_slot() reads the validated values
        return [SlotSet(slot, value) for slot, value in slots.items()]


class AskStep(Action, ABC):
    """action_ask_<slot>: Rasa's form calls it to ask a step; the wording stays in checklists/."""

    check: ClassVar[GuidedCheck]

    @property
    @abstractmethod
    def action(self) -> str:
        """The Rasa action name, "action_ask_" + the slot, written out in each subclass."""

    def name(self) -> str:
        return self.action

    def run(self, dispatcher, tracker, domain):
        index = self.check.slots.index(self.action.removeprefix("action_ask_"))
        text, buttons = self.check.question(index, current_language(tracker))
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class StartCheck(Action, ABC):
    """Starting a check again after a pause (or a restart) continues at the first unanswered step."""

    check: ClassVar[GuidedCheck]

    @abstractmethod
    def name(self) -> str: ...

    def run(self, dispatcher, tracker, domain):
        check = self.check
        done = sum(tracker.get_slot(slot) is not None for slot in check.slots)
        metrics.count_form_started(check.form, resumed=bool(done))
        if done:
            dispatcher.utter_message(response="utter_form_continues", done=done, total=len(check.slots))
        else:
            dispatcher.utter_message(text=check.intro[current_language(tracker)])
        return [SlotSet("paused_form", None)] if tracker.get_slot("paused_form") == check.form else []


class FinishCheck(BlockingAction, ABC):
    """After the last step: the result is stored and sent; clearing the answers lets the next check
    start afresh."""

    check: ClassVar[GuidedCheck]

    @abstractmethod
    def name(self) -> str: ...

    def work(self, dispatcher, tracker, domain):
        values = {slot: tracker.get_slot(slot) for slot in self.check.slots if tracker.get_slot(slot) is not None}
        self.check.finish(dispatcher, tracker, current_language(tracker), values)
        metrics.count_form_completed(self.check.form)
        return [SlotSet(slot, None) for slot in self.check.slots]


class ShowLatest(BlockingAction, ABC):
    """The leader's latest stored result, or a note that there is none yet."""

    check: ClassVar[GuidedCheck]

    @abstractmethod
    def name(self) -> str: ...

    def work(self, dispatcher, tracker, domain):
        if not self.check.show_latest(dispatcher, tracker.sender_id, current_language(tracker)):
            dispatcher.utter_message(response=self.check.nothing_stored_response)
        return []


# --- pausing and resuming, for both forms -----------------------------------------------------

GUIDED_FORMS = ("readiness_form", "plan_form")


class ActionPauseForm(Action):
    def name(self) -> str:
        return "action_pause_form"

    def run(self, dispatcher, tracker, domain):
        form = tracker.active_loop.get("name")
        dispatcher.utter_message(response="utter_form_paused")
        return [SlotSet("paused_form", form)] if form in GUIDED_FORMS else []


class ActionResumeForm(Action):
    def name(self) -> str:
        return "action_resume_form"

    def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_form_resumed")
        return [SlotSet("paused_form", None)]
