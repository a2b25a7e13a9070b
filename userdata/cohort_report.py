"""What a trainer sees of a cohort: group figures only, and only when enough people contributed.

- Each participant counts with their latest readiness result. A dimension's figures are shown
  only when at least ``min_group`` participants have a score in it, so no one can be singled out
  (with 5, a participant who knows four others' answers still cannot learn the fifth's).
- Bands of a dimension score (0–100): «lite på plass» below 40, «delvis» 40–69, «godt på plass»
  70 and above. A dimension is a weak area for a participant below 50, i.e. mostly «nei» or
  «vet ikke». These are reading aids, like the check's own scores, not measurements.
- Questions are shown only when at least ``min_group`` participants asked any, and a question
  only when at least two participants asked it in the same normalised words: a question only
  one person asked could identify them. Topics (thesis sections the answers cited) count each
  participant once.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import select

from userdata.cohorts import member_count
from userdata.models import CohortQuestion, Membership, ReadinessResult
from userdata.settings import get_settings
from userdata.store import session

LOW_BELOW = 40.0
HIGH_FROM = 70.0
WEAK_BELOW = 50.0
MIN_ASKERS_PER_QUESTION = 2


@dataclass(frozen=True)
class DimensionFigures:
    dimension: str
    participants: int  # with a score in this dimension
    mean: float | None  # None when too few participants to show
    low: int
    middle: int
    high: int
    weak: int  # participants for whom this is a weak area

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class Shared:
    """A question or thesis section and how many participants it came from."""

    key: str
    participants: int


@dataclass(frozen=True)
class CohortReport:
    joined: int
    completed: int  # participants with a readiness result
    min_group: int
    dimensions: tuple[DimensionFigures, ...]  # empty when too few completed
    askers: int  # participants who asked the advisor a question
    questions: tuple[Shared, ...]  # most frequent first; empty when too few askers
    topics: tuple[Shared, ...]

    @property
    def shown(self) -> bool:
        return self.completed >= self.min_group

    @property
    def questions_shown(self) -> bool:
        return self.askers >= self.min_group

    def weakest(self, n: int = 2) -> list[DimensionFigures]:
        """The dimensions with the lowest group mean: where the group should start."""
        return sorted((d for d in self.dimensions if d.shown), key=lambda d: d.mean)[:n]

    def weak_areas(self) -> list[DimensionFigures]:
        """Dimensions that are a weak area for at least one participant, most common first."""
        return sorted((d for d in self.dimensions if d.shown and d.weak), key=lambda d: (-d.weak, d.mean))


def _band(score: float) -> str:
    return "low" if score < LOW_BELOW else "high" if score >= HIGH_FROM else "middle"


def aggregate_dimensions(
    scores: Sequence[dict[str, float | None]], dimension_ids: Sequence[str], min_group: int
) -> tuple[DimensionFigures, ...]:
    """``scores``: one ``dimension_scores`` mapping per participant (as stored with a result)."""
    if len(scores) < min_group:
        return ()
    figures = []
    for dim in dimension_ids:
        values = [s[dim] for s in scores if s.get(dim) is not None]
        bands = Counter(_band(v) for v in values)
        enough = len(values) >= min_group
        figures.append(DimensionFigures(
            dimension=dim,
            participants=len(values),
            mean=sum(values) / len(values) if enough else None,
            low=bands["low"] if enough else 0,
            middle=bands["middle"] if enough else 0,
            high=bands["high"] if enough else 0,
            weak=sum(v < WEAK_BELOW for v in values) if enough else 0,
        ))
    return tuple(figures)


def aggregate_questions(
    asked: Iterable[tuple[str, str, list[str]]], min_group: int, limit: int = 10
) -> tuple[int, tuple[Shared, ...], tuple[Shared, ...]]:
    """``asked``: (participant, normalised question, cited sections) → askers, questions, topics."""
    by_question: dict[str, set[str]] = defaultdict(set)
    by_topic: dict[str, set[str]] = defaultdict(set)
    askers: set[str] = set()
    for sender, question, sections in asked:
        askers.add(sender)
        by_question[question].add(sender)
        for section in sections:
            by_topic[section].add(sender)
    if len(askers) < min_group:
        return len(askers), (), ()

    def ranked(groups: dict[str, set[str]], at_least: int) -> tuple[Shared, ...]:
        counted = [Shared(key, len(who)) for key, who in groups.items() if len(who) >= at_least]
        return tuple(sorted(counted, key=lambda s: (-s.participants, s.key))[:limit])

    return len(askers), ranked(by_question, MIN_ASKERS_PER_QUESTION), ranked(by_topic, MIN_ASKERS_PER_QUESTION)


def latest_scores(cohort_id: str) -> list[dict[str, float | None]]:
    """Each member's latest readiness result's dimension scores."""
    with session() as s:
        rows = s.execute(
            select(ReadinessResult.sender, ReadinessResult.result, ReadinessResult.created)
            .join(Membership, Membership.sender == ReadinessResult.sender)
            .where(Membership.cohort_id == cohort_id)
        ).all()
    latest: dict[str, tuple] = {}
    for sender, result, created in rows:
        if sender not in latest or created > latest[sender][1]:
            latest[sender] = (result, created)
    return [result.get("dimension_scores", {}) for result, _ in latest.values()]


def cohort_report(cohort_id: str, dimension_ids: Sequence[str], min_group: int | None = None) -> CohortReport:
    min_group = min_group or get_settings().min_group_size
    scores = latest_scores(cohort_id)
    with session() as s:
        asked = s.execute(
            select(CohortQuestion.sender, CohortQuestion.question, CohortQuestion.sections)
            .where(CohortQuestion.cohort_id == cohort_id)
        ).all()
    askers, questions, topics = aggregate_questions(asked, min_group)
    return CohortReport(
        joined=member_count(cohort_id),
        completed=len(scores),
        min_group=min_group,
        dimensions=aggregate_dimensions(scores, dimension_ids, min_group),
        askers=askers,
        questions=questions,
        topics=topics,
    )
