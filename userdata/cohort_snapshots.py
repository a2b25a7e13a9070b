"""When a trainer's group figures change: snapshots, released by rules that keep one person's
answers out of reach.

Live figures let a trainer compare the page before and after one participant finishes the check,
and so read that participant's answers off the difference. So the figures a trainer sees come
from snapshots:

- A snapshot describes the cohort as it was at a fixed moment: the start of the current period
  of ``snapshot_interval_hours`` (24: each UTC midnight), or the moment the trainer closed the
  cohort. Only data from before that moment counts, so when the trainer looks makes no
  difference, and there is at most one snapshot per period (and one more at closing).
- A snapshot is released only when at least ``min_group_size`` participants contributed to it
  *and* at least ``min_group_size`` participants' contributions changed since the previous
  released snapshot (joined, left, a new result, a new question). Otherwise the trainer keeps
  seeing the previous one. Any difference between two released snapshots therefore mixes at
  least that many people.
- Readiness results and questions are two kinds, each released on its own rules: a new question
  from one person never rides along with five new results.

What this does not stop: someone who adds ``min_group_size - 1`` made-up participants of their
own and knows what they answered can still learn which band one real participant is in. Seats per
cohort, the member list the trainer sees and prunes, and one release per period bound that; the
README says so plainly.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from userdata.cohort_report import (
    CohortReport,
    QuestionFigures,
    ResultFigures,
    aggregate_dimensions,
    aggregate_questions,
)
from userdata.models import Cohort, CohortQuestion, CohortSnapshot, Membership, ReadinessResult
from userdata.database import current
from userdata.settings import UserdataSettings
from userdata.store import session

RESULTS, QUESTIONS = "results", "questions"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def period_start(now: datetime, interval_hours: float) -> datetime:
    """The latest moment a snapshot may describe: the start of the current period."""
    interval = timedelta(hours=interval_hours)
    return EPOCH + ((utc(now) - EPOCH) // interval) * interval


def _members(s, cohort_id: str, taken: datetime) -> dict[str, str]:
    """membership id → sender, for those who had joined by ``taken`` and are still members."""
    rows = s.execute(select(Membership.id, Membership.sender)
                     .where(Membership.cohort_id == cohort_id, Membership.created <= taken))
    return dict(rows.all())


def _results(s, members: dict[str, str], taken: datetime) -> dict[str, tuple[str, dict]]:
    """membership id → (result id, dimension scores) of each member's latest result by ``taken``."""
    by_sender = {sender: membership for membership, sender in members.items()}
    latest: dict[str, tuple[datetime, str, dict]] = {}
    if by_sender:
        rows = s.execute(select(ReadinessResult.sender, ReadinessResult.id, ReadinessResult.created,
                                ReadinessResult.result)
                         .where(ReadinessResult.sender.in_(by_sender), ReadinessResult.created <= taken))
        for sender, result_id, created, result in rows:
            if sender not in latest or utc(created) > latest[sender][0]:
                latest[sender] = (utc(created), result_id, result.get("dimension_scores", {}))
    return {by_sender[sender]: (result_id, scores) for sender, (_, result_id, scores) in latest.items()}


def _questions(s, cohort_id: str, members: dict[str, str], taken: datetime) -> dict[str, list]:
    """membership id → [(question id, normalised question, sections)] asked by ``taken``."""
    by_sender = {sender: membership for membership, sender in members.items()}
    asked: dict[str, list] = {}
    rows = s.execute(select(CohortQuestion.sender, CohortQuestion.id, CohortQuestion.question, CohortQuestion.sections)
                     .where(CohortQuestion.cohort_id == cohort_id, CohortQuestion.created <= taken)
                     .order_by(CohortQuestion.id))
    for sender, question_id, question, sections in rows:
        if sender in by_sender:
            asked.setdefault(by_sender[sender], []).append((question_id, question, sections))
    return asked


def _fingerprint(question_ids: Sequence[str]) -> str:
    return hashlib.sha256(" ".join(sorted(question_ids)).encode()).hexdigest()[:16]


