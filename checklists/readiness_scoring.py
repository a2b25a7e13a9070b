"""Scores for the readiness check.

- Each answer is 0 (nei), 1 (delvis), 2 (ja) or None (vet ikke). An item missing from ``answers``
  was not answered (e.g. the leader stopped early); it counts nowhere.
- A dimension's score is the mean of its known answers × 50, so 0–100; a dimension with no known
  answer has ``None``.
- The overall score is the mean of the dimension scores that are not ``None`` (each dimension
  weighs the same, as in the chart), or ``None`` if nothing is known.
- ``weakest(n)``: items answered 0 first, then «vet ikke», then 1; never items answered 2 or not
  answered. Ties go to the item whose dimension scores lower (a dimension without a score first),
  then to content order.

These are design choices for a reflection aid; neither thesis defines a scale or thresholds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from checklists.readiness import ReadinessContent, ReadinessItem, load_readiness

RESULT_VERSION = 1
VALID_VALUES = (0, 1, 2, None)
# Rank in weakest(): 0 first, then "vet ikke", then 1.
_WEAK_RANK = {0: 0, None: 1, 1: 2}


def _value(raw: Any, key: str) -> int | None:
    """Accepts 0/1/2/None, also as floats (Rasa float slots) or digit strings."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(f"answer for {key!r} must be 0, 1, 2 or None, got {raw!r}")
    if isinstance(raw, str) and raw.strip() in {"0", "1", "2"}:
        return int(raw.strip())
    if isinstance(raw, (int, float)) and raw in (0, 1, 2):
        return int(raw)
    raise ValueError(f"answer for {key!r} must be 0, 1, 2 or None, got {raw!r}")


def display_score(value: float | None) -> int | None:
    """0–100 rounded half up for display (Python's round() would give 62 for 62.5)."""
    return None if value is None else int(value + 0.5)


@dataclass(frozen=True)
class ReadinessResult:
    answers: dict[str, int | None]  # item id → value, content order; only answered items
    dimension_scores: dict[str, float | None]  # dimension id → 0–100 or None, content order
    overall: float | None
    answered: int  # items answered 0, 1 or 2
    unknown: int  # items answered «vet ikke»
    unanswered: int  # items not answered at all
    version: int = field(default=RESULT_VERSION)

    # --- reading -------------------------------------------------------------------------------

    def dimension_score(self, dimension_id: str) -> float | None:
        return self.dimension_scores[dimension_id]

    def weakest(self, n: int = 3, content: ReadinessContent | None = None) -> list[ReadinessItem]:
        """The ``n`` items to work on first (see the module docstring for the order)."""
        content = content or load_readiness()
        candidates = []
        for item in content.items:
            if item.id not in self.answers:
                continue
            value = self.answers[item.id]
            if value == 2:
                continue
            dim_score = self.dimension_scores.get(item.dimension)
            candidates.append(((_WEAK_RANK[value], -1.0 if dim_score is None else dim_score, item.index), item))
        candidates.sort(key=lambda pair: pair[0])
        return [item for _, item in candidates[:max(n, 0)]]

    # --- storage -------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; ``from_dict(json.loads(json.dumps(r.to_dict()))) == r``."""
        return {
            "version": self.version,
            "answers": dict(self.answers),
            "dimension_scores": dict(self.dimension_scores),
            "overall": self.overall,
            "answered": self.answered,
            "unknown": self.unknown,
            "unanswered": self.unanswered,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ReadinessResult":
        """Restores a stored result as it was scored (scores are not recomputed, so a result
        shown again later is the one the leader saw, even if the content has changed since)."""
        if data.get("version") != RESULT_VERSION:
            raise ValueError(f"unsupported readiness result version {data.get('version')!r}")
        try:
            answers = {str(k): _value(v, str(k)) for k, v in data["answers"].items()}
            scores = {
                str(k): (None if v is None else float(v)) for k, v in data["dimension_scores"].items()
            }
            overall = data["overall"]
            return cls(
                answers=answers,
                dimension_scores=scores,
                overall=None if overall is None else float(overall),
                answered=int(data["answered"]),
                unknown=int(data["unknown"]),
                unanswered=int(data["unanswered"]),
                version=RESULT_VERSION,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed readiness result: {exc}") from exc


def score(answers: Mapping[str, Any], content: ReadinessContent | None = None) -> ReadinessResult:
    """Score the answers (item id, or slot name "rc_<id>", → 0/1/2/None).

    Raises ``ValueError`` for an unknown item or a value other than 0, 1, 2 or None."""
    content = content or load_readiness()
    given: dict[str, int | None] = {}
    for key, raw in answers.items():
        try:
            item = content.item(key)
        except KeyError:
            raise ValueError(f"unknown readiness item {key!r}") from None
        given[item.id] = _value(raw, key)

    ordered = {it.id: given[it.id] for it in content.items if it.id in given}
    dimension_scores: dict[str, float | None] = {}
    for dim in content.dimensions:
        known = [ordered[it.id] for it in content.items_in(dim.id) if ordered.get(it.id) is not None]
        dimension_scores[dim.id] = sum(known) / len(known) * 50 if known else None
    scored = [s for s in dimension_scores.values() if s is not None]
    return ReadinessResult(
        answers=ordered,
        dimension_scores=dimension_scores,
        overall=sum(scored) / len(scored) if scored else None,
        answered=sum(1 for v in ordered.values() if v is not None),
        unknown=sum(1 for v in ordered.values() if v is None),
        unanswered=len(content.items) - len(ordered),
    )
