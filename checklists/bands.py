"""Bands of a readiness dimension score (0–100): «lite på plass» below 40, «delvis» 40–69, «godt på
plass» 70 and above. A dimension is a weak area for a participant in the lowest band.

The trainers' group figures count participants per band (``userdata/cohort_report.py``) and the
trainer pages draw and explain them (``bot/trainer/``). Bands are reading aids, like the check's own
scores, not measurements; neither thesis defines a scale or thresholds.
"""
from __future__ import annotations

from dataclasses import dataclass

from checklists.common import Text

LOW_BELOW = 40.0
HIGH_FROM = 70.0


@dataclass(frozen=True)
class Band:
    id: str
    name: Text
    range: Text  # the scores it covers, in words


BANDS = (
    Band("low", Text("Lite på plass", "Not in place"), Text(f"under {LOW_BELOW:.0f}", f"below {LOW_BELOW:.0f}")),
    Band("middle", Text("Delvis", "Partly"), Text(f"{LOW_BELOW:.0f}–{HIGH_FROM - 1:.0f}", f"{LOW_BELOW:.0f}–{HIGH_FROM - 1:.0f}")),
    Band("high", Text("Godt på plass", "Well in place"), Text(f"{HIGH_FROM:.0f}+", f"{HIGH_FROM:.0f}+")),
)


def band(score: float) -> str:
    """The id of the band a dimension score falls in: "low", "middle" or "high"."""
    return "low" if score < LOW_BELOW else "high" if score >= HIGH_FROM else "middle"


def legend(band_: Band, lang: str | None = None) -> str:
    """«Lite på plass (under 40)»."""
    return f"{band_.name[lang]} ({band_.range[lang]})"
