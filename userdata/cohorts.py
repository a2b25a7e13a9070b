"""Cohorts of a leadership programme: trainers make them, participants join with a code and leave.

A participant is a Rasa sender id and belongs to at most one cohort at a time; joining another
moves them. Leaving takes their questions out of the cohort; their own results stay theirs.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select

from userdata.models import Cohort, CohortQuestion, Membership
from userdata.store import session

# No 0/O or 1/I/L: the code is read aloud in a classroom and typed from a slide.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_CODE_SHAPE = re.compile(r"[^A-Z0-9]")
# A question is shown to a trainer in this normalised form (and stored only so).
_QUESTION_MAX = 300
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
# Long digit runs (phone, case and personal numbers) and e-mail addresses never reach a trainer.
_PERSONAL = re.compile(r"\S+@\S+|\d[\d ]{4,}\d")


class UnknownCode(LookupError):
    pass


@dataclass(frozen=True)
class CohortInfo:
    id: str
    name: str
    starts: date
    ends: date | None
    join_code: str


def _info(row: Cohort) -> CohortInfo:
    return CohortInfo(row.id, row.name, row.starts, row.ends, row.join_code)


def normalise_code(code: str) -> str:
    """" abc-123 " → "ABC123"; the code is case- and separator-insensitive."""
    return _CODE_SHAPE.sub("", code.upper())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create_cohort(trainer_id: str, name: str, starts: date, ends: date | None = None) -> CohortInfo:
    with session() as s:
        while True:
            code = _new_code()
            if s.scalar(select(Cohort.id).where(Cohort.join_code == code)) is None:
                break
        row = Cohort(trainer_id=trainer_id, name=name.strip(), starts=starts, ends=ends, join_code=code)
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
    """The cohort and who was in it; participants' own results and plans stay theirs."""
    with session() as s:
        for table in (CohortQuestion, Membership):
            s.execute(delete(table).where(table.cohort_id == cohort_id))
        s.execute(delete(Cohort).where(Cohort.id == cohort_id))


def join(sender: str, code: str) -> CohortInfo:
    with session() as s:
        cohort = s.scalar(select(Cohort).where(Cohort.join_code == normalise_code(code)))
        if cohort is None:
            raise UnknownCode(code)
        current = s.scalar(select(Membership.cohort_id).where(Membership.sender == sender))
        if current != cohort.id:
            _leave(s, sender)
            s.add(Membership(sender=sender, cohort_id=cohort.id))
        return _info(cohort)


def _leave(s, sender: str) -> None:
    s.execute(delete(CohortQuestion).where(CohortQuestion.sender == sender))
    s.execute(delete(Membership).where(Membership.sender == sender))


def _current(s, sender: str) -> Cohort | None:
    return s.scalar(select(Cohort).join(Membership, Membership.cohort_id == Cohort.id).where(Membership.sender == sender))


def leave(sender: str) -> CohortInfo | None:
    """Leaves the current cohort; returns it, or None when the sender was in none."""
    with session() as s:
        cohort = _current(s, sender)
        if cohort is None:
            return None
        _leave(s, sender)
        return _info(cohort)


def membership(sender: str) -> CohortInfo | None:
    with session() as s:
        row = _current(s, sender)
        return _info(row) if row else None


def member_count(cohort_id: str) -> int:
    with session() as s:
        return s.scalar(select(func.count()).select_from(Membership).where(Membership.cohort_id == cohort_id))


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
