"""The planning checklist «Planlegg å gi fra deg styringen» as typed objects (``checklists/plan.yml``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checklists.common import CONTENT_DIR, Text, groups, members, read_yaml, texts
from citations import CitedSection

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
    sources: tuple[CitedSection, ...]
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
    phases = groups(data, "phases", "phase", ("title",), where)
    steps = members(data, "steps", "step", "phase", phases, ("heading", "question", "advice"), where, sources_path)
    return PlanContent(
        **texts(data, ("title", "document_title", "document_note", "intro"), where),
        phases=tuple(Phase(id=p["id"], title=p["title"], index=p["index"]) for p in phases),
        steps=tuple(PlanStep(**s) for s in steps),
    )


@lru_cache(maxsize=1)
def load_plan() -> PlanContent:
    """The planning checklist, parsed and validated once per process."""
    return read_plan()
