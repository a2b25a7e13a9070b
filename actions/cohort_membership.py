"""Joining a trainer's cohort by writing its code in the chat («kurs K7M2QX»), and leaving it.

The widget and Telegram's /kurs call the gateway for the same thing; this is for a participant
who simply types it. The code is looked up among the words of the message, so no entity
extractor has to tell a code from an ordinary six-letter word.

A message is no way to guess codes: at most two code-shaped words are tried
(cohorts.MAX_CODES_PER_MESSAGE), each counts against the sender's join limit in the database,
and the gateway, which alone knows the client's address, says in the message's metadata how many
codes that address may still try (``join_codes_allowed``). The reply tells the gateway how many
were tried and missed, so it can count them against the address."""
from __future__ import annotations

from rasa_sdk import Action

from userdata import cohorts

# Set by the gateway on every message; absent (a message not from the gateway) means the
# per-message maximum, the sender's own limit still applies.
ALLOWANCE_KEY = "join_codes_allowed"
# The custom payload that reports what was tried, read and removed by the gateway.
REPORT_KEY = "cohort_join"


def candidate_codes(text: str) -> list[str]:
    return cohorts.candidate_codes(text)


def allowance(tracker) -> int:
    metadata = tracker.latest_message.get("metadata") or {}
    allowed = metadata.get(ALLOWANCE_KEY, cohorts.MAX_CODES_PER_MESSAGE)
    return max(0, min(int(allowed), cohorts.MAX_CODES_PER_MESSAGE)) if isinstance(allowed, int) else 0


class ActionJoinCohort(Action):
    def name(self) -> str:
        return "action_join_cohort"

    def run(self, dispatcher, tracker, domain):
        codes = candidate_codes(tracker.latest_message.get("text") or "")
        allowed = allowance(tracker)
        response, values, tried, missed = self._try(tracker.sender_id, codes[:allowed])
        if response is None:
            if codes and not allowed:
                response = "utter_cohort_join_locked"
            else:
                # Six letters and no digit is more likely a word («kurset») than a mistyped code.
                typed_a_code = any(ch.isdigit() for code in codes for ch in code)
                response = "utter_cohort_unknown_code" if typed_a_code else "utter_cohort_need_code"
        dispatcher.utter_message(response=response, **values,
                                 json_message={REPORT_KEY: {"tried": tried, "missed": missed}})
        return []

    @staticmethod
    def _try(sender: str, codes: list[str]) -> tuple[str | None, dict, int, int]:
        """(response or None when no code was right, its values, codes tried, codes missed)."""
        tried = missed = 0
        for code in codes:
            tried += 1
            try:
                cohort = cohorts.join(sender, code)
            except cohorts.JoinLocked:
                return "utter_cohort_join_locked", {}, tried - 1, missed
            except cohorts.UnknownCode:
                missed += 1
                continue
            except cohorts.CohortFull:
                return "utter_cohort_full", {}, tried, missed
            except cohorts.CohortClosed:
                return "utter_cohort_closed", {}, tried, missed
            return "utter_cohort_joined", {"name": cohort.name, "label": cohort.member_label}, tried, missed
        return None, {}, tried, missed


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
