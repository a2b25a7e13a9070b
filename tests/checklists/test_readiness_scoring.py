"""Scoring: dimension means, unknowns excluded, the order of the weakest items, JSON round-trip."""
import json

import pytest

from checklists.readiness_scoring import ReadinessResult, display_score, score


def _ids(items):
    return [item.id for item in items]


def test_dimension_score_is_mean_of_answers_times_50(readiness, all_answers):
    # competence: 0, 1, 2 → mean 1 → 50; room: 1, 1, 2 → 4/3 → 66.7
    all_answers.update(shared_understanding=0, shared_purpose=1, room_for_action=1, time_and_people=1)
    result = score(all_answers)
    assert result.dimension_scores["competence"] == pytest.approx(50)
    assert result.dimension_scores["room"] == pytest.approx(200 / 3)
    assert result.dimension_scores["trust"] == 100
    assert list(result.dimension_scores) == [d.id for d in readiness.dimensions]


def test_all_yes_is_100_and_all_no_is_0(readiness):
    assert score({i.id: 2 for i in readiness.items}).overall == 100
    result = score({i.id: 0 for i in readiness.items})
    assert result.overall == 0 and set(result.dimension_scores.values()) == {0}


def test_unknowns_are_excluded_from_the_means_and_counted(all_answers):
    all_answers.update(shared_understanding=None, shared_purpose=0)  # competence: 0 and 2 known
    result = score(all_answers)
    assert result.dimension_scores["competence"] == 50
    assert result.unknown == 1 and result.answered == 14 and result.unanswered == 0


def test_dimension_with_only_unknowns_has_no_score(readiness, all_answers):
    for item in readiness.items_in("trust"):
        all_answers[item.id] = None
    result = score(all_answers)
    assert result.dimension_scores["trust"] is None
    assert result.overall == 100  # the mean of the dimensions that have a score


def test_overall_is_the_mean_of_the_dimension_scores(all_answers):
    all_answers.update(relationships=0, conscious_language=0)  # trust 0, the other four 100
    assert score(all_answers).overall == pytest.approx(80)


def test_missing_items_count_as_unanswered_not_as_unknown(readiness):
    result = score({"venue": 1})
    assert result.unanswered == len(readiness.items) - 1 and result.unknown == 0
    assert result.dimension_scores["facilitation"] == 50 and result.dimension_scores["competence"] is None
    assert score({}).overall is None


def test_slot_names_and_rasa_float_values_are_accepted(all_answers):
    slots = {f"rc_{k}": float(v) for k, v in all_answers.items()}
    assert score(slots) == score(all_answers)


@pytest.mark.parametrize("bad", [{"no_such_item": 1}, {"venue": 3}, {"venue": -1}, {"venue": "ja"}, {"venue": True}])
def test_unknown_items_and_values_are_rejected(bad):
    with pytest.raises(ValueError):
        score(bad)


def test_weakest_puts_0_first_then_dont_know_then_1(all_answers):
    all_answers.update(venue=1, methods=None, strategic_anchoring=0)
    assert _ids(score(all_answers).weakest(3)) == ["strategic_anchoring", "methods", "venue"]


def test_weakest_breaks_ties_by_dimension_score_then_content_order(all_answers):
    # Both answered 0; facilitation (0, 1, 2 → 50) scores lower than competence (0, 2, 2 → 67).
    all_answers.update(shared_understanding=0, venue=0, methods=1)
    assert _ids(score(all_answers).weakest(3)) == ["venue", "shared_understanding", "methods"]
    # Same dimension score (67): content order decides.
    all_answers.update(methods=2)
    assert _ids(score(all_answers).weakest(2)) == ["shared_understanding", "venue"]


def test_no_yes_answer_is_ever_among_the_weakest(readiness, all_answers):
    all_answers.update(venue=0)
    assert _ids(score(all_answers).weakest(3)) == ["venue"]
    assert score({i.id: 2 for i in readiness.items}).weakest(3) == []


def test_weakest_ignores_unanswered_items():
    assert _ids(score({"venue": 1}).weakest(3)) == ["venue"]


def test_result_survives_a_json_round_trip(all_answers):
    all_answers.update(shared_understanding=0, methods=None, venue=1)
    del all_answers["citizen_channels"]
    result = score(all_answers)
    stored = json.loads(json.dumps(result.to_dict()))
    restored = ReadinessResult.from_dict(stored)
    assert restored == result
    assert restored.weakest(3) == result.weakest(3)
    assert restored.answers["methods"] is None and "citizen_channels" not in restored.answers


@pytest.mark.parametrize("broken", [{}, {"version": 99}, {"version": 1, "answers": {}}])
def test_malformed_stored_results_are_rejected(broken):
    with pytest.raises(ValueError):
        ReadinessResult.from_dict(broken)


def test_display_score_rounds_half_up():
    assert display_score(62.5) == 63 and display_score(200 / 3) == 67 and display_score(None) is None
