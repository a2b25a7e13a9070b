"""The store of results, plans and feedback, and deleting a user's data from it and from Rasa."""
import sqlite3

import pytest

import userdata
from userdata.links import plan_document_url, readiness_chart_url


@pytest.fixture(autouse=True)
def isolated_store(store):
    return store


def test_the_latest_readiness_result_and_its_chart_come_back():
    userdata.save_readiness("anne", {"overall": 40}, b"\x89PNG old", "nb")
    newest = userdata.save_readiness("anne", {"overall": 70}, b"\x89PNG new", "nb")
    stored = userdata.latest_readiness("anne")
    assert stored.id == newest and stored.result == {"overall": 70}
    assert userdata.readiness_chart(newest) == b"\x89PNG new"
    assert userdata.latest_readiness("somebody-else") is None


def test_a_plan_is_kept_with_its_markdown():
    plan_id = userdata.save_plan("anne", {"why": "fordi"}, "# Plan", "nb")
    assert userdata.latest_plan("anne").answers == {"why": "fordi"}
    assert userdata.plan_markdown(plan_id) == "# Plan"


def test_deleting_removes_only_that_users_results_plans_and_feedback():
    userdata.save_readiness("anne", {}, b"png", "nb")
    userdata.save_plan("anne", {}, "# Plan", "nb")
    userdata.save_feedback("anne", "good", ["000:2.2.1:0"])
    userdata.save_feedback("anne", "bad", [])
    userdata.save_feedback("bo", "good", [])
    deleted = userdata.delete_user_data("anne")
    assert deleted == userdata.Deleted(readiness_results=1, plans=1, feedback=2, cohort_questions=0, cohort_memberships=0)
    assert userdata.latest_readiness("anne") is None and userdata.latest_plan("anne") is None
    assert userdata.delete_user_data("bo").feedback == 1


def test_erasing_a_conversation_deletes_its_rasa_events_and_no_one_elses(isolated_store):
    with sqlite3.connect(isolated_store / "rasa.db") as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT)")
        db.executemany("INSERT INTO events (sender_id, type_name) VALUES (?, ?)",
                       [("anne", "user"), ("anne", "bot"), ("bo", "user")])
    assert userdata.erase_conversation("anne") == 2
    with sqlite3.connect(isolated_store / "rasa.db") as db:
        assert db.execute("SELECT sender_id FROM events").fetchall() == [("bo",)]


def test_erasing_before_rasa_stored_anything_is_harmless():
    assert userdata.erase_conversation("anne") == 0


def test_file_links_carry_the_unguessable_id():
    assert readiness_chart_url("abc123") == "/media/readiness/abc123.png"
    assert plan_document_url("abc123") == "/media/plans/abc123.md"
