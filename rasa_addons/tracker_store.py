"""Rasa's SQL tracker store, made to wait for its database at start.

Rasa 3.6's SQLTrackerStore, when the database does not answer yet, logs «Could not create tables»
and starts anyway. On a new database the tables then never appear, and Rasa keeps every
conversation in memory only (lost at a restart, not shared between Rasa servers) until it is
restarted. This store first waits for the database (rasa_addons/database_wait.py)
and, if it never answers, stops Rasa with an error naming RASA_TRACKER_STORE_URL; the container's
restart policy then starts it again.

An SQLite file (the embedded default of `make run`) is used in write-ahead-log mode
(rasa_addons/sqlite_journal.py).
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore

from rasa_addons.database_wait import configured_seconds, wait_until_reachable
from rasa_addons.sqlite_journal import use_write_ahead_log

_URL_PARTS = ("dialect", "port", "db", "username", "password", "login_db", "query")


class WaitingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Optional[Any] = None, host: Optional[str] = None, **kwargs: Any) -> None:
        url = self.get_db_url(host=host, **{part: kwargs[part] for part in _URL_PARTS if part in kwargs})
        timeout, interval = configured_seconds()
        wait_until_reachable(url, timeout, interval, variable="RASA_TRACKER_STORE_URL")
        super().__init__(domain=domain, host=host, **kwargs)
        use_write_ahead_log(self.engine)
