"""The readiness check «Er vi klare for samskaping?» as typed objects (``checklists/readiness.yml``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from checklists.common import (
    CONTENT_DIR, ContentError, Text, groups, listing, members, read_yaml, resolve_source, text, texts,
)
from citations import CitedSection

READINESS_PATH = CONTENT_DIR / "readiness.yml"
SLOT_PREFIX = "rc_"


@dataclass(frozen=True)
class Reflection:
    """A question for a programme session, adapted from a thesis's interview guide."""

    text: Text
    guide: CitedSection


@dataclass(frozen=True)
class Quote:
    """A sentence or two quoted verbatim (Norwegian) from a thesis section behind the dimension."""

    text: str
    source: CitedSection


@dataclass(frozen=True)
class Dimension:
    id: str
    name: Text
    index: int  # position in the content
    # Trainers' discussion material (bot/trainer pages).
    reflections: tuple[Reflection, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    dimension: str
    label: Text  # 2–5 words, for results and the chart
    question: Text
    advice: Text
    sources: tuple[CitedSection, ...]
    index: int  # position in the content (question order)

    @property
    def slot(self) -> str:
        return SLOT_PREFIX + self.id


# The brief calls them "Item"s.
Item = ReadinessItem


@dataclass(frozen=True)
class ReadinessContent:
    title: Text
    disclaimer: Text
    disclaimer_short: Text  # one line, under the chart
    intro: Text
    dimensions: tuple[Dimension, ...]
    items: tuple[ReadinessItem, ...]

    def item(self, item_id: str) -> ReadinessItem:
        """By id, or by slot name ("rc_" + id). Raises KeyError."""
        for it in self.items:
            if it.id == item_id or it.slot == item_id:
                return it
        raise KeyError(f"no readiness item {item_id!r}")

    def dimension(self, dimension_id: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(f"no readiness dimension {dimension_id!r}")

    def items_in(self, dimension_id: str) -> tuple[ReadinessItem, ...]:
        return tuple(it for it in self.items if it.dimension == dimension_id)

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(it.slot for it in self.items)


def _discussion(raw: Any, where: str, sources_path: Path | None) -> dict[str, tuple]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: needs 'reflections' and 'quotes'")
    reflections = tuple(
        Reflection(
            text({lang: r.get(lang) for lang in ("nb", "en")}, f"{where}.reflections[{i}]"),
            resolve_source(r.get("guide"), f"{where}.reflections[{i}].guide", sources_path),
        )
        for i, r in enumerate(listing(raw, "reflections", where))
    )
    quotes = []
    for i, q in enumerate(listing(raw, "quotes", where)):
        if not isinstance(q.get("quote"), str) or not q["quote"].strip():
            raise ContentError(f"{where}.quotes[{i}]: missing 'quote'")
        quotes.append(Quote(" ".join(q["quote"].split()), resolve_source(q, f"{where}.quotes[{i}]", sources_path)))
    return {"reflections": reflections, "quotes": tuple(quotes)}


def read_readiness(path: Path = READINESS_PATH, sources_path: Path | None = None) -> ReadinessContent:
    """Parse and validate a readiness file (uncached; ``load_readiness`` is the cached default)."""
    where = str(path)
    data = read_yaml(path)
    dimensions = groups(data, "dimensions", "dimension", ("name",), where)
    items = members(data, "items", "item", "dimension", dimensions, ("label", "question", "advice"), where,
                    sources_path)
    return ReadinessContent(
        **texts(data, ("title", "disclaimer", "disclaimer_short", "intro"), where),
        dimensions=tuple(
            Dimension(id=d["id"], name=d["name"], index=d["index"],
                      **_discussion(d["raw"].get("discussion"), f"{where}: {d['id']}.discussion", sources_path))
            for d in dimensions
        ),
        items=tuple(ReadinessItem(**it) for it in items),
    )


@lru_cache(maxsize=1)
def load_readiness() -> ReadinessContent:
    """The readiness check, parsed and validated once per process."""
    return read_readiness()
