"""Reading and writing user data."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from userdata.database import current
from userdata.models import CohortQuestion, Feedback, Membership, Plan, ReadinessResult, UserRecord


@contextmanager
def session() -> Session:
    """A transaction on this process's user-data database (userdata.database.use)."""
    with current().session() as s:
        yield s


def _add(row: UserRecord) -> str:
    with session() as s:
        s.add(row)
        s.flush()
        return row.id


def _latest(model: type[UserRecord], sender: str) -> UserRecord | None:
    with session() as s:
        return s.scalars(select(model).where(model.sender == sender).order_by(model.created.desc())).first()


def save_readiness(sender: str, result: dict, chart_png: bytes, lang: str) -> str:
    return _add(ReadinessResult(sender=sender, result=result, chart_png=chart_png, lang=lang))


def latest_readiness(sender: str) -> ReadinessResult | None:
    return _latest(ReadinessResult, sender)


def readiness_chart(result_id: str) -> bytes | None:
    with session() as s:
        row = s.get(ReadinessResult, result_id)
        return row.chart_png if row else None


def save_plan(sender: str, answers: dict, markdown: str, lang: str) -> str:
    return _add(Plan(sender=sender, answers=answers, markdown=markdown, lang=lang))


def latest_plan(sender: str) -> Plan | None:
    return _latest(Plan, sender)


def plan_markdown(plan_id: str) -> str | None:
    with session() as s:
        row = s.get(Plan, plan_id)
        return row.markdown if row else None


def save_feedback(sender: str, rating: str, passage_ids: list[str]) -> None:
    _add(Feedback(sender=sender, rating=rating, passage_ids=passage_ids))


@dataclass(frozen=True)
class Deleted:
    readiness_results: int
    plans: int
    feedback: int
    cohort_questions: int
    cohort_memberships: int


def delete_user_data(sender: str) -> Deleted:
    """Deletes everything stored for this sender, cohort membership included, except the conversation, which Rasa writes
    until the end of the turn; see userdata.rasa_events.erase_conversation."""
    with session() as s:
        counts = [
            s.execute(delete(table).where(table.sender == sender)).rowcount
            for table in (ReadinessResult, Plan, Feedback, CohortQuestion, Membership)
        ]
    return Deleted(*counts)
