"""Erasing a conversation from Rasa's SQL tracker store.

Rasa appends a turn's events when the turn ends, so the conversation can only be erased after
Rasa has answered: the gateway calls this once the reply that confirms deletion has arrived.
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import MetaData, Table, create_engine, delete, inspect
from sqlalchemy.engine import Engine

from userdata.settings import get_settings

# Rasa's SQLTrackerStore keeps every event of every conversation in this table.
RASA_EVENTS_TABLE = "events"


@lru_cache
def tracker_engine(url: str) -> Engine:
    return create_engine(url)


def erase_conversation(sender: str) -> int:
    """Deletes every stored event of the sender's conversation; returns how many."""
    engine = tracker_engine(get_settings().tracker_db_url)
    if not inspect(engine).has_table(RASA_EVENTS_TABLE):
        return 0
    events = Table(RASA_EVENTS_TABLE, MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id == sender)).rowcount
