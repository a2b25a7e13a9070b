"""Group figures for trainers: aggregation, and nothing shown below the minimum group size."""
from datetime import date

import pytest

import userdata
from userdata import cohorts, trainers
from userdata.cohort_report import aggregate_dimensions, aggregate_questions, cohort_report

DIMS = ["competence", "room"]


def scores(*pairs):
    return [{"competence": c, "room": r} for c, r in pairs]


def test_four_participants_show_no_group_figures_at_all():
    assert aggregate_dimensions(scores((0, 0), (50, 50), (100, 100), (25, 75)), DIMS, min_group=5) == ()


def test_five_participants_give_mean_bands_and_weak_counts_per_dimension():
    figures = aggregate_dimensions(scores((0, 100), (33.3, 100), (50, 100), (66.7, 75), (100, 50)), DIMS, 5)
    competence, room = figures
    assert competence.participants == 5 and competence.mean == pytest.approx(50.0)
    assert (competence.low, competence.middle, competence.high) == (2, 2, 1)
    assert competence.weak == 2  # below 50
    assert (room.low, room.middle, room.high, room.weak) == (0, 1, 4, 0)


def test_a_dimension_only_four_could_answer_is_withheld_even_when_the_group_is_shown():
    # The fifth said «vet ikke» to every room question: no room score.
    figures = aggregate_dimensions(scores((50, 0), (50, 0), (50, 100), (50, 100), (50, None)), DIMS, 5)
    competence, room = figures
    assert competence.shown and competence.participants == 5
    assert not room.shown and room.participants == 4 and (room.low, room.high, room.weak) == (0, 0, 0)


def test_questions_are_withheld_until_five_have_asked_and_shown_only_when_two_asked_them():
    asked = [(f"p{i}", "hva er samskaping", ["000 2.1"]) for i in range(3)]
    asked += [("p3", "min leder kari er vanskelig", ["000 4.2.1.2.1"]), ("p4", "hva er samskaping", ["000 2.1"])]
    askers, questions, topics = aggregate_questions(asked[:4], min_group=5)
    assert askers == 4 and questions == () and topics == ()
    askers, questions, topics = aggregate_questions(asked, min_group=5)
    assert askers == 5
    assert [(q.key, q.participants) for q in questions] == [("hva er samskaping", 4)]
    assert [(t.key, t.participants) for t in topics] == [("000 2.1", 4)]


def test_one_participant_asking_the_same_question_twice_counts_once():
    asked = [("p0", "hva er samskaping", [])] * 3 + [(f"p{i}", "noe annet", []) for i in range(1, 5)]
    _, questions, _ = aggregate_questions(asked, min_group=5)
    assert [(q.key, q.participants) for q in questions] == [("noe annet", 4)]


def result(competence, room):
    return {"dimension_scores": {"competence": competence, "room": room}}


def test_the_report_counts_members_latest_results_only(store):
    trainer = trainers.create_trainer("trude", "a long password")
    cohort = cohorts.create_cohort(trainer, "Lederprogram", date(2026, 9, 1))
    for i in range(6):
        cohorts.join(f"p{i}", cohort.join_code.lower())
    for i in range(5):
        userdata.save_readiness(f"p{i}", result(0, 0), b"png", "nb")
        userdata.save_readiness(f"p{i}", result(100, 50), b"png", "nb")  # the latest counts
    userdata.save_readiness("outsider", result(0, 0), b"png", "nb")
    report = cohort_report(cohort.id, DIMS, min_group=5)
    assert (report.joined, report.completed, report.shown) == (6, 5, True)
    assert [f.mean for f in report.dimensions] == [100.0, 50.0]
    assert [f.dimension for f in report.weakest(1)] == ["room"]


def test_a_participant_who_leaves_or_deletes_their_data_drops_out_of_the_figures(store):
    trainer = trainers.create_trainer("trude", "a long password")
    cohort = cohorts.create_cohort(trainer, "Lederprogram", date(2026, 9, 1))
    for i in range(5):
        cohorts.join(f"p{i}", cohort.join_code)
        userdata.save_readiness(f"p{i}", result(50, 50), b"png", "nb")
        assert userdata.record_question(f"p{i}", "Hva er samskaping?", ["000 2.1"])
    assert cohort_report(cohort.id, DIMS, 5).shown
    assert cohorts.leave("p0").name == "Lederprogram"
    deleted = userdata.delete_user_data("p1")
    assert (deleted.cohort_memberships, deleted.cohort_questions) == (1, 1)
    report = cohort_report(cohort.id, DIMS, 5)
    assert (report.joined, report.completed, report.shown, report.askers) == (3, 3, False, 3)
