"""A PNG bar chart of the readiness result, for the chat (800 × 500 px, readable on a phone).

Uses matplotlib's Agg canvas directly (no pyplot, no display, no global figure state), so it is
safe in the action server's worker threads. The output is deterministic: same result and language,
same bytes.
"""
from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # explicit: never a GUI backend in the action server

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from checklists.common import normalize_lang  # noqa: E402
from checklists.readiness import ReadinessContent, load_readiness  # noqa: E402
from checklists.readiness_scoring import ReadinessResult, display_score  # noqa: E402

WIDTH_PX, HEIGHT_PX, DPI = 800, 500, 100
# Okabe–Ito blue: distinguishable for all common colour-vision deficiencies, 4.9:1 on white.
BAR_COLOUR = "#0072B2"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#555555"  # 7.5:1 on white
GRID_COLOUR = "#d0d0d0"
FONT = "DejaVu Sans"  # ships with matplotlib; has æøå and «»

_TEXT = {
    "nb": {"overall": "Samlet: {score} av 100", "no_overall": "Samlet: ingen svar", "axis": "Poeng (0–100)",
           "none": "ingen svar å regne på"},
    "en": {"overall": "Overall: {score} of 100", "no_overall": "Overall: no answers", "axis": "Score (0–100)",
           "none": "no answers to score"},
}


def render_chart(result: ReadinessResult, lang: str | None, content: ReadinessContent | None = None) -> bytes:
    """Horizontal bars per dimension (0–100), title, overall score, disclaimer as a footnote."""
    lang = normalize_lang(lang)
    content = content or load_readiness()
    words = _TEXT[lang]

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.36, right=0.93, top=0.80, bottom=0.22)
    ax = fig.add_subplot()

    dims = content.dimensions
    positions = list(range(len(dims)))
    scores = [result.dimension_scores.get(d.id) for d in dims]
    ax.barh(positions, [s or 0 for s in scores], height=0.62, color=BAR_COLOUR, zorder=2)
    for pos, value in zip(positions, scores):
        if value is None:
            ax.text(2, pos, words["none"], va="center", ha="left", fontsize=12, style="italic",
                    color=MUTED_COLOUR, family=FONT)
        else:
            shown = display_score(value)
            inside = shown >= 88  # keep the label inside the axes for high scores
            ax.text(value - 2 if inside else value + 2, pos, str(shown), va="center",
                    ha="right" if inside else "left", fontsize=14, fontweight="bold",
                    color="white" if inside else TEXT_COLOUR, family=FONT, zorder=3)

    ax.set_yticks(positions)
    ax.set_yticklabels([textwrap.fill(d.name[lang], 25) for d in dims], fontsize=13, color=TEXT_COLOUR,
                       family=FONT)
    ax.invert_yaxis()  # first dimension on top
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.tick_params(axis="x", labelsize=11, colors=MUTED_COLOUR)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(words["axis"], fontsize=11, color=MUTED_COLOUR, family=FONT)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.8, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID_COLOUR)

    overall = display_score(result.overall)
    fig.text(0.03, 0.93, content.title[lang], fontsize=19, fontweight="bold", color=TEXT_COLOUR,
             family=FONT, va="center")
    fig.text(0.03, 0.86, words["overall"].format(score=overall) if overall is not None else words["no_overall"],
             fontsize=14, color=TEXT_COLOUR, family=FONT, va="center")
    fig.text(0.03, 0.025, textwrap.fill(content.disclaimer_short[lang], 115), fontsize=9,
             color=MUTED_COLOUR, family=FONT, va="bottom")

    buffer = io.BytesIO()
    # No "Software"/date metadata: identical input gives identical bytes.
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()
