"""How often one sender may try join codes, counted in the database so that the gateway (web
API, Telegram) and every action server (a code typed in the chat) share one count.

Every tried code counts against ``join_tries_per_sender_per_hour``; after
``join_misses_per_sender_per_hour`` wrong codes the sender may try none, right or wrong, until
the hour has passed, so a guesser who finally hits a code still does not get in. Attempts are
kept for a day and hold neither the code nor an address. Per client address, the gateway counts
the same way in memory (bot/join_limits.py)."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from userdata.models import JoinAttempt
from userdata.database import current

WINDOW = timedelta(hours=1)
KEPT = timedelta(days=1)


class JoinLocked(Exception):
    """Too many codes tried lately; ``retry_after`` seconds until one may be tried again."""

    def __init__(self, retry_after: int):
        super().__init__(f"join attempts locked for {retry_after} s")
        self.retry_after = retry_after


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything here is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def check(s: Session, sender: str, now: datetime) -> None:
    """Raises JoinLocked when the sender has used up its tries or missed too often this hour."""
    settings = current().settings
    recent = s.execute(
        select(JoinAttempt.created, JoinAttempt.missed)
        .where(JoinAttempt.sender == sender, JoinAttempt.created > now - WINDOW)
        .order_by(JoinAttempt.created)
    ).all()
    misses = [_utc(created) for created, missed in recent if missed]
    for attempts, limit in ((misses, settings.join_misses_per_sender_per_hour),
                            ([_utc(created) for created, _ in recent], settings.join_tries_per_sender_per_hour)):
        if len(attempts) >= limit:
            # Free again when the oldest attempt that counts leaves the window.
            oldest = attempts[len(attempts) - limit]
            raise JoinLocked(max(1, math.ceil((oldest + WINDOW - now).total_seconds())))


def record(s: Session, sender: str, now: datetime, missed: bool) -> None:
    s.add(JoinAttempt(sender=sender, created=now, missed=missed))
    s.execute(delete(JoinAttempt).where(JoinAttempt.created < now - KEPT))
