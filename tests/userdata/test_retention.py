"""Retention deletes conversations and user records older than N days and keeps recent ones and
whatever a live conversation needs; 0 days keeps everything. Real SQLite databases throughout:
the tracker store table is the one Rasa 3.6's SQLTrackerStore creates."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from userdata.retention import main, periodic_purge, purge
from userdata.settings import UserdataSettings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
OLD = NOW - timedelta(days=400)
RECENT = NOW - timedelta(days=10)

# Rasa 3.6 SQLTrackerStore.SQLEvent (rasa/core/tracker_store.py).
EVENTS_TABLE = """CREATE TABLE events (
    id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


@pytest.fixture
def databases(store):
    """The store's two databases, with Rasa's events table in the tracker database."""
    with sqlite3.connect(store / "rasa.db") as db:
        db.execute(EVENTS_TABLE)
    return store


def add_events(tracker_db, sender: str, *events: tuple[str, datetime]) -> None:
    with sqlite3.connect(tracker_db) as db:
        db.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            [(sender, kind, when.timestamp(), json.dumps({"event": kind, "timestamp": when.timestamp()}))
             for kind, when in events],
        )


def event_kinds(tracker_db, sender: str) -> list[tuple[str, float]]:
    with sqlite3.connect(tracker_db) as db:
        return db.execute("SELECT type_name, timestamp FROM events WHERE sender_id = ? ORDER BY id",
                          (sender,)).fetchall()


def add_records(sender: str, created: datetime) -> None:
    from userdata.models import Feedback, Plan, ReadinessResult
    from userdata.store import session

    with session() as s:
        s.add_all([
            ReadinessResult(sender=sender, result={}, chart_png=b"png", lang="nb", created=created),
            Plan(sender=sender, answers={}, markdown="# plan", lang="nb", created=created),
            Feedback(sender=sender, rating="good", passage_ids=[], created=created),
        ])


def senders_with_records() -> dict[str, set[str]]:
    from userdata.models import Feedback, Plan, ReadinessResult
    from userdata.store import session

    with session() as s:
        return {table.__tablename__: set(s.scalars(select(table.sender)))
                for table in (ReadinessResult, Plan, Feedback)}


def test_a_conversation_idle_for_longer_than_the_retention_is_deleted_whole(databases):
    tracker = databases / "rasa.db"
    add_events(tracker, "idle", ("session_started", OLD), ("user", OLD), ("bot", OLD + timedelta(minutes=1)))
    add_events(tracker, "recent", ("session_started", RECENT), ("user", RECENT), ("bot", RECENT))
    purged = purge(365, now=NOW)
    assert event_kinds(tracker, "idle") == []
    assert len(event_kinds(tracker, "recent")) == 3
    assert purged.conversations_deleted == 1 and purged.events_deleted == 3


def test_in_a_conversation_still_in_use_old_sessions_go_and_the_current_session_stays(databases):
    tracker = databases / "rasa.db"
    long_session_start = NOW - timedelta(days=366)  # a session that began before the cutoff …
    add_events(tracker, "regular",
               ("session_started", OLD), ("user", OLD), ("bot", OLD),           # an old session
               ("session_started", long_session_start), ("slot", long_session_start),
               ("user", RECENT), ("bot", RECENT))                                 # … and is still used
    purge(365, now=NOW)
    kinds = [kind for kind, _ in event_kinds(tracker, "regular")]
    # Rasa rebuilds the conversation from its latest session, so that one is kept whole.
    assert kinds == ["session_started", "slot", "user", "bot"]


def test_user_records_older_than_the_retention_are_deleted_and_recent_ones_kept(databases):
    add_records("old-user", OLD)
    add_records("new-user", RECENT)
    purged = purge(365, now=NOW)
    assert {name: purged.records_deleted[name] for name in ("feedback", "plans", "readiness_results")} == {
        "feedback": 1, "plans": 1, "readiness_results": 1}
    assert senders_with_records() == {"readiness_results": {"new-user"}, "plans": {"new-user"},
                                      "feedback": {"new-user"}}


def test_zero_days_keeps_everything(databases):
    add_events(databases / "rasa.db", "idle", ("session_started", OLD), ("user", OLD))
    add_records("old-user", OLD)
    assert purge(0, now=NOW) is None
    assert len(event_kinds(databases / "rasa.db", "idle")) == 2
    assert senders_with_records()["plans"] == {"old-user"}


def test_without_a_tracker_store_yet_only_records_are_purged(databases):
    (databases / "rasa.db").unlink()
    add_records("old-user", OLD)
    purged = purge(365, now=NOW)
    assert purged.events_deleted == 0 and purged.records_deleted["plans"] == 1


def test_the_command_line_dry_run_counts_and_deletes_nothing(databases, capsys):
    add_events(databases / "rasa.db", "idle", ("session_started", OLD), ("user", OLD))
    add_records("old-user", OLD)
    assert main(["--days", "30", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would delete" in out and "conversations (idle): 1" in out and "conversation events:  2" in out
    assert len(event_kinds(databases / "rasa.db", "idle")) == 2
    assert main(["--days", "30"]) == 0
    assert event_kinds(databases / "rasa.db", "idle") == []
    assert senders_with_records()["plans"] == set()


def test_the_gateways_background_purge_runs_at_start_and_keeps_running(databases):
    add_events(databases / "rasa.db", "idle", ("session_started", OLD), ("user", OLD))

    async def serve_briefly() -> bool:
        async with periodic_purge(UserdataSettings(retention_days=30, retention_interval_hours=1)) as task:
            for _ in range(200):
                if not event_kinds(databases / "rasa.db", "idle"):
                    break
                await asyncio.sleep(0.05)
            return task.done()

    assert asyncio.run(serve_briefly()) is False  # still scheduled for the next interval
    assert event_kinds(databases / "rasa.db", "idle") == []
