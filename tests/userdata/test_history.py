"""Reading a conversation back from Rasa's tracker store for the web widget's history."""
import json
import sqlite3

import pytest

import userdata


@pytest.fixture
def tracker_db(tmp_path, temporary_databases):
    """This test's own tracker store (tests/conftest.py)."""
    return tmp_path / "rasa.db"


def store(db_path, rows):
    with sqlite3.connect(db_path) as db:
        # The columns Rasa's SQLTrackerStore creates that the reader relies on.
        db.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id TEXT, "
                   "type_name TEXT, data TEXT)")
        db.executemany("INSERT INTO events (sender_id, type_name, data) VALUES (?, ?, ?)",
                       [(s, t, json.dumps(d)) for s, t, d in rows])


def test_only_what_was_said_comes_back_in_order_and_only_for_that_sender(tracker_db):
    store(tracker_db, [
        ("anne", "action", {"event": "action", "name": "action_listen"}),
        ("anne", "user", {"event": "user", "text": "hei"}),
        ("bo", "user", {"event": "user", "text": "ikke annes"}),
        ("anne", "bot", {"event": "bot", "text": "Hei!", "data": {"buttons": None}}),
        ("anne", "slot", {"event": "slot", "name": "language", "value": "nb"}),
    ])
    events = userdata.conversation_events("anne")
    assert [(e["event"], e["text"]) for e in events] == [("user", "hei"), ("bot", "Hei!")]


def test_a_long_conversation_is_cut_to_its_latest_events(tracker_db):
    store(tracker_db, [("anne", "user", {"event": "user", "text": str(i)}) for i in range(10)])
    assert [e["text"] for e in userdata.conversation_events("anne", limit=3)] == ["7", "8", "9"]


def test_a_sender_rasa_has_not_stored_yet_has_no_history(tracker_db):
    assert userdata.conversation_events("anne") == []
