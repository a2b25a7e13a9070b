"""Prometheus metrics of the action server: what only it knows. Served at its GET /metrics
(rasa_sdk_plugins/metrics.py); the gateway has its own (bot/metrics.py).

- how long answering takes, by stage (embed the question, search, compose the answer; knowledge/
  reports them through knowledge/timing.py, each stage without the stages inside it);
- what the knowledge base decided (answered, refused, …);
- 👍/👎, and the two checks started, resumed and completed.

Labels have small fixed sets of values: never message text, a sender id or a cohort code.
"""
from __future__ import annotations

from prometheus_client import Counter, Histogram

from knowledge import timing

# Seconds; embedding one question takes ~10–30 ms, the search ~3–5 ms, composing a few ms.
STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0)

ANSWER_STAGE_SECONDS = Histogram(
    "samskaping_answer_stage_seconds",
    "Time spent in one stage of answering a question: embed, search (without embed), compose "
    "(without search). Searches for routing decisions count under search too.",
    ["stage"],
    buckets=STAGE_BUCKETS,
)
ANSWERS = Counter(
    "samskaping_answers",
    "Questions looked up in the theses, by outcome: answered, refused (the theses do not cover "
    "it), nothing_new (a follow-up with nothing left to quote), unsearchable (empty, too long, "
    "no words, a bare section number), failed (the lookup raised an error).",
    ["outcome"],
)
FEEDBACK = Counter("samskaping_feedback", "👍 (good) and 👎 (bad) on answers.", ["rating"])
FORMS_STARTED = Counter(
    "samskaping_forms_started",
    "Guided checks started afresh (how=new) or continued after a pause (how=resumed).",
    ["form", "how"],  # form: readiness | plan
)
FORMS_COMPLETED = Counter("samskaping_forms_completed", "Guided checks completed (result or plan stored).",
                          ["form"])

_STATUS_OUTCOMES = {"answered": "answered", "out_of_scope": "refused", "nothing_new": "nothing_new"}
# The forms' Rasa names, as in domain.yml.
_FORM_NAMES = {"readiness_form": "readiness", "plan_form": "plan"}


def _observe_stage(stage: str, seconds: float) -> None:
    ANSWER_STAGE_SECONDS.labels(stage).observe(seconds)


timing.observe(_observe_stage)


def count_answer(status: str | None) -> None:
    """``status``: the knowledge base's Answer.status, or None when the lookup failed."""
    ANSWERS.labels("failed" if status is None else _STATUS_OUTCOMES.get(status, "unsearchable")).inc()


def count_feedback(rating: str) -> None:
    FEEDBACK.labels("good" if rating == "good" else "bad").inc()


def count_form_started(form: str, resumed: bool) -> None:
    FORMS_STARTED.labels(_FORM_NAMES.get(form, "other"), "resumed" if resumed else "new").inc()


def count_form_completed(form: str) -> None:
    FORMS_COMPLETED.labels(_FORM_NAMES.get(form, "other")).inc()
