"""Joining a trainer's cohort by writing its code in the chat («kurs K7M2QX»), and leaving it.

The widget and Telegram's /kurs call the gateway for the same thing; this is for a participant
who simply types it. The code is looked up among the words of the message, so no entity
extractor has to tell a code from an ordinary six-letter word."""
from __future__ import annotations

import re

from rasa_sdk import Action

from userdata import cohorts

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{4,8}[A-Za-z0-9]")


def candidate_codes(text: str) -> list[str]:
    """Words that have a join code's shape once separators are dropped ("k7m-2qx" → "K7M2QX")."""
    found = []
    for word in _WORD.findall(text):
        code = cohorts.normalise_code(word)
        if len(code) == cohorts.CODE_LENGTH and set(code) <= set(cohorts.CODE_ALPHABET) and code not in found:
            found.append(code)
    return found


class ActionJoinCohort(Action):
    def name(self) -> str:
        return "action_join_cohort"

    def run(self, dispatcher, tracker, domain):
        codes = candidate_codes(tracker.latest_message.get("text") or "")
        for code in codes:
            try:
                cohort = cohorts.join(tracker.sender_id, code)
            except cohorts.UnknownCode:
                continue
            dispatcher.utter_message(response="utter_cohort_joined", name=cohort.name)
            return []
        # Six letters and no digit is more likely a word ("kurset") than a mistyped code.
        typed_a_code = any(ch.isdigit() for code in codes for ch in code)
        dispatcher.utter_message(response="utter_cohort_unknown_code" if typed_a_code else "utter_cohort_need_code")
        return []


class ActionLeaveCohort(Action):
    def name(self) -> str:
        return "action_leave_cohort"

    def run(self, dispatcher, tracker, domain):
        left = cohorts.leave(tracker.sender_id)
        if left is None:
            dispatcher.utter_message(response="utter_cohort_not_member")
        else:
            dispatcher.utter_message(response="utter_cohort_left", name=left.name)
        return []
