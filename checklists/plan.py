"""The planning checklist «Planlegg å gi fra deg styringen» as typed objects (``checklists/plan.yml``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checklists.common import (
    CONTENT_DIR, ContentError, SourceRef, Text, content_id, listing, read_yaml, sources, text, unique,
)

PLAN_PATH = CONTENT_DIR / "plan.yml"
SLOT_PREFIX = "hp_"


@dataclass(frozen=True)
class Phase:
    id: str
    title: Text
    index: int


@dataclass(frozen=True)
class PlanStep:
    id: str
    phase: str
    heading: Text  # heading in the plan document
    question: Text
    advice: Text  # shown in the document when the step is skipped or the answer is thin
    sources: tuple[SourceRef, ...]
    index: int  # position in the content (question order)

    @property
    def slot(self) -> str:
        return SLOT_PREFIX + self.id


@dataclass(frozen=True)
class PlanContent:
    title: Text
    document_title: Text
    document_note: Text
    intro: Text
    phases: tuple[Phase, ...]
    steps: tuple[PlanStep, ...]

    def step(self, step_id: str) -> PlanStep:
        """By id, or by slot name ("hp_" + id). Raises KeyError."""
        for st in self.steps:
            if st.id == step_id or st.slot == step_id:
                return st
        raise KeyError(f"no plan step {step_id!r}")

    def phase(self, phase_id: str) -> Phase:
        for ph in self.phases:
            if ph.id == phase_id:
                return ph
        raise KeyError(f"no plan phase {phase_id!r}")

    def steps_in(self, phase_id: str) -> tuple[PlanStep, ...]:
        return tuple(st for st in self.steps if st.phase == phase_id)

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(st.slot for st in self.steps)


def read_plan(path: Path = PLAN_PATH, sources_path: Path | None = None) -> PlanContent:
    """Parse and validate a plan file (uncached; ``load_plan`` is the cached default)."""
    where = str(path)
    data = read_yaml(path)
    phases = []
    for i, raw in enumerate(listing(data, "phases", where)):
        phase_id = content_id(raw.get("id"), f"{where}: phase {i + 1}")
        phases.append(Phase(id=phase_id, title=text(raw.get("title"), f"{where}: {phase_id}.title"), index=i))
    unique([p.id for p in phases], f"{where}: phases")
    phase_order = [p.id for p in phases]

    steps = []
    for i, raw in enumerate(listing(data, "steps", where)):
        step_id = content_id(raw.get("id"), f"{where}: step {i + 1}")
        at = f"{where}: step {step_id}"
        if raw.get("phase") not in phase_order:
            raise ContentError(f"{at}: unknown phase {raw.get('phase')!r}")
        steps.append(PlanStep(
            id=step_id,
            phase=raw["phase"],
            heading=text(raw.get("heading"), f"{at}.heading"),
            question=text(raw.get("question"), f"{at}.question"),
            advice=text(raw.get("advice"), f"{at}.advice"),
            sources=sources(raw.get("sources"), f"{at}.sources", sources_path),
            index=i,
        ))
    unique([s.id for s in steps], f"{where}: steps")
    empty = [p.id for p in phases if not any(s.phase == p.id for s in steps)]
    if empty:
        raise ContentError(f"{where}: phases without steps: {empty}")
    order = [s.phase for s in steps]
    if order != sorted(order, key=phase_order.index):
        raise ContentError(f"{where}: steps must be grouped by phase, in the order of 'phases'")

    return PlanContent(
        title=text(data.get("title"), f"{where}: title"),
        document_title=text(data.get("document_title"), f"{where}: document_title"),
        document_note=text(data.get("document_note"), f"{where}: document_note"),
        intro=text(data.get("intro"), f"{where}: intro"),
        phases=tuple(phases),
        steps=tuple(steps),
    )


@lru_cache(maxsize=1)
def load_plan() -> PlanContent:
    """The planning checklist, parsed and validated once per process."""
    return read_plan()
