"""Tables of user data. Ids of stored files are random UUIDs: they are the only key to a chart or
a plan, so they must not be guessable."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
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


# --- Leadership programmes (trainers and cohorts) ------------------------------------------------


class Trainer(Base):
    """A trainer account, made by an admin with ``python -m userdata.trainers``."""

    __tablename__ = "trainers"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, never the password
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # Part of every login cookie; raised on logout, a new password and deletion, so that a copied
    # cookie stops working at once (the cookie itself cannot be taken back).
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Cohort(Base):
    """One group in a leadership programme; participants join it with its code."""

    __tablename__ = "cohorts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    trainer_id: Mapped[str] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date, nullable=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # How many may join; the trainer sets it to the size of the group, so that nobody else can.
    seats: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    # When the trainer closed the course: nobody joins after that, and a last snapshot is taken.
    closed: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Membership(UserRecord, Base):
    """A participant (Rasa sender id) in a cohort: at most one cohort at a time."""

    __tablename__ = "cohort_memberships"
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)


class CohortQuestion(UserRecord, Base):
    """A question a cohort member asked the advisor, normalised, with the thesis sections the answer
    cited. It stays the participant's (deleted with their data or when they leave); trainers see
    only questions and topics several participants share."""

    __tablename__ = "cohort_questions"
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(300))
    # ["000 4.2.1.1.1", …]: thesis id and display section number of each cited passage.
    sections: Mapped[list] = mapped_column(JSON)


class CohortSnapshot(Base):
    """One evaluation of a cohort's group figures (userdata/cohort_snapshots.py).

    Trainers see only released snapshots. ``kind`` is "results" (readiness figures) or
    "questions" (questions and topics); each kind is released on its own. ``members`` maps each
    contributing membership's id to a fingerprint of what it contributed, so that the next
    snapshot can count how many participants changed; it holds random ids only."""

    __tablename__ = "cohort_snapshots"
    __table_args__ = (UniqueConstraint("cohort_id", "kind", "taken", name="uq_cohort_snapshots_slot"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The moment the figures describe: data up to then, nothing later.
    taken: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    released: Mapped[bool] = mapped_column(Boolean)
    contributors: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    members: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class JoinAttempt(Base):
    """A join code tried by a sender, kept for a day so that codes cannot be guessed quickly
    (userdata/join_guard.py). Holds no code and no address."""

    __tablename__ = "join_attempts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    sender: Mapped[str] = mapped_column(String(128), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    missed: Mapped[bool] = mapped_column(Boolean)