def changed_members(previous: dict[str, str], current: dict[str, str]) -> int:
    """Participants whose contribution differs: new, gone, or contributing something else."""
    return sum(previous.get(m) != f for m, f in current.items()) + sum(m not in current for m in previous)


def _last_released(s, cohort_id: str, kind: str) -> CohortSnapshot | None:
    return s.scalars(select(CohortSnapshot)
                     .where(CohortSnapshot.cohort_id == cohort_id, CohortSnapshot.kind == kind,
                            CohortSnapshot.released.is_(True))
                     .order_by(CohortSnapshot.taken.desc())).first()


def _evaluate(cohort_id: str, kind: str, taken: datetime, dimension_ids: Sequence[str], min_group: int) -> None:
    """Takes the snapshot of ``kind`` at ``taken`` once; later calls find it stored."""
    try:
        with session() as s:
            exists = s.scalar(select(CohortSnapshot.id).where(
                CohortSnapshot.cohort_id == cohort_id, CohortSnapshot.kind == kind, CohortSnapshot.taken == taken))
            if exists:
                return
            members = _members(s, cohort_id, taken)
            if kind == RESULTS:
                results = _results(s, members, taken)
                current = {m: result_id for m, (result_id, _) in results.items()}
                figures = ResultFigures(taken, len(results), aggregate_dimensions(
                    [scores for _, scores in results.values()], dimension_ids, min_group)).to_json()
            else:
                asked = _questions(s, cohort_id, members, taken)
                current = {m: _fingerprint([q[0] for q in rows]) for m, rows in asked.items()}
                askers, questions, topics = aggregate_questions(
                    ((m, question, sections) for m, rows in asked.items() for _, question, sections in rows), min_group)
                figures = QuestionFigures(taken, askers, questions, topics).to_json()
            previous = _last_released(s, cohort_id, kind)
            changed = changed_members((previous.members or {}) if previous else {}, current)
            released = len(current) >= min_group and changed >= min_group
            s.add(CohortSnapshot(cohort_id=cohort_id, kind=kind, taken=taken, released=released,
                                 contributors=len(current), changed=changed,
                                 figures=figures if released else None, members=current if released else None))
    except IntegrityError:
        pass  # another gateway process took this snapshot at the same moment


def _released(s, cohort_id: str, kind: str):
    row = _last_released(s, cohort_id, kind)
    if row is None:
        return None
    figures = ResultFigures if kind == RESULTS else QuestionFigures
    return figures.from_json(utc(row.taken), row.figures)


def cohort_report(cohort_id: str, dimension_ids: Sequence[str], now: datetime | None = None,
                  settings: UserdataSettings | None = None) -> CohortReport:
    """What the trainer sees now: live counts, and the latest released snapshot of each kind
    (taking the snapshot that is due first)."""
    settings = settings or current().settings
    now = utc(now or datetime.now(timezone.utc))
    min_group = settings.min_group_size
    with session() as s:
        cohort = s.get(Cohort, cohort_id)
        closed = utc(cohort.closed) if cohort.closed else None
        created = utc(cohort.created)
    taken = closed or period_start(now, settings.snapshot_interval_hours)
    if taken >= created:
        for kind in (RESULTS, QUESTIONS):
            _evaluate(cohort_id, kind, taken, dimension_ids, min_group)
    with session() as s:
        members = _members(s, cohort_id, now)
        completed = len(_results(s, members, now))
        askers = s.scalar(select(func.count(func.distinct(CohortQuestion.sender)))
                          .where(CohortQuestion.cohort_id == cohort_id))
        return CohortReport(
            joined=len(members), completed=completed, askers=askers, seats=cohort.seats, min_group=min_group,
            results=_released(s, cohort_id, RESULTS), questions=_released(s, cohort_id, QUESTIONS), closed=closed,
            next_snapshot=None if closed else taken + timedelta(hours=settings.snapshot_interval_hours),
        )
