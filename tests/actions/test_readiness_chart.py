"""The result chart: a PNG of phone-friendly size, in both languages, deterministic."""
import struct

import matplotlib
import pytest

from actions.readiness_chart import render_chart
from checklists.readiness import load_readiness
from checklists.readiness_scoring import score

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def readiness():
    return load_readiness()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def mixed_result(readiness):
    answers = {item.id: value for item, value in zip(readiness.items, [0, 1, 2, None] * 4)}
    # The last dimension gets no known answer at all, the rest a mix.
    for item in readiness.items_in("organisation"):
        answers[item.id] = None
    return score(answers)


@pytest.fixture(scope="module")
def charts(mixed_result):
    return {lang: render_chart(mixed_result, lang) for lang in ("nb", "en")}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_chart_is_an_800x500_png_of_sensible_size(charts, lang):
    data = charts[lang]
    assert data.startswith(PNG_MAGIC)
    assert _png_size(data) == (800, 500)
    assert 10_000 < len(data) < 300_000


def test_chart_differs_by_language_and_is_deterministic(mixed_result, charts):
    assert charts["en"] != charts["nb"]
    assert render_chart(mixed_result, "xx") == charts["nb"]  # same bytes again; unknown language → bokmål


def test_chart_handles_an_all_yes_result(readiness):
    # 100 puts the value label inside the bar; the mixed result covers a dimension without a score.
    assert render_chart(score({i.id: 2 for i in readiness.items}), "en").startswith(PNG_MAGIC)


def test_chart_uses_the_agg_backend():
    assert matplotlib.get_backend().lower() == "agg"
