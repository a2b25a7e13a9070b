"""The group's distribution per dimension as one SVG: a stacked bar per dimension of how many
participants are «lite på plass», «delvis» and «godt på plass» (matplotlib)."""
from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt  # noqa: E402

from bot.trainer.views import LANG, DimensionRow  # noqa: E402
from checklists.bands import BANDS, legend  # noqa: E402

COLOURS = {"low": "#c0392b", "middle": "#e6a23c", "high": "#2e7d32"}


def distribution_svg(rows: tuple[DimensionRow, ...]) -> bytes:
    shown = [r for r in rows if r.figures.shown]
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(shown) + 1.4))
    try:
        labels = ["\n".join(textwrap.wrap(r.name, 26)) for r in shown][::-1]
        left = [0] * len(shown)
        for band in BANDS:
            counts = [getattr(r.figures, band.id) for r in shown][::-1]
            bars = ax.barh(labels, counts, left=left, color=COLOURS[band.id], label=legend(band, LANG))
            ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], label_type="center", color="white")
            left = [a + b for a, b in zip(left, counts)]
        ax.set_xlabel("Antall deltakere")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.3 / max(len(shown), 1)), ncol=3, frameon=False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        return out.getvalue()
    finally:
        plt.close(fig)
