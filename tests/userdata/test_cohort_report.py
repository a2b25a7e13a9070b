"""Group figures for trainers: band counts only, nothing below the minimum group size, and
snapshots that change only when enough participants changed (issue 14, finding 1).

The two attacks that beat the old live means are reproduced here on a real SQLite database:
four made-up participants who answer «nei» next to one real one, and comparing the figures
before and after one participant finishes."""
from datetime import date, datetime, timedelta, timezone

import pytest

import userdata
from userdata import cohorts, trainers
from userdata.cohort_report import aggregate_dimensions, aggregate_questions
from userdata.cohort_snapshots import cohort_report, period_start

DIMS = ["competence", "room", "trust", "facilitation", "organisation"]
DAY = timedelta(hours=24)
# Noon UTC tomorrow (after the cohort is made); snapshots describe the cohort at each UTC midnight.
NOON = period_start(datetime.now(timezone.utc), 24) + DAY + timedelta(hours=12)
VICTIM = {"competence": 100.0, "room": 0.0, "trust": 50.0, "facilitation": 85.0, "organisation": 15.0}
ALL_NO = {d: 0.0 for d in DIMS}


def scores(*pairs):
    return [{"competence": c, "room": r} for c, r in pairs]


def test_four_participants_show_no_group_figures_at_all():
    assert aggregate_dimensions(scores((0, 0), (50, 50), (100, 100), (25, 75)), DIMS[:2], min_group=5) == ()


def test_five_participants_give_band_counts_and_no_mean():
    competence, room = aggregate_dimensions(scores((0, 100), (33.3, 100), (50, 100), (66.7, 75), (100, 50)), DIMS[:2], 5)
    assert competence.participants == 5 and competence.shown
    assert (competence.low, competence.middle, competence.high) == (2, 2, 1)
    assert competence.weak == 2  # the lowest band
    assert (room.low, room.middle, room.high) == (0, 1, 4)
    assert not hasattr(competence, "mean")


def test_a_dimension_only_four_could_answer_is_withheld_even_when_the_group_is_shown():
    # The fifth said «vet ikke» to every room question: no room score.
    competence, room = aggregate_dimensions(scores((50, 0), (50, 0), (50, 100), (50, 100), (50, None)), DIMS[:2], 5)
    assert competence.shown and competence.participants == 5
    assert not room.shown and room.participants == 4 and (room.low, room.middle, room.high) == (0, 0, 0)


def test_a_question_is_shown_only_when_three_different_participants_asked_it():
    asked = [(f"p{i}", "noe annet", []) for i in range(5)]
    # The attack: one made-up participant repeats the victim's question word for word.
    asked += [("victim", "min leder kari er vanskelig", ["000 4.2.1.2.1"]), ("fake", "min leder kari er vanskelig", [])]
    askers, questions, topics = aggregate_questions(asked, min_group=5)
    assert askers == 7
    assert [(q.key, q.participants) for q in questions] == [("noe annet", 5)]
    assert topics == ()


def test_one_participant_asking_the_same_question_twice_counts_once():
    asked = [("p0", "hva er samskaping", [])] * 3 + [("p1", "hva er samskaping", [])] + \
        [(f"p{i}", "noe annet", []) for i in range(2, 6)]
    _, questions, _ = aggregate_questions(asked, min_group=5)
    assert [(q.key, q.participants) for q in questions] == [("noe annet", 4)]


# --- snapshots on a real database ----------------------------------------------------------------


@pytest.fixture
def cohort(store):
    trainer = trainers.create_trainer("trude", "a long password")
    return cohorts.create_cohort(trainer, "Lederprogram", date(2026, 9, 1), seats=30)


def finish(sender: str, dimension_scores: dict, when: datetime, monkeypatch=None) -> None:
    """A readiness result as if saved at ``when``."""
    from userdata.models import ReadinessResult
    from userdata.store import session

    result_id = userdata.save_readiness(sender, {"dimension_scores": dimension_scores}, b"png", "nb")
    with session() as s:
        s.get(ReadinessResult, result_id).created = when


def join(sender: str, cohort, when: datetime) -> None:
    cohorts.join(sender, cohort.join_code, now=when)


def figures(report) -> list[tuple]:
    return [(d.dimension, d.participants, d.low, d.middle, d.high) for d in report.results.dimensions]


def test_the_figures_are_a_snapshot_from_midnight_not_live(cohort, monkeypatch):
    for i in range(5):
        join(f"p{i}", cohort, NOON)
        finish(f"p{i}", ALL_NO, NOON, monkeypatch)
    today = cohort_report(cohort.id, DIMS, now=NOON + timedelta(hours=1))
    assert (today.joined, today.completed, today.shown) == (5, 5, False)  # counts now, figures tomorrow
    assert today.next_snapshot == period_start(NOON, 24) + DAY
    tomorrow = cohort_report(cohort.id, DIMS, now=NOON + DAY)
    assert tomorrow.shown and tomorrow.results.completed == 5
    assert tomorrow.results.taken == period_start(NOON + DAY, 24)


