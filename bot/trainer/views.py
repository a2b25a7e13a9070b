"""A cohort's report in the words of the readiness check: dimension names, the thesis sections to
read for weak areas, topic titles and the discussion material for a session."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from checklists.bands import BANDS, legend
from checklists.readiness import Dimension, ReadinessContent, load_readiness
from citations import CitedSection, CorpusError, cite, load_corpus
from userdata.cohort_report import CohortReport, DimensionFigures
from userdata.cohort_snapshots import cohort_report

LANG = "nb"  # the trainer pages are in bokmål, like the programmes they serve


@dataclass(frozen=True)
class DimensionRow:
    name: str
    figures: DimensionFigures


@dataclass(frozen=True)
class WeakArea:
    name: str
    participants: int  # in the lowest band
    reading: tuple[CitedSection, ...]  # the thesis sections behind the dimension's questions


@dataclass(frozen=True)
class CohortView:
    report: CohortReport
    rows: tuple[DimensionRow, ...]
    weak_areas: tuple[WeakArea, ...]
    topics: tuple[tuple[str, int], ...]  # (citation, participants)
    # «Lite på plass (under 40), Delvis (40–69), Godt på plass (70+)», as the chart's legend.
    band_legend: str = ", ".join(legend(band, LANG) for band in BANDS)


# Enough to prepare a session with; the full list is in the participants' own results.
READING_PER_AREA = 4


def _reading(content: ReadinessContent, dimension_id: str) -> tuple[CitedSection, ...]:
    """The sections behind the dimension's questions, each question's first source first."""
    seen: dict[tuple[str, str], CitedSection] = {}
    items = content.items_in(dimension_id)
    for rank in range(max(len(item.sources) for item in items)):
        for item in items:
            if rank < len(item.sources):
                seen.setdefault((item.sources[rank].thesis, item.sources[rank].section), item.sources[rank])
    return tuple(seen.values())[:READING_PER_AREA]


def topic_title(topic: str) -> str:
    """"000 4.2.1.1.1" → "Borge og Kaasa (2023), 4.2.1.1.1 Felles forståelse av samskaping"."""
    thesis_id, _, number = topic.partition(" ")
    try:
        return cite(load_corpus().cited(thesis_id, number), LANG, "section")
    except CorpusError:
        return topic


def cohort_view(cohort_id: str, now: datetime | None = None) -> CohortView:
    content = load_readiness()
    report = cohort_report(cohort_id, [d.id for d in content.dimensions], now=now)
    names = {d.id: d.name[LANG] for d in content.dimensions}
    rows = weak = ()
    if report.results:
        rows = tuple(DimensionRow(names[f.dimension], f) for f in report.results.dimensions)
        weak = tuple(WeakArea(names[f.dimension], f.weak, _reading(content, f.dimension))
                     for f in report.results.weak_areas())
    topics = tuple((topic_title(t.key), t.participants) for t in report.questions.topics) if report.questions else ()
    return CohortView(report, rows, weak, topics)


def discussion_dimensions(report: CohortReport) -> list[tuple[Dimension, bool]]:
    """Every dimension with its material, the group's weakest first (flagged True) when figures are
    shown; otherwise in the check's order."""
    content = load_readiness()
    weakest = [content.dimension(f.dimension) for f in report.weakest(2)]
    return [(d, True) for d in weakest] + [(d, False) for d in content.dimensions if d not in weakest]
