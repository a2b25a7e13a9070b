"""Reading a conversation back from Rasa's SQL tracker store, so the web widget can show it again
after a page reload. Rasa's HTTP API stays closed; the tracker store is the one record of what
was said, and reading it here keeps the history consistent with "delete my data"."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import MetaData, Table, func, inspect, select

from userdata.conversations import RASA_EVENTS_TABLE, tracker_engine
from userdata.settings import get_settings

SAID = ("user", "bot")


def conversation_events(sender: str, limit: int = 200) -> list[dict[str, Any]]:
    """The last ``limit`` user and bot events of the sender's conversation, oldest first, each as
    Rasa stored it (``{"event": "user"|"bot", "text": ..., "data": {...}}``)."""
    engine = tracker_engine(get_settings().tracker_db_url)
    if not inspect(engine).has_table(RASA_EVENTS_TABLE):
        return []
    events = Table(RASA_EVENTS_TABLE, MetaData(), autoload_with=engine)
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
    engine = tracker_engine(get_settings().tracker_db_url)
    if not inspect(engine).has_table(RASA_EVENTS_TABLE):
        return 0
    events = Table(RASA_EVENTS_TABLE, MetaData(), autoload_with=engine)
    query = select(func.coalesce(func.sum(func.length(events.c.data)), 0)).where(
        events.c.sender_id == sender, events.c.timestamp >= since)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())
