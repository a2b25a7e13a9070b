"""The group's distribution per dimension as one SVG: a stacked bar per dimension of how many
participants are «lite på plass», «delvis» and «godt på plass» (matplotlib)."""
from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt  # noqa: E402

from bot.trainer.views import DimensionRow  # noqa: E402

BANDS = (("low", "Lite på plass (under 40)", "#c0392b"), ("middle", "Delvis (40–69)", "#e6a23c"),
         ("high", "Godt på plass (70+)", "#2e7d32"))


def distribution_svg(rows: tuple[DimensionRow, ...]) -> bytes:
    shown = [r for r in rows if r.figures.shown]
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(shown) + 1.4))
    try:
        labels = ["\n".join(textwrap.wrap(r.name, 26)) for r in shown][::-1]
        left = [0] * len(shown)
        for key, label, colour in BANDS:
            counts = [getattr(r.figures, key) for r in shown][::-1]
            bars = ax.barh(labels, counts, left=left, color=colour, label=label)
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
