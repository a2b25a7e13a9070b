"""Retention: what is older than SAMSKAPING_RETENTION_DAYS is deleted.

    python -m userdata.retention [--days N] [--dry-run]

Two stores hold what users said and did, and both are purged:

- Rasa's tracker store (every event of every conversation). A conversation with nothing in the
  last N days is deleted whole. In a conversation that is still in use, events older than N days
  are deleted except those of its current session: Rasa rebuilds a conversation from its latest
  session (earlier ones only feed the widget's history), so a live conversation, a paused form
  included, keeps working.
- The user records (readiness results, plans, feedback, and any other table whose rows belong to
  a sender, i.e. every ``UserRecord``) created more than N days ago.

The default of 365 days: a leader returns to a readiness result or a plan over a municipal
planning year (budget and action-plan cycle), and can delete everything earlier with «slett
dataene mine». A shorter period can be set wherever the municipality's records of processing ask
for it; 0 keeps everything.

The gateway runs this at start and then every SAMSKAPING_RETENTION_INTERVAL_HOURS.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select

from userdata import rasa_events, store
from userdata.database import current
from userdata.models import Base, UserRecord
from userdata.settings import UserdataSettings

logger = logging.getLogger(__name__)

RETRY_AFTER_FAILURE_SECONDS = 300


@dataclass
class Purged:
    cutoff: str
    conversations_deleted: int = 0
    events_deleted: int = 0
    records_deleted: dict[str, int] = field(default_factory=dict)


def user_record_tables() -> list[type[UserRecord]]:
    """Every mapped table whose rows belong to a sender, including ones added later."""
    return sorted((m.class_ for m in Base.registry.mappers if issubclass(m.class_, UserRecord)),
                  key=lambda cls: cls.__tablename__)


def purge(days: int, now: datetime | None = None, dry_run: bool = False) -> Purged | None:
    """Deletes what is older than ``days``; returns the counts, or None when retention is off."""
    if days <= 0:
        return None
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    purged = Purged(cutoff=cutoff.isoformat(timespec="seconds"))
    purged.conversations_deleted, purged.events_deleted = rasa_events.purge_before(cutoff, dry_run)
    purged.records_deleted = _purge_records(cutoff, dry_run)
    return purged


def _purge_records(cutoff: datetime, dry_run: bool) -> dict[str, int]:
    counts = {}
    with store.session() as s:
        for table in user_record_tables():
            condition = table.created < cutoff
            if dry_run:
                counts[table.__tablename__] = s.scalar(select(func.count()).select_from(table).where(condition))
            else:
                counts[table.__tablename__] = s.execute(delete(table).where(condition)).rowcount
    return counts


def run_once(settings: UserdataSettings | None = None) -> Purged | None:
    settings = settings or current().settings
    if settings.retention_days > 0:
        # Waits for a database that is still starting, with a log line per attempt, and migrates it.
        current().engine  # noqa: B018
    purged = purge(settings.retention_days)
    if purged is not None:
        # Counts only: nothing that identifies a user or what they wrote.
        logger.info("Retention (%d days): deleted %d idle conversations, %d conversation events, "
                    "records %s", settings.retention_days, purged.conversations_deleted,
                    purged.events_deleted, purged.records_deleted)
    return purged


@asynccontextmanager
async def periodic_purge(settings: UserdataSettings | None = None):
    """For a server's lifespan: purges at start and then every interval, in a worker thread, and
    never lets a failed purge (a database that is down) take the server with it."""
    settings = settings or current().settings
    if settings.retention_days <= 0:
        yield
        return

    async def loop() -> None:
        while True:
            wait = settings.retention_interval_hours * 3600
            try:
                await asyncio.to_thread(run_once, settings)
            except Exception as error:
                # A database that was down gets another try soon, not only at the next interval.
                wait = min(wait, RETRY_AFTER_FAILURE_SECONDS)
                logger.warning("Retention purge failed (%s: %s); next try in %.0f min", type(error).__name__,
                               error, wait / 60)
            await asyncio.sleep(wait)

    task = asyncio.create_task(loop(), name="retention")
    try:
        yield task
    finally:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass


def main(argv: list[str] | None = None) -> int:
    settings = current().settings
    parser = argparse.ArgumentParser(prog="python -m userdata.retention", description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=settings.retention_days,
                        help=f"delete what is older than this (default SAMSKAPING_RETENTION_DAYS={settings.retention_days}; 0: keep)")
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    purged = purge(args.days, dry_run=args.dry_run)
    if purged is None:
        print("Retention is off (0 days): nothing deleted.")
        return 0
    verb = "would delete" if args.dry_run else "deleted"
    print(f"Older than {purged.cutoff} ({args.days} days), {verb}:")
    print(f"  conversations (idle): {purged.conversations_deleted}")
    print(f"  conversation events:  {purged.events_deleted}")
    for table, count in purged.records_deleted.items():
        print(f"  {table + ':':22s}{count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
