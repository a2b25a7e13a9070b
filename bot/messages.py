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
    # Formatted by knowledge/ through citations.cite() in the reader's language; channels show them
    # as they are instead of composing their own.
    source_line: str = ""
    label: str = ""  # what kind of text the quote is («Funn fra intervjuene»)


class Document(BaseModel):
    url: str
    filename: str
    media_type: str = "text/markdown"


class BotMessage(BaseModel):
    text: str | None = None
    buttons: list[Button] = Field(default_factory=list)
    image: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    document: Document | None = None


class RasaReply(BaseModel):
    messages: list[BotMessage]
    # The advisor confirmed "delete my data": the gateway erases the stored conversation.
    erase_conversation: bool = False
    # Join codes the action tried for a code typed in the chat, and how many were wrong; the
    # gateway counts them against the client address (bot/join_limits.py).
    join_codes_tried: int = 0
    join_codes_missed: int = 0
    # The knowledge base's verdict when the turn answered from the theses ("answered",
    # "out_of_scope", …; actions/knowledge_reply.py sends it), for the metrics (bot/metrics.py).
    knowledge_status: str | None = None


def from_rasa(replies: list[dict[str, Any]]) -> RasaReply:
    """Rasa's REST channel sends an utterance's text and its custom payload as two messages;
    join them again so citations and documents travel with the text they belong to."""
    messages: list[BotMessage] = []
    erase = False
    tried = missed = 0
    status = None
    for reply in replies:
        custom = reply.get("custom") if isinstance(reply.get("custom"), dict) else {}
        if isinstance(custom.get("status"), str):
            status = custom["status"]
        erase = erase or bool(custom.get("erase_conversation"))
        joined = custom.get("cohort_join") if isinstance(custom.get("cohort_join"), dict) else {}
        tried += _count(joined.get("tried"))
        missed += _count(joined.get("missed"))
        citations = [Citation.model_validate(c) for c in custom.get("citations", [])]
        document = Document.model_validate(custom["document"]) if custom.get("document") else None
        text = reply.get("text") or custom.get("text")
        if text is None and reply.get("image") is None and not reply.get("buttons"):
            if messages:
                messages[-1].citations.extend(citations)
                messages[-1].document = messages[-1].document or document
            elif document:
                messages.append(BotMessage(document=document))
            continue
        messages.append(
            BotMessage(
                text=text,
                buttons=[Button(title=b["title"], payload=b["payload"]) for b in reply.get("buttons", [])],
                image=reply.get("image"),
                citations=citations,
                document=document,
            )
        )
    return RasaReply(messages=messages, erase_conversation=erase, join_codes_tried=tried, join_codes_missed=missed,
                     knowledge_status=status)


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0
