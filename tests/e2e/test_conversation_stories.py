"""Plays the conversation stories (tests/conversations/test_stories.yml, Rasa's test-story format)
through the real gateway, Rasa and action server.

`rasa test` replays a story's events without running custom actions; this runs them for real and
reads what happened from Rasa's tracker store: the intent of every user message, the actions the
advisor ran after it, and the language slot where a story states it."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

STORIES = yaml.safe_load((Path(__file__).parent.parent / "conversations" / "test_stories.yml").read_text())["stories"]
# Rasa runs these around every turn; they say nothing about the conversation's logic.
BOOKKEEPING = {"action_listen", "action_session_start", "action_extract_slots"}


@dataclass
class Turn:
    text: str
    intent: str | None
    actions: list[str] = field(default_factory=list)
    active_loops: list[str | None] = field(default_factory=list)
    slots: dict[str, str] = field(default_factory=dict)


def turns_of(story: dict) -> list[Turn]:
    turns: list[Turn] = []
    for step in story["steps"]:
        if "user" in step:
            turns.append(Turn(str(step["user"]), step.get("intent")))
        elif "action" in step:
            turns[-1].actions.append(step["action"])
        elif "active_loop" in step:
            turns[-1].active_loops.append(step["active_loop"])
        elif "slot_was_set" in step:
            for slot in step["slot_was_set"]:
                turns[-1].slots.update(slot)
    return turns


class Tracker:
    """Rasa's events for one sender, read from its SQL tracker store as they are appended."""

    def __init__(self, db: Path, sender: str):
        self.db, self.sender, self.seen = db, sender, 0

    def new_events(self) -> list[dict]:
        with sqlite3.connect(self.db) as connection:
            rows = connection.execute(
                "SELECT id, data FROM events WHERE sender_id = ? AND id > ? ORDER BY id", (self.sender, self.seen)
            ).fetchall()
        if rows:
            self.seen = rows[-1][0]
        return [json.loads(data) for _, data in rows]

    def erased(self) -> bool:
        with sqlite3.connect(self.db) as connection:
            return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (self.sender,)).fetchone()[0] == 0


@pytest.mark.parametrize("story", STORIES, ids=[s["story"] for s in STORIES])
def test_conversation_story(stack, story):
    sender = f"story-{STORIES.index(story)}"
    tracker = Tracker(stack.tracker_db, sender)
    language = "nb"
    for number, turn in enumerate(turns_of(story), start=1):
        where = f"turn {number} «{turn.text}»"
        response = stack.chat(sender, turn.text)
        assert response.status_code == 200, where
        if turn.actions == ["action_delete_user_data"]:
            # The gateway erases the conversation right after this turn, so nothing is left to read.
            assert tracker.erased(), f"{where}: conversation not erased"
            continue
        events = tracker.new_events()
        user = [e for e in events if e["event"] == "user"]
        assert user, f"{where}: no user event stored"
        if turn.intent:
            assert user[-1]["parse_data"]["intent"]["name"] == turn.intent, where
        ran = [e["name"] for e in events if e["event"] == "action" and e["name"] not in BOOKKEEPING]
        assert ran == turn.actions, where
        loops = [e["name"] for e in events if e["event"] == "active_loop"]
        for expected in turn.active_loops:
            assert expected in loops, f"{where}: active loop {expected} not set"
        for event in events:
            if event["event"] == "slot" and event["name"] == "language":
                language = event["value"]
        for slot, value in turn.slots.items():
            assert slot == "language" and language == value, f"{where}: {slot} is {language}, expected {value}"
