"""Cohorts of a leadership programme: trainers make them, participants join with a code and leave.

A participant is a Rasa sender id and belongs to at most one cohort at a time; joining another
moves them. Leaving takes their questions out of the cohort; their own results stay theirs.

Who may join: a cohort has as many seats as the trainer gives it (the size of the group, so
nobody else fits), the trainer sees every member by a short member number and can remove any,
and a closed cohort takes no one. Every tried code counts against the sender's join limit
(userdata/join_guard.py).
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import delete, func, select

from userdata import join_guard
from userdata.join_guard import JoinLocked  # noqa: F401  (raised by join(); callers catch it from here)
from userdata.models import Cohort, CohortQuestion, Membership
from checklists.plain_text import strip_bidi_controls
from userdata.database import current
from userdata.store import session

# No 0/O or 1/I/L: the code is read aloud in a classroom and typed from a slide.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_CODE_SHAPE = re.compile(r"[^A-Z0-9]")
# A word that may be a code once separators are dropped ("k7m-2qx").
_CODE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{4,8}[A-Za-z0-9]")
# A chat message may name a code, not list hundreds of guesses: only this many are tried.
MAX_CODES_PER_MESSAGE = 2
LABEL_LENGTH = 5
# A question is shown to a trainer in this normalised form (and stored only so).
_QUESTION_MAX = 300
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
# Long digit runs (phone, case and personal numbers) and e-mail addresses never reach a trainer.
_PERSONAL = re.compile(r"\S+@\S+|\d[\d ]{4,}\d")


class UnknownCode(LookupError):
    pass


class CohortFull(Exception):
    """Every seat is taken; the trainer can add seats or remove members."""


class CohortClosed(Exception):
    """The trainer has closed the cohort; nobody joins any more."""


@dataclass(frozen=True)
class CohortInfo:
    id: str
    name: str
    starts: date
    ends: date | None
    join_code: str
    seats: int = 0
    closed: datetime | None = None
    # The participant's own member number, when this describes their membership.
    member_label: str | None = None


@dataclass(frozen=True)
class Member:
    """A member as the trainer sees them: a number the participant also sees, when they joined,
    and through which channel. Nothing of what they answered or asked."""

    id: str
    label: str
    joined: datetime
    channel: str  # "web", "telegram" or "other"


def _info(row: Cohort, membership: Membership | None = None) -> CohortInfo:
    return CohortInfo(row.id, row.name, row.starts, row.ends, row.join_code, row.seats, row.closed,
                      member_label(membership.id) if membership else None)


def member_label(membership_id: str) -> str:
    """Five characters from the code alphabet, derived from the random membership id: what the
    participant reads out when the trainer checks who is in the group."""
    number = int(membership_id, 16)
    label = []
    for _ in range(LABEL_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        label.append(CODE_ALPHABET[digit])
    return "".join(label)


def _channel(sender: str) -> str:
    return "web" if sender.startswith("web-") else "telegram" if sender.startswith("tg-") else "other"


def normalise_code(code: str) -> str:
    """" abc-123 " → "ABC123"; the code is case- and separator-insensitive."""
    return _CODE_SHAPE.sub("", code.upper())


def candidate_codes(text: str) -> list[str]:
    """Words that have a join code's shape once separators are dropped ("k7m-2qx" → "K7M2QX"),
    at most MAX_CODES_PER_MESSAGE of them. Words with a digit or typed in capitals come first:
    «bli med i kurset, koden er K7M2QX» must try K7M2QX, not the word «kurset»."""
    found: list[tuple[bool, str]] = []
    for word in _CODE_WORD.findall(text):
        code = normalise_code(word)
        if len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) and code not in (c for _, c in found):
            looks_like_a_code = any(ch.isdigit() for ch in word) or word.isupper()
            found.append((not looks_like_a_code, code))
    return [code for _, code in sorted(found, key=lambda pair: pair[0])[:MAX_CODES_PER_MESSAGE]]


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def clean_name(name: str) -> str:
    return " ".join(strip_bidi_controls(name).split())


def create_cohort(trainer_id: str, name: str, starts: date, ends: date | None = None,
                  seats: int | None = None) -> CohortInfo:
    with session() as s:
        while True:
            code = _new_code()
            if s.scalar(select(Cohort.id).where(Cohort.join_code == code)) is None:
                break
        row = Cohort(trainer_id=trainer_id, name=clean_name(name), starts=starts, ends=ends, join_code=code,
                     seats=seats or current().settings.default_seats)
        s.add(row)
        s.flush()
        return _info(row)


def cohorts_of(trainer_id: str) -> list[CohortInfo]:
    with session() as s:
        rows = s.scalars(select(Cohort).where(Cohort.trainer_id == trainer_id).order_by(Cohort.starts.desc()))
        return [_info(r) for r in rows]


def cohort_for_trainer(cohort_id: str, trainer_id: str) -> CohortInfo | None:
    """The cohort, if it is this trainer's; another trainer's cohort is as good as missing."""
    with session() as s:
        row = s.scalar(select(Cohort).where(Cohort.id == cohort_id, Cohort.trainer_id == trainer_id))
        return _info(row) if row else None


def cohort_by_code(code: str) -> CohortInfo | None:
    with session() as s:
        row = s.scalar(select(Cohort).where(Cohort.join_code == normalise_code(code)))
        return _info(row) if row else None


def delete_cohort(cohort_id: str) -> None:
    """The cohort, who was in it and its snapshots; participants' own results and plans stay theirs."""
    with session() as s:
        for table in (CohortQuestion, Membership):
            s.execute(delete(table).where(table.cohort_id == cohort_id))
        s.execute(delete(Cohort).where(Cohort.id == cohort_id))


