"""Rasa's tracker store waits for its database at start (rasa_addons/database_wait.py), the same
way and with the same settings as the gateway and the action server wait for theirs."""
import logging

import pytest

from rasa_addons.database_wait import (DEFAULT_INTERVAL_SECONDS, DEFAULT_TIMEOUT_SECONDS, DatabaseUnavailable,
                                       configured_seconds, wait_until_reachable)
from scripts.processes import free_port
from userdata.settings import UserdataSettings


def test_a_database_that_never_answers_gives_a_clear_error_after_the_timeout_and_a_line_per_attempt(caplog):
    url = f"postgresql+psycopg://samskaping:secret-pw@127.0.0.1:{free_port()}/tracker"
    with caplog.at_level(logging.WARNING, logger="rasa_addons.database_wait"):
        with pytest.raises(DatabaseUnavailable) as error:
            wait_until_reachable(url, timeout=1, interval=0.2, variable="RASA_TRACKER_STORE_URL")
    message = str(error.value)
    assert "was not reachable for 1 s" in message and "Check RASA_TRACKER_STORE_URL" in message
    attempts = [r.getMessage() for r in caplog.records]
    assert len(attempts) >= 3 and all("is not reachable (OperationalError); retrying in 0 s" in a for a in attempts)
    assert "secret-pw" not in message + "".join(attempts)
    assert "samskaping:***@127.0.0.1" in message


def test_a_database_that_answers_is_used_at_once(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="rasa_addons.database_wait"):
        wait_until_reachable(f"sqlite:///{tmp_path / 'rasa.db'}", timeout=1, interval=0.2, variable="X")
    # Connected on the first attempt: SQLite made the file, and no retry was logged.
    assert (tmp_path / "rasa.db").exists()
    assert caplog.records == []


def test_the_waiting_is_set_by_the_variables_and_defaults_the_other_services_use(monkeypatch):
    monkeypatch.delenv("SAMSKAPING_DB_CONNECT_TIMEOUT_SECONDS", raising=False)
    monkeypatch.delenv("SAMSKAPING_DB_RETRY_INTERVAL_SECONDS", raising=False)
    defaults = UserdataSettings(_env_file=None)
    assert (DEFAULT_TIMEOUT_SECONDS, DEFAULT_INTERVAL_SECONDS) == (
        defaults.db_connect_timeout_seconds, defaults.db_retry_interval_seconds)
    assert configured_seconds() == (DEFAULT_TIMEOUT_SECONDS, DEFAULT_INTERVAL_SECONDS)
    monkeypatch.setenv("SAMSKAPING_DB_CONNECT_TIMEOUT_SECONDS", "5")
    monkeypatch.setenv("SAMSKAPING_DB_RETRY_INTERVAL_SECONDS", "0.5")
    assert configured_seconds() == (5.0, 0.5) == (UserdataSettings(_env_file=None).db_connect_timeout_seconds,
                                                  UserdataSettings(_env_file=None).db_retry_interval_seconds)
