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

from actions.blocking import BlockingAction
from actions.language import current_language
from userdata import cohort_service, cohort_texts, cohorts
from userdata.database import current

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


def say(result: cohort_service.Result, tracker) -> str:
    """The outcome in the conversation's language, from the texts every channel uses."""
    return cohort_texts.say(result, current_language(tracker), "chat", current().settings.min_group_size)


class ActionJoinCohort(BlockingAction):
    def name(self) -> str:
        return "action_join_cohort"

    def work(self, dispatcher, tracker, domain):
        result = cohort_service.join_from_message(tracker.sender_id, tracker.latest_message.get("text") or "",
                                                  allowance(tracker))
        dispatcher.utter_message(text=say(result, tracker),
                                 json_message={REPORT_KEY: {"tried": result.tried, "missed": result.missed}})
        return []


class ActionLeaveCohort(BlockingAction):
    def name(self) -> str:
        return "action_leave_cohort"

    def work(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=say(cohort_service.leave(tracker.sender_id), tracker))
        return []
