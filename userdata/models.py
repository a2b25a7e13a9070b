"""Tables of user data. Ids of stored files are random UUIDs: they are the only key to a chart or
a plan, so they must not be guessable."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class UserRecord:
    """What every stored record has: a random id, whose it is (Rasa's sender id), and when."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    sender: Mapped[str] = mapped_column(String(128), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ReadinessResult(UserRecord, Base):
    __tablename__ = "readiness_results"
    lang: Mapped[str] = mapped_column(String(8))
    result: Mapped[dict] = mapped_column(JSON)
    chart_png: Mapped[bytes] = mapped_column(LargeBinary)


class Plan(UserRecord, Base):
    __tablename__ = "plans"
    lang: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict] = mapped_column(JSON)
    markdown: Mapped[str] = mapped_column(Text)


class Feedback(UserRecord, Base):
    __tablename__ = "feedback"
    rating: Mapped[str] = mapped_column(String(8))  # "good" | "bad"
    # Which passages the rated answer quoted; the question text itself is not kept.
    passage_ids: Mapped[list] = mapped_column(JSON)
