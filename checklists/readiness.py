"""The readiness check «Er vi klare for samskaping?» as typed objects (``checklists/readiness.yml``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from checklists.common import (
    CONTENT_DIR, ContentError, SourceRef, Text, content_id, listing, read_yaml, resolve_source, sources, text,
    unique,
)

READINESS_PATH = CONTENT_DIR / "readiness.yml"
SLOT_PREFIX = "rc_"


@dataclass(frozen=True)
class Reflection:
    """A question for a programme session, adapted from a thesis's interview guide."""

    text: Text
    guide: SourceRef


@dataclass(frozen=True)
class Quote:
    """A sentence or two quoted verbatim (Norwegian) from a thesis section behind the dimension."""

    text: str
    source: SourceRef


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
    sources: tuple[SourceRef, ...]
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
    dimensions = []
    for i, raw in enumerate(listing(data, "dimensions", where)):
        dim_id = content_id(raw.get("id"), f"{where}: dimension {i + 1}")
        dimensions.append(Dimension(
            id=dim_id, name=text(raw.get("name"), f"{where}: {dim_id}.name"), index=i,
            **_discussion(raw.get("discussion"), f"{where}: {dim_id}.discussion", sources_path),
        ))
    unique([d.id for d in dimensions], f"{where}: dimensions")
    dim_ids = {d.id for d in dimensions}

    items = []
    for i, raw in enumerate(listing(data, "items", where)):
        item_id = content_id(raw.get("id"), f"{where}: item {i + 1}")
        at = f"{where}: item {item_id}"
        if raw.get("dimension") not in dim_ids:
            raise ContentError(f"{at}: unknown dimension {raw.get('dimension')!r}")
        items.append(ReadinessItem(
            id=item_id,
            dimension=raw["dimension"],
            label=text(raw.get("label"), f"{at}.label"),
            question=text(raw.get("question"), f"{at}.question"),
            advice=text(raw.get("advice"), f"{at}.advice"),
            sources=sources(raw.get("sources"), f"{at}.sources", sources_path),
            index=i,
        ))
    unique([it.id for it in items], f"{where}: items")
    unused = [d.id for d in dimensions if not any(it.dimension == d.id for it in items)]
    if unused:
        raise ContentError(f"{where}: dimensions without items: {unused}")
    # Items are asked in file order; keep each dimension's items together so the check reads well.
    order = [it.dimension for it in items]
    if order != sorted(order, key=[d.id for d in dimensions].index):
        raise ContentError(f"{where}: items must be grouped by dimension, in the order of 'dimensions'")

    return ReadinessContent(
        title=text(data.get("title"), f"{where}: title"),
        disclaimer=text(data.get("disclaimer"), f"{where}: disclaimer"),
        disclaimer_short=text(data.get("disclaimer_short"), f"{where}: disclaimer_short"),
        intro=text(data.get("intro"), f"{where}: intro"),
        dimensions=tuple(dimensions),
        items=tuple(items),
    )


@lru_cache(maxsize=1)
def load_readiness() -> ReadinessContent:
    """The readiness check, parsed and validated once per process."""
    return read_readiness()
