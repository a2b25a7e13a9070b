"""The user-data database: opened once per process from its settings (`Database`), waited for
when it is not up yet, and brought to the newest schema with Alembic before first use.

Several processes (gateway, action servers) may start at once against one database, so the
migration runs under a lock: a PostgreSQL advisory lock, or a lock file beside a SQLite file.
"""
from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from functools import lru_cache
from contextvars import ContextVar
from typing import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from filelock import FileLock
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_delay, wait_fixed

from userdata.settings import UserdataSettings

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The revision whose tables existed before migrations were introduced (made by create_all).
BASELINE = "0001"
# Any 64-bit number, the same in every process: "the samskaping schema is being migrated".
_ADVISORY_LOCK = 7_205_931_442


class DatabaseUnavailable(RuntimeError):
    pass


def describe(url: str) -> str:
    """The URL without its password, for logs and error messages."""
    return make_url(url).render_as_string(hide_password=True)


def wait_until_reachable(engine: Engine, timeout: float, interval: float) -> None:
    """Retries connecting until ``timeout``; each failed attempt logs one clear line."""

    def log_attempt(state) -> None:
        logger.warning(
            "Database %s is not reachable (%s); retrying in %.0f s (attempt %d, giving up after %.0f s)",
            describe(str(engine.url)), type(state.outcome.exception()).__name__, interval,
            state.attempt_number, timeout,
        )

    try:
        for attempt in Retrying(
            retry=retry_if_exception_type(OperationalError),
            wait=wait_fixed(interval),
            stop=stop_after_delay(timeout),
            before_sleep=log_attempt,
        ):
            with attempt, engine.connect() as connection:
                connection.execute(text("SELECT 1"))
    except RetryError as error:
        raise DatabaseUnavailable(
            f"Database {describe(str(engine.url))} was not reachable for {timeout:.0f} s "
            f"({type(error.last_attempt.exception()).__name__}). Check SAMSKAPING_USERDATA_URL and "
            "that the database server is running."
        ) from error.last_attempt.exception()


def _upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection  # env.py migrates on this connection
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables and "readiness_results" in tables:
        # A database from before migrations: its tables are the baseline's.
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")


def migrate(engine: Engine) -> None:
    """Brings the schema to the newest revision; a no-op when it is already there."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
            _upgrade(connection)
        return
    database = engine.url.database
    lock = FileLock(f"{database}.migrate.lock") if database and database != ":memory:" else None
    if lock:
        with lock:
            _upgrade_sqlite(engine)
    else:
        _upgrade_sqlite(engine)


def _upgrade_sqlite(engine: Engine) -> None:
    # Batch migrations copy a table and drop the old one; with foreign keys enforced, SQLite's
    # implicit DELETE on that drop would cascade into the rows that point at it. The pragma is a
    # no-op inside a transaction, so it is set before the migration's transaction begins.
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        with connection.begin():
            _upgrade(connection)
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def _enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores REFERENCES … ON DELETE CASCADE unless each connection asks for it; without
    # this a cohort could be made for a deleted trainer, and deleting a trainer left its cohorts.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _private_sqlite_file(path: Path) -> None:
    """The database file readable by this user only (journal files take its mode from it)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def open_engine(url: str, settings: UserdataSettings) -> Engine:
    """An engine for ``url``: the SQLite file made private, the server waited for, the schema migrated."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database and parsed.database != ":memory:":
        _private_sqlite_file(Path(parsed.database))
    # pre_ping: a PostgreSQL restart leaves dead pooled connections; they are replaced, not used.
    built = create_engine(url, pool_pre_ping=True)
    if sqlite:
        event.listen(built, "connect", _enforce_sqlite_foreign_keys)
    wait_until_reachable(built, settings.db_connect_timeout_seconds, settings.db_retry_interval_seconds)
    migrate(built)
    return built


class Database:
    """A process's user data and Rasa's tracker store, made once from the settings at start.

    The engines are opened at first use, not here: a process may start before its database server
    (the first use waits for it, see wait_until_reachable)."""

    def __init__(self, settings: UserdataSettings):
        self.settings = settings
        self._engine: Engine | None = None
        self._sessions: sessionmaker | None = None
        self._tracker: Engine | None = None
        # The first uses may come at once from several threads (the retention purge at start and
        # requests); one of them opens and migrates, the others wait for it (Alembic's context is
        # process-global, so two migrations in one process would trip over each other).
        self._opening = threading.Lock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._opening:
                if self._engine is None:
                    engine = open_engine(self.settings.userdata_url, self.settings)
                    self._sessions = sessionmaker(engine, expire_on_commit=False)
                    self._engine = engine
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        self.engine  # noqa: B018  (opens the engine and its sessionmaker)
        with self._sessions.begin() as s:
            yield s

    @property
    def tracker(self) -> Engine:
        """Rasa's tracker store (its `events` table is read in userdata/rasa_events.py)."""
        if self._tracker is None:
            with self._opening:
                if self._tracker is None:
                    self._tracker = create_engine(self.settings.tracker_db_url)
        return self._tracker

    def dispose(self) -> None:
        for engine in (self._engine, self._tracker):
            if engine is not None:
                engine.dispose()
        self._engine = self._sessions = self._tracker = None


_current: Database | None = None
# A database bound for one request or task (`bound`), ahead of the process's.
_bound: ContextVar[Database | None] = ContextVar("userdata_database", default=None)
_making_current = threading.Lock()


def use(database: Database | None) -> Database | None:
    """Makes ``database`` the one this process's userdata functions work on; a process calls it
    once at start (the gateway's app factory, the Telegram bot in polling mode) with the settings
    it has read; the tests' fixtures give each test its own. None forgets it."""
    global _current
    if _current is not None and _current is not database:
        _current.dispose()
    _current = database
    return database


@contextmanager
def bound(database: Database) -> Iterator[Database]:
    """userdata's functions work on ``database`` inside the block (and in the worker threads it
    starts): the gateway binds the one its FastAPI dependency gives for each request."""
    token = _bound.set(database)
    try:
        yield database
    finally:
        _bound.reset(token)


def current() -> Database:
    """The database bound for this request (`bound`), else the one given to `use`; a process that
    gave none (the action server, which rasa-sdk starts) gets one made from the environment once,
    at first use."""
    bound_here = _bound.get()
    if bound_here is not None:
        return bound_here
    if _current is None:
        # The action server's first requests come at once from its worker threads: one makes it.
        with _making_current:
            if _current is None:
                use(Database(UserdataSettings()))
    return _current


@lru_cache
def _probe_engine(url: str, timeout: float) -> Engine:
    # Not engine(): that one waits for the database and migrates it, which a readiness probe must
    # not do. PostgreSQL gets a connect timeout, so a host that drops packets answers in time.
    postgres = make_url(url).get_backend_name() == "postgresql"
    if not postgres:
        return create_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=1, max_overflow=0,
                         connect_args={"connect_timeout": max(1, round(timeout))})


def reachable(url: str, timeout: float = 2.0) -> bool:
    """Whether the database answers ``SELECT 1`` now (for readiness probes; never waits or retries)."""
    try:
        with _probe_engine(url, timeout).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not ready"; the probe says so, the caller logs nothing
        return False
