"""The two small models learned on the dev set, stored as JSON next to the code.

* the second-stage ranker: a logistic regression over a candidate passage's features
  (``RANK_FEATURES`` in features.py) whose logit orders the candidates;
* the answerability classifier: a logistic regression over a question's features
  (``ANSWERABLE_FEATURES``) with the threshold that refuses at most 5 % of the dev set's
  answerable questions;
* the sentence chooser: a logistic regression over a sentence's features (``SENTENCE_FEATURES``)
  whose logit decides which sentences of a passage are quoted.

``bench/learn_ranking.py`` fits them with scikit-learn and writes them here; at run time only
their coefficients are needed, so the action server does not import scikit-learn.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RANKER_FILE = "ranker.json"
ANSWERABLE_FILE = "answerable.json"
SENTENCES_FILE = "sentences.json"


class WeightsMismatch(RuntimeError):
    """The stored model was fitted on other features than the code computes."""


@dataclass
class LinearModel:
    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float = 0.5  # for a classifier: probability from which it says yes
    info: dict = field(default_factory=dict)  # what it was fitted on, and how well it did

    def logits(self, x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(x)))

    def check(self, expected: list[str], path: Path) -> "LinearModel":
        if list(self.features) != list(expected):
            missing = [f for f in expected if f not in self.features][:5]
            extra = [f for f in self.features if f not in expected][:5]
            raise WeightsMismatch(
                f"{path} was fitted on {len(self.features)} features, the code computes {len(expected)} "
                f"(missing e.g. {missing}, unknown e.g. {extra}); run `.venv/bin/python -m bench.learn_ranking`")
        return self

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": float(self.intercept),
                "threshold": float(self.threshold), "info": self.info}

    @classmethod
    def from_dict(cls, data: dict) -> "LinearModel":
        return cls(list(data["features"]), np.asarray(data["mean"], dtype=np.float64),
                   np.asarray(data["scale"], dtype=np.float64), np.asarray(data["coef"], dtype=np.float64),
                   float(data["intercept"]), float(data.get("threshold", 0.5)), dict(data.get("info", {})))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_model(path: Path, expected: list[str]) -> LinearModel | None:
    """The model at ``path`` checked against the features the code computes; None if absent."""
    if not path.exists():
        return None
    return LinearModel.from_dict(json.loads(path.read_text(encoding="utf-8"))).check(expected, path)
