"""Waiting for a database that is still starting: one log line per attempt, a clear error after a
timeout. Written out because the official Rasa image has no retry library; works on SQLAlchemy 1.4
(Rasa's) and 2 (the project's, where its tests run).

The timing comes from the variables the gateway and the action server use for the same purpose
(userdata/settings.py): SAMSKAPING_DB_CONNECT_TIMEOUT_SECONDS and
SAMSKAPING_DB_RETRY_INTERVAL_SECONDS.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import sqlalchemy

try:  # Rasa's environment has pydantic 1, whose settings class is this one …
    from pydantic import BaseSettings
except ImportError:  # … and pydantic 2 (the project's, where the tests run) keeps it as pydantic.v1.
    from pydantic.v1 import BaseSettings

logger = logging.getLogger(__name__)

# The defaults of userdata/settings.py (a test keeps them equal). userdata's section cannot be
# imported here: it is pydantic 2 and SQLAlchemy 2, Rasa's environment has version 1 of both.
DEFAULT_TIMEOUT_SECONDS = 60.0
DEFAULT_INTERVAL_SECONDS = 2.0


class DatabaseWaitSettings(BaseSettings):
    """The two fields of the userdata section (userdata/settings.py) that Rasa's tracker store
    uses, under the same SAMSKAPING_ variables."""

    db_connect_timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    db_retry_interval_seconds: float = DEFAULT_INTERVAL_SECONDS

    class Config:
        env_prefix = "SAMSKAPING_"


class DatabaseUnavailable(RuntimeError):
    pass


def configured_seconds() -> tuple[float, float]:
    """(timeout, interval) from the environment, or the defaults."""
    settings = DatabaseWaitSettings()
    return settings.db_connect_timeout_seconds, settings.db_retry_interval_seconds


def wait_until_reachable(url: Any, timeout: float, interval: float, variable: str) -> None:
    """Returns once the database answers; raises DatabaseUnavailable, naming ``variable`` (where
    the URL is configured), when it has not answered for ``timeout`` seconds."""
    url = sqlalchemy.engine.make_url(url)
    shown = url.render_as_string(hide_password=True)
    engine = sqlalchemy.create_engine(url)
    deadline = time.monotonic() + timeout
    attempt = 0
    try:
        while True:
            attempt += 1
            try:
                with engine.connect() as connection:
                    connection.execute(sqlalchemy.text("SELECT 1"))
                return
            except sqlalchemy.exc.OperationalError as error:
                if time.monotonic() + interval > deadline:
                    raise DatabaseUnavailable(
                        f"Database {shown} was not reachable for {timeout:.0f} s ({type(error).__name__}). "
                        f"Check {variable} and that the database server is running."
                    ) from None  # the message names the cause; the driver's traceback adds nothing
                logger.warning("Database %s is not reachable (%s); retrying in %.0f s (attempt %d, "
                               "giving up after %.0f s)", shown, type(error).__name__, interval, attempt, timeout)
                time.sleep(interval)
    finally:
        engine.dispose()
