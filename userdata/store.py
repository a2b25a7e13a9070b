"""Reading and writing user data."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, delete, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from userdata.models import Base, Feedback, Plan, ReadinessResult
from userdata.settings import get_settings


@lru_cache
def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    return engine


@contextmanager
def session() -> Session:
    factory = sessionmaker(_engine(get_settings().userdata_url), expire_on_commit=False)
    with factory.begin() as s:
        yield s


def save_readiness(sender: str, result: dict, chart_png: bytes, lang: str) -> str:
    with session() as s:
        row = ReadinessResult(sender=sender, result=result, chart_png=chart_png, lang=lang)
        s.add(row)
        s.flush()
        return row.id


def latest_readiness(sender: str) -> ReadinessResult | None:
    with session() as s:
        return s.scalars(
            select(ReadinessResult).where(ReadinessResult.sender == sender).order_by(ReadinessResult.created.desc())
        ).first()


def readiness_chart(result_id: str) -> bytes | None:
    with session() as s:
        row = s.get(ReadinessResult, result_id)
        return row.chart_png if row else None


def save_plan(sender: str, answers: dict, markdown: str, lang: str) -> str:
    with session() as s:
        row = Plan(sender=sender, answers=answers, markdown=markdown, lang=lang)
        s.add(row)
        s.flush()
        return row.id


def latest_plan(sender: str) -> Plan | None:
    with session() as s:
        return s.scalars(select(Plan).where(Plan.sender == sender).order_by(Plan.created.desc())).first()


def plan_markdown(plan_id: str) -> str | None:
    with session() as s:
        row = s.get(Plan, plan_id)
        return row.markdown if row else None


def save_feedback(sender: str, rating: str, passage_ids: list[str]) -> None:
    with session() as s:
        s.add(Feedback(sender=sender, rating=rating, passage_ids=passage_ids))


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
