"""Waiting for a database that is still starting: one log line per attempt, a clear error after a
timeout. Written out because the official Rasa image has no retry library; works on SQLAlchemy 1.4
(Rasa's) and 2 (the project's, where its tests run).

The timing comes from the variables the gateway and the action server use for the same purpose
(userdata/settings.py): SAMSKAPING_DB_CONNECT_TIMEOUT_SECONDS and
SAMSKAPING_DB_RETRY_INTERVAL_SECONDS.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Any

import sqlalchemy

logger = logging.getLogger(__name__)

# The defaults of userdata/settings.py (a test keeps them equal).
DEFAULT_TIMEOUT_SECONDS = 60.0
DEFAULT_INTERVAL_SECONDS = 2.0


class DatabaseUnavailable(RuntimeError):
    pass


def configured_seconds() -> tuple[float, float]:
    """(timeout, interval) from the environment, or the defaults."""
    timeout = os.environ.get("SAMSKAPING_DB_CONNECT_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS
    interval = os.environ.get("SAMSKAPING_DB_RETRY_INTERVAL_SECONDS") or DEFAULT_INTERVAL_SECONDS
    return float(timeout), float(interval)


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
