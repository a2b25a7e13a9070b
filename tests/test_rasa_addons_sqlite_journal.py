"""Rasa's embedded SQLite tracker store runs in write-ahead-log mode (rasa_addons/sqlite_journal.py)."""
import sqlite3

from sqlalchemy import create_engine, text

from rasa_addons.sqlite_journal import use_write_ahead_log


def test_an_sqlite_tracker_store_writes_ahead_and_syncs_at_checkpoints_only(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'rasa.db'}")
    with engine.begin() as connection:  # Rasa creates its tables before the store is tuned
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, data TEXT)"))
    use_write_ahead_log(engine)
    with engine.begin() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        connection.execute(text("INSERT INTO events (data) VALUES ('{}')"))
    # Kept in the file: another process (the gateway erasing a conversation) opens it in WAL mode too.
    other = sqlite3.connect(tmp_path / "rasa.db")
    assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert other.execute("SELECT count(*) FROM events").fetchone() == (1,)
    other.close()


def test_other_databases_are_left_as_they_are(tmp_path):
    memory = create_engine("sqlite://")
    use_write_ahead_log(memory)
    with memory.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "memory"
