"""Reading one series from Prometheus's text format, for the tests of /metrics."""
from __future__ import annotations

import re


def sample(text: str, name: str, **labels: str) -> float:
    """The value of the series ``name`` with exactly these labels (0 when it is not there yet)."""
    wanted = sorted(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        match = re.fullmatch(rf"{re.escape(name)}(?:\{{(.*)\}})? (\S+)", line)
        if match and sorted(filter(None, (match.group(1) or "").split(","))) == wanted:
            return float(match.group(2))
    return 0.0
