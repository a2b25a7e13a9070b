"""What a trainer may see of a cohort, computed from the participants' contributions: counts per
band, never a mean to a person's precision, and nothing unless enough people contributed.

- Each participant counts with their latest readiness result. A dimension's figures are shown
  only when at least ``min_group`` participants have a score in it.
- Bands of a dimension score as ``checklists/bands.py`` defines them (below 40, 40–69, 70 and
  above). A dimension is a weak area for a participant in the lowest band. Only the three
  band counts are published: with the old means, four made-up participants who answered «nei»
  turned a group mean times five into one real person's exact scores. Bands are reading aids,
  like the check's own scores, not measurements.
- Questions are shown only when at least ``min_group`` participants asked any, and a question
  (or a cited thesis section) only when at least three different participants asked it in the
  same normalised words: with two, one made-up participant repeating a guessed question would
  confirm that someone asked it.

These are pure functions over what one snapshot holds; when figures are taken and released is
userdata/cohort_snapshots.py.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Iterable, Sequence

from checklists.bands import band

MIN_ASKERS_PER_QUESTION = 3
BANDS = ("low", "middle", "high")


@dataclass(frozen=True)
class DimensionFigures:
    dimension: str
    participants: int  # with a score in this dimension
    low: int
    middle: int
    high: int
    shown: bool  # False: fewer than min_group could answer it; the band counts are then 0

    @property
    def weak(self) -> int:
        """Participants for whom this is a weak area (the lowest band)."""
        return self.low


@dataclass(frozen=True)
class Shared:
    """A question or thesis section and how many participants it came from."""

    key: str
    participants: int


@dataclass(frozen=True)
class ResultFigures:
    """The readiness figures of one released snapshot."""

    taken: datetime
    completed: int
    dimensions: tuple[DimensionFigures, ...]

    def weakest(self, n: int = 2) -> list[DimensionFigures]:
        """Where the group should start: most participants in the lowest band, then in the middle
        one; ties keep the check's order (no hidden mean decides, so the order reveals no more
        than the published counts)."""
        shown = [d for d in self.dimensions if d.shown]
        return sorted(shown, key=lambda d: (-d.low, -d.middle))[:n]

    def weak_areas(self) -> list[DimensionFigures]:
        """Dimensions that are a weak area for at least one participant, most common first."""
        return [d for d in self.weakest(len(self.dimensions)) if d.low]

    def to_json(self) -> dict:
        return {"completed": self.completed, "dimensions": [asdict(d) for d in self.dimensions]}

    @classmethod
    def from_json(cls, taken: datetime, data: dict) -> "ResultFigures":
        return cls(taken, data["completed"], tuple(DimensionFigures(**d) for d in data["dimensions"]))


@dataclass(frozen=True)
class QuestionFigures:
    """The questions and topics of one released snapshot."""

    taken: datetime
    askers: int
    questions: tuple[Shared, ...]  # most frequent first
    topics: tuple[Shared, ...]

    def to_json(self) -> dict:
        return {"askers": self.askers, "questions": [asdict(q) for q in self.questions],
                "topics": [asdict(t) for t in self.topics]}

    @classmethod
    def from_json(cls, taken: datetime, data: dict) -> "QuestionFigures":
        return cls(taken, data["askers"], tuple(Shared(**q) for q in data["questions"]),
                   tuple(Shared(**t) for t in data["topics"]))


@dataclass(frozen=True)
class CohortReport:
    """What the trainer page shows: live counts, and the latest released figures of each kind."""

    joined: int
    completed: int  # members with a readiness result now (a count, no scores)
    askers: int  # members who asked the advisor something now
    seats: int
    min_group: int
    results: ResultFigures | None
    questions: QuestionFigures | None
    closed: datetime | None
    next_snapshot: datetime | None  # when figures may next change; None once the cohort is closed

    @property
    def shown(self) -> bool:
        return self.results is not None

    @property
    def questions_shown(self) -> bool:
        return self.questions is not None

    def weakest(self, n: int = 2) -> list[DimensionFigures]:
        return self.results.weakest(n) if self.results else []


def aggregate_dimensions(
    scores: Sequence[dict[str, float | None]], dimension_ids: Sequence[str], min_group: int
) -> tuple[DimensionFigures, ...]:
    """``scores``: one ``dimension_scores`` mapping per participant (as stored with a result)."""
    if len(scores) < min_group:
        return ()
    figures = []
    for dim in dimension_ids:
        values = [s[dim] for s in scores if s.get(dim) is not None]
        enough = len(values) >= min_group
        counts = Counter(band(v) for v in values) if enough else Counter()
        figures.append(DimensionFigures(dim, len(values), counts["low"], counts["middle"], counts["high"], enough))
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

    def ranked(groups: dict[str, set[str]]) -> tuple[Shared, ...]:
        counted = [Shared(key, len(who)) for key, who in groups.items() if len(who) >= MIN_ASKERS_PER_QUESTION]
        return tuple(sorted(counted, key=lambda s: (-s.participants, s.key))[:limit])

    return len(askers), ranked(by_question), ranked(by_topic)
