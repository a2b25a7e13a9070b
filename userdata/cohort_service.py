"""Joining and leaving a cohort, for every channel: the Rasa action (a code typed in the chat),
Telegram's /kurs and the web widget's API all call these and get an `Outcome`, which they render
with userdata/cohort_texts.py. The rules themselves (seats, closed cohorts, tries per sender) are
in userdata/cohorts.py and userdata/join_guard.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from userdata import cohorts


class Outcome(StrEnum):
    JOINED = "joined"            # in the cohort now, in none before
    MOVED = "moved"              # in the cohort now, out of the one before (`previous`)
    ALREADY = "already"          # was in this cohort already
    UNKNOWN_CODE = "unknown_code"
    NEED_CODE = "need_code"      # asked to join without anything that looks like a code
    FULL = "full"                # every seat the trainer made is taken
    CLOSED = "closed"            # the trainer has closed the cohort
    LOCKED = "locked"            # too many codes tried lately (`retry_after` seconds, when known)
    MEMBER = "member"            # where the participant stands: in `cohort`
    NOT_MEMBER = "not_member"    # … in none
    LEFT = "left"                # left `cohort`
    NOTHING_TO_LEAVE = "nothing_to_leave"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    # The cohort joined, left or belonged to, with the participant's member number when in it.
    cohort: cohorts.CohortInfo | None = None
    # MOVED: the cohort left for this one.
    previous: cohorts.CohortInfo | None = None
    # LOCKED: seconds until a code may be tried again (None: not known to this caller).
    retry_after: int | None = None
    # Codes tried and wrong ones, for the gateway's per-address count.
    tried: int = 0
    missed: int = 0

    @property
    def in_cohort(self) -> bool:
        return self.outcome in (Outcome.JOINED, Outcome.MOVED, Outcome.ALREADY, Outcome.MEMBER)


def join(sender: str, code: str, now: datetime | None = None) -> Result:
    """Tries one code; every tried code counts against the sender (userdata/join_guard.py)."""
    if not cohorts.normalise_code(code):
        return Result(Outcome.NEED_CODE)
    before = cohorts.membership(sender)
    try:
        cohort = cohorts.join(sender, code, now)
    except cohorts.JoinLocked as locked:
        return Result(Outcome.LOCKED, retry_after=locked.retry_after)
    except cohorts.UnknownCode:
        return Result(Outcome.UNKNOWN_CODE, tried=1, missed=1)
    except cohorts.CohortFull:
        return Result(Outcome.FULL, tried=1)
    except cohorts.CohortClosed:
        return Result(Outcome.CLOSED, tried=1)
    if before is None:
        return Result(Outcome.JOINED, cohort, tried=1)
    if before.id == cohort.id:
        return Result(Outcome.ALREADY, cohort, tried=1)
    return Result(Outcome.MOVED, cohort, previous=before, tried=1)


def join_from_message(sender: str, text: str, allowed: int = cohorts.MAX_CODES_PER_MESSAGE) -> Result:
    """A chat message that asks to join: tries its code-shaped words (at most ``allowed``, which
    the gateway lowers for an address that has tried too many) until one is a cohort's code."""
    codes = cohorts.candidate_codes(text)
    tried = missed = 0
    for code in codes[:max(0, allowed)]:
        result = join(sender, code)
        tried, missed = tried + result.tried, missed + result.missed
        if result.outcome != Outcome.UNKNOWN_CODE:
            return Result(result.outcome, result.cohort, result.previous, result.retry_after, tried, missed)
    if codes and allowed <= 0:
        return Result(Outcome.LOCKED)
    # Six letters and no digit is more likely a word («kurset») than a mistyped code.
    typed_a_code = any(ch.isdigit() for code in codes for ch in code)
    return Result(Outcome.UNKNOWN_CODE if typed_a_code else Outcome.NEED_CODE, tried=tried, missed=missed)


def leave(sender: str) -> Result:
    left = cohorts.leave(sender)
    return Result(Outcome.LEFT, left) if left else Result(Outcome.NOTHING_TO_LEAVE)


def status(sender: str) -> Result:
    cohort = cohorts.membership(sender)
    return Result(Outcome.MEMBER, cohort) if cohort else Result(Outcome.NOT_MEMBER)
