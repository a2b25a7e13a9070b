"""actions/metrics.py: what the action server counts, with labels from small fixed sets."""
from __future__ import annotations

from prometheus_client import REGISTRY

from actions import metrics
from knowledge import timing


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_the_knowledge_verdict_is_counted_as_one_of_five_outcomes():
    cases = {"answered": "answered", "out_of_scope": "refused", "nothing_new": "nothing_new",
             "too_long": "unsearchable", "section_number": "unsearchable", None: "failed"}
    for status, outcome in cases.items():
        before = value("samskaping_answers_total", outcome=outcome)
        metrics.count_answer(status)
        assert value("samskaping_answers_total", outcome=outcome) == before + 1


def test_feedback_and_forms_are_counted_by_rating_form_and_how():
    before = value("samskaping_feedback_total", rating="bad")
    metrics.count_feedback("bad")
    assert value("samskaping_feedback_total", rating="bad") == before + 1
    before = value("samskaping_forms_started_total", form="plan", how="resumed")
    metrics.count_form_started("plan_form", resumed=True)
    assert value("samskaping_forms_started_total", form="plan", how="resumed") == before + 1
    before = value("samskaping_forms_completed_total", form="readiness")
    metrics.count_form_completed("readiness_form")
    assert value("samskaping_forms_completed_total", form="readiness") == before + 1


def test_the_knowledge_stages_reach_the_stage_histogram():
    @timing.stage("search")
    def search():
        return 1

    before = value("samskaping_answer_stage_seconds_count", stage="search")
    search()
    assert value("samskaping_answer_stage_seconds_count", stage="search") == before + 1
