"""Rasa's `events` table in its SQL tracker store: the one record of every conversation.

Rasa owns the table (it makes it and appends each turn's events when the turn ends); this module
is the only place in the project that reads or deletes its rows — the widget's history, the daily
storage cap, «slett dataene mine» and retention all go through it. The table is reflected from
the database, because Rasa's schema is Rasa's (and differs a little between its versions)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterator

from sqlalchemy import MetaData, Table, delete, func, inspect, not_, or_, select
from sqlalchemy.engine import Engine

from userdata.database import current

# Rasa's SQLTrackerStore keeps every event of every conversation in this table.
RASA_EVENTS_TABLE = "events"
SAID = ("user", "bot")
SESSION_STARTED = "session_started"


def events_table(engine: Engine | None = None) -> Table | None:
    """The reflected table, or None while Rasa has not made it yet (nothing said so far)."""
    engine = engine or current().tracker
    if not inspect(engine).has_table(RASA_EVENTS_TABLE):
        return None
    return Table(RASA_EVENTS_TABLE, MetaData(), autoload_with=engine)


def erase_conversation(sender: str) -> int:
    """Deletes every stored event of the sender's conversation; returns how many.

    Rasa appends a turn's events when the turn ends, so the conversation can only be erased after
    Rasa has answered: the gateway calls this once the reply that confirms deletion has arrived."""
    engine = current().tracker
    events = events_table(engine)
    if events is None:
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id == sender)).rowcount


def conversation_events(sender: str, limit: int = 200) -> list[dict[str, Any]]:
    """The last ``limit`` user and bot events of the sender's conversation, oldest first, each as
    Rasa stored it (``{"event": "user"|"bot", "text": ..., "data": {...}}``), so the web widget
    can show it again after a page reload (Rasa's HTTP API stays closed)."""
    engine = current().tracker
    events = events_table(engine)
    if events is None:
        return []
    query = (
        select(events.c.data)
        .where(events.c.sender_id == sender, events.c.type_name.in_(SAID))
        .order_by(events.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).scalars().all()
    return [json.loads(row) for row in reversed(rows) if row]


def stored_bytes_since(sender: str, since: float) -> int:
    """How much of the sender's conversation Rasa stored since ``since`` (a Unix time): the
    length of every event's JSON, replies included, as the tracker store keeps it."""
    engine = current().tracker
    events = events_table(engine)
    if events is None:
        return 0
    query = select(func.coalesce(func.sum(func.length(events.c.data)), 0)).where(
        events.c.sender_id == sender, events.c.timestamp >= since)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def purge_before(cutoff: datetime, dry_run: bool) -> tuple[int, int]:
    """Retention (userdata/retention.py): deletes conversations idle since ``cutoff`` and, in the
    others, events older than it outside their current session. Returns (conversations, events)."""
    engine = current().tracker
    events = events_table(engine)
    if events is None:
        return 0, 0
    # Rasa stores each event's time as a Unix timestamp (float seconds).
    old = events.c.timestamp < cutoff.timestamp()
    last_seen = (select(events.c.sender_id).group_by(events.c.sender_id)
                 .having(func.max(events.c.timestamp) < cutoff.timestamp()))
    latest_session = (
        select(events.c.sender_id, func.max(events.c.id).label("first_id"))
        .where(events.c.type_name == SESSION_STARTED)
        .group_by(events.c.sender_id)
        .subquery()
    )
    with engine.begin() as connection:
        idle = list(connection.execute(last_seen).scalars())
        # Old events outside each conversation's current session (all of them if it has none).
        in_use_old = (
            select(events.c.id)
            .select_from(events.outerjoin(latest_session, latest_session.c.sender_id == events.c.sender_id))
            .where(old, or_(latest_session.c.first_id.is_(None), events.c.id < latest_session.c.first_id))
        )
        if dry_run:
            whole = connection.execute(select(func.count()).where(events.c.sender_id.in_(idle))).scalar_one()
            partial = connection.execute(
                select(func.count()).select_from(in_use_old.where(not_(events.c.sender_id.in_(idle))).subquery())
            ).scalar_one()
            return len(idle), whole + partial
        deleted = 0
        for chunk in _chunks(idle, 500):
            deleted += connection.execute(delete(events).where(events.c.sender_id.in_(chunk))).rowcount
        ids = list(connection.execute(in_use_old).scalars())
        for chunk in _chunks(ids, 500):
            deleted += connection.execute(delete(events).where(events.c.id.in_(chunk))).rowcount
    return len(idle), deleted


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


LANGUAGE_SLOT = "language"


def conversation_language(sender: str) -> str | None:
    """The language the advisor speaks with the sender: the last value Rasa stored in the
    conversation's `language` slot (actions/language.py sets it after every message), or None
    before any. Channels outside Rasa (Telegram's /kurs) answer in it too."""
    engine = current().tracker
    events = events_table(engine)
    if events is None:
        return None
    query = (
        select(events.c.data)
        .where(events.c.sender_id == sender, events.c.type_name == "slot",
               events.c.data.like(f'%"{LANGUAGE_SLOT}"%'))
        .order_by(events.c.id.desc())
        .limit(20)
    )
    with engine.connect() as connection:
        for row in connection.execute(query).scalars():
            event = json.loads(row) if row else {}
            if event.get("name") == LANGUAGE_SLOT and isinstance(event.get("value"), str):
                return event["value"]
    return None