def test_comparing_the_page_before_and_after_one_participant_finishes_reveals_nothing(cohort, monkeypatch):
    """Attack 2 of finding 1, with no made-up participants: look, let one person finish, look again."""
    for i in range(5):
        join(f"p{i}", cohort, NOON)
        finish(f"p{i}", ALL_NO, NOON, monkeypatch)
    before = cohort_report(cohort.id, DIMS, now=NOON + DAY)
    assert before.shown

    join("victim", cohort, NOON + DAY)
    finish("victim", VICTIM, NOON + DAY, monkeypatch)
    same_day = cohort_report(cohort.id, DIMS, now=NOON + DAY + timedelta(hours=1))
    next_day = cohort_report(cohort.id, DIMS, now=NOON + 2 * DAY)
    week_later = cohort_report(cohort.id, DIMS, now=NOON + 8 * DAY)
    for after in (same_day, next_day, week_later):
        assert figures(after) == figures(before) and after.results.taken == before.results.taken
    assert week_later.completed == 6  # the count moves; the figures do not

    # Four more finishing make five changed participants: then the figures move, mixing five people.
    for i in range(5, 9):
        join(f"p{i}", cohort, NOON + 9 * DAY)
        finish(f"p{i}", ALL_NO, NOON + 9 * DAY, monkeypatch)
    released = cohort_report(cohort.id, DIMS, now=NOON + 10 * DAY)
    assert released.results.completed == 10 and figures(released) != figures(before)


def test_four_made_up_participants_no_longer_reveal_the_real_ones_scores(cohort, monkeypatch):
    """Attack 1 of finding 1: one real participant, four fakes answering «nei» to everything. The old
    page showed means 20/0/10/17/3, i.e. 100/0/50/85/15 / 5. Now only band counts are shown: two
    real participants with different scores in the same bands give the very same page, so the
    scores cannot be read off it. (The band itself is the documented limit; seats and the member
    list are what keep fakes out, tested in test_cohorts.py and the e2e tests.)"""
    other = trainers.create_trainer("ola", "a long password")
    second = cohorts.create_cohort(other, "Lederprogram 2", date(2026, 9, 1))
    someone_else = {"competence": 75.0, "room": 10.0, "trust": 45.0, "facilitation": 95.0, "organisation": 30.0}
    for group, real in ((cohort, VICTIM), (second, someone_else)):
        join(f"real-{group.id}", group, NOON)
        finish(f"real-{group.id}", real, NOON, monkeypatch)
        for i in range(4):
            join(f"fake-{group.id}-{i}", group, NOON)
            finish(f"fake-{group.id}-{i}", ALL_NO, NOON, monkeypatch)
    first_page = cohort_report(cohort.id, DIMS, now=NOON + DAY)
    second_page = cohort_report(second.id, DIMS, now=NOON + DAY)
    assert figures(first_page) == figures(second_page)
    published = repr(first_page.results)
    for value in ("20.0", "17.0", "3.0", "mean"):
        assert value not in published


def test_fakes_the_trainer_removes_before_the_snapshot_never_count(cohort, monkeypatch):
    join("real", cohort, NOON)
    finish("real", VICTIM, NOON, monkeypatch)
    for i in range(4):
        join(f"fake-{i}", cohort, NOON)
        finish(f"fake-{i}", ALL_NO, NOON, monkeypatch)
    members = cohorts.members(cohort.id)
    assert len(members) == 5 and all(len(m.label) == 5 for m in members)
    real_label = cohorts.membership("real").member_label
    for member in members:
        if member.label != real_label:
            assert cohorts.remove_member(cohort.id, member.id)
    report = cohort_report(cohort.id, DIMS, now=NOON + DAY)
    assert (report.joined, report.shown) == (1, False)


def test_a_full_cohort_takes_no_one_else(cohort):
    cohorts.set_seats(cohort.id, 2)
    join("a", cohort, NOON)
    join("b", cohort, NOON)
    with pytest.raises(cohorts.CohortFull):
        join("fake", cohort, NOON)
    assert cohorts.member_count(cohort.id) == 2


def test_closing_takes_a_last_snapshot_and_nobody_joins_after(cohort, monkeypatch):
    for i in range(5):
        join(f"p{i}", cohort, NOON)
        finish(f"p{i}", ALL_NO, NOON, monkeypatch)
    closing = NOON + timedelta(hours=2)
    cohorts.close_cohort(cohort.id, closing)
    report = cohort_report(cohort.id, DIMS, now=closing + timedelta(minutes=1))
    assert report.shown and report.results.taken == closing and report.next_snapshot is None
    with pytest.raises(cohorts.CohortClosed):
        join("late", cohort, closing + timedelta(hours=1))


def test_the_report_counts_members_latest_results_only(cohort, monkeypatch):
    for i in range(6):
        join(f"p{i}", cohort, NOON)
    for i in range(5):
        finish(f"p{i}", ALL_NO, NOON - timedelta(hours=1), monkeypatch)
        finish(f"p{i}", {**ALL_NO, "competence": 100.0}, NOON, monkeypatch)  # the latest counts
    finish("outsider", ALL_NO, NOON, monkeypatch)
    report = cohort_report(cohort.id, DIMS, now=NOON + DAY)
    assert (report.joined, report.completed, report.results.completed) == (6, 5, 5)
    competence = report.results.dimensions[0]
    assert (competence.low, competence.high) == (0, 5)
    assert [d.dimension for d in report.weakest(1)] == ["room"]


def test_leaving_or_deleting_data_takes_a_participant_out_of_the_next_snapshot(cohort, monkeypatch):
    for i in range(10):
        join(f"p{i}", cohort, NOON)
        finish(f"p{i}", ALL_NO, NOON, monkeypatch)
        assert userdata.record_question(f"p{i}", "Hva er samskaping?", ["000 2.1"])
    assert cohort_report(cohort.id, DIMS, now=NOON + DAY).results.completed == 10
    for i in range(3):
        assert cohorts.leave(f"p{i}").name == "Lederprogram"
    deleted = userdata.delete_user_data("p3")
    assert (deleted.cohort_memberships, deleted.cohort_questions) == (1, 1)
    userdata.delete_user_data("p4")
    report = cohort_report(cohort.id, DIMS, now=NOON + 2 * DAY)
    assert (report.joined, report.completed, report.askers) == (5, 5, 5)
    assert report.results.completed == 5 and report.questions.askers == 5
