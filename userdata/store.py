"""Reading and writing user data."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, delete, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from userdata.models import Base, Feedback, Plan, ReadinessResult, UserRecord
from userdata.settings import get_settings


@lru_cache
def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    return engine


@lru_cache
def _sessions(url: str) -> sessionmaker:
    return sessionmaker(_engine(url), expire_on_commit=False)


@contextmanager
def session() -> Session:
    with _sessions(get_settings().userdata_url).begin() as s:
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


def delete_user_data(sender: str) -> Deleted:
    """Deletes everything stored for this sender except the conversation, which Rasa writes
    until the end of the turn; see userdata.conversations.erase_conversation."""
    with session() as s:
        counts = [
            s.execute(delete(table).where(table.sender == sender)).rowcount
            for table in (ReadinessResult, Plan, Feedback)
        ]
    return Deleted(*counts)
