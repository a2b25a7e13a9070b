"""The one message model that every channel renders, and its translation from Rasa's replies."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Button(BaseModel):
    title: str
    payload: str


class Citation(BaseModel):
    """A source behind an answer; knowledge/ decides the fields, channels show what they need."""

    model_config = ConfigDict(extra="allow")

    passage_id: str
    thesis: str
    short_title: str
    section: str
    section_title: str


class BotMessage(BaseModel):
    text: str | None = None
    buttons: list[Button] = Field(default_factory=list)
    image: str | None = None
    citations: list[Citation] = Field(default_factory=list)


def from_rasa(replies: list[dict[str, Any]]) -> list[BotMessage]:
    """Rasa's REST channel sends an utterance's text and its custom payload as two messages;
    join them again so a citation always travels with the answer it belongs to."""
    messages: list[BotMessage] = []
    for reply in replies:
        custom = reply.get("custom") if isinstance(reply.get("custom"), dict) else {}
        citations = [Citation.model_validate(c) for c in custom.get("citations", [])]
        text = reply.get("text") or custom.get("text")
        if text is None and reply.get("image") is None and not reply.get("buttons"):
            if messages and citations:
                messages[-1].citations.extend(citations)
            continue
        messages.append(
            BotMessage(
                text=text,
                buttons=[Button(title=b["title"], payload=b["payload"]) for b in reply.get("buttons", [])],
                image=reply.get("image"),
                citations=citations,
            )
        )
    return messages