def set_seats(cohort_id: str, seats: int) -> None:
    """Fewer seats than members removes nobody; it only keeps anyone else from joining."""
    with session() as s:
        s.get(Cohort, cohort_id).seats = seats


def close_cohort(cohort_id: str, now: datetime | None = None) -> None:
    with session() as s:
        row = s.get(Cohort, cohort_id)
        if row.closed is None:
            row.closed = now or _now()


def join(sender: str, code: str, now: datetime | None = None) -> CohortInfo:
    """Joins the cohort with this code. Raises JoinLocked (too many tries), UnknownCode,
    CohortClosed or CohortFull; a tried code is counted whatever the outcome."""
    now = now or _now()
    outcome: Exception | None = None
    with session() as s:
        join_guard.check(s, sender, now)
        cohort = s.scalar(select(Cohort).where(Cohort.join_code == normalise_code(code)))
        join_guard.record(s, sender, now, missed=cohort is None)
        current = s.scalar(select(Membership).where(Membership.sender == sender))
        if cohort is None:
            outcome = UnknownCode(code)
        elif current is not None and current.cohort_id == cohort.id:
            return _info(cohort, current)
        elif cohort.closed is not None:
            outcome = CohortClosed()
        elif _member_count(s, cohort.id) >= cohort.seats:
            outcome = CohortFull()
        else:
            _leave(s, sender)
            membership = Membership(sender=sender, cohort_id=cohort.id, created=now)
            s.add(membership)
            s.flush()
            return _info(cohort, membership)
    # Raised after the transaction, so that the tried code stays counted.
    raise outcome


def _leave(s, sender: str) -> None:
    s.execute(delete(CohortQuestion).where(CohortQuestion.sender == sender))
    s.execute(delete(Membership).where(Membership.sender == sender))


def _current(s, sender: str) -> tuple[Cohort, Membership] | None:
    row = s.execute(select(Cohort, Membership).join(Membership, Membership.cohort_id == Cohort.id)
                    .where(Membership.sender == sender)).first()
    return (row[0], row[1]) if row else None


def leave(sender: str) -> CohortInfo | None:
    """Leaves the current cohort; returns it, or None when the sender was in none."""
    with session() as s:
        current = _current(s, sender)
        if current is None:
            return None
        _leave(s, sender)
        return _info(current[0])


def membership(sender: str) -> CohortInfo | None:
    """The sender's cohort with their member number, or None."""
    with session() as s:
        current = _current(s, sender)
        return _info(*current) if current else None


def _member_count(s, cohort_id: str) -> int:
    return s.scalar(select(func.count()).select_from(Membership).where(Membership.cohort_id == cohort_id))


def member_count(cohort_id: str) -> int:
    with session() as s:
        return _member_count(s, cohort_id)


def members(cohort_id: str) -> list[Member]:
    with session() as s:
        rows = s.scalars(select(Membership).where(Membership.cohort_id == cohort_id).order_by(Membership.created))
        return [Member(r.id, member_label(r.id), r.created, _channel(r.sender)) for r in rows]


def remove_member(cohort_id: str, membership_id: str) -> bool:
    """Takes a member out of the cohort (with their questions kept for it); their own results and
    plans stay theirs. False when there is no such member in this cohort."""
    with session() as s:
        row = s.scalar(select(Membership).where(Membership.id == membership_id, Membership.cohort_id == cohort_id))
        if row is None:
            return False
        _leave(s, row.sender)
        return True


def normalise_question(question: str) -> str:
    """Lower case, no punctuation, single spaces, no e-mail addresses or long numbers."""
    cleaned = _PUNCTUATION.sub(" ", _PERSONAL.sub(" ", question.lower()))
    return " ".join(cleaned.split())[:_QUESTION_MAX]


def record_question(sender: str, question: str, sections: list[str]) -> bool:
    """Keeps an answered question for the sender's cohort; does nothing outside a cohort."""
    normalised = normalise_question(question)
    with session() as s:
        cohort_id = s.scalar(select(Membership.cohort_id).where(Membership.sender == sender))
        if cohort_id is None or not normalised:
            return False
        s.add(CohortQuestion(sender=sender, cohort_id=cohort_id, question=normalised, sections=sections))
    return True
