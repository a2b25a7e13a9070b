"""The message model (bot.messages.BotMessage) as Telegram messages in HTML parse mode.

Every piece of text from Rasa or the user is escaped; tags are only ever added around escaped text.
Texts are split at paragraph, line or word boundaries before escaping, so a split never cuts a tag
or an entity (`&amp;`) in two."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import BotMessage, Citation
from userdata.links import PLAN_DOCUMENT, READINESS_CHART

MAX_MESSAGE_CHARS = 4096  # Telegram's limit for a message's text (after entities are parsed)
MAX_CALLBACK_BYTES = 64  # Telegram's limit for a button's callback_data
BUTTONS_PER_ROW = 2

# Callback data: "r:<payload>" sends the payload to Rasa; "p:<passage id>" shows a whole passage.
RASA_PREFIX = "r:"
PASSAGE_PREFIX = "p:"


def _url_pattern(template: str) -> re.Pattern[str]:
    prefix, suffix = template.split("{id}")
    return re.compile(re.escape(prefix) + r"(?P<id>[A-Za-z0-9_-]+)" + re.escape(suffix) + "$")


CHART_URL = _url_pattern(READINESS_CHART)
PLAN_URL = _url_pattern(PLAN_DOCUMENT)


def stored_id(url: str | None, pattern: re.Pattern[str]) -> str | None:
    """The userdata id in a media link (`/media/readiness/<id>.png`), or None."""
    match = pattern.search(url or "")
    return match.group("id") if match else None


def split_plain(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Splits plain text so that each piece, once escaped, fits in `limit` characters. Splits at a
    paragraph break if it can, else at a line break, else at a space, else inside a word."""
    if len(escape(text, quote=False)) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        parts = text.split(separator)
        if len(parts) == 1:
            continue
        pieces: list[str] = []
        current = ""
        for part in parts:
            candidate = f"{current}{separator}{part}" if current else part
            if current and len(escape(candidate, quote=False)) > limit:
                pieces.append(current)
                current = part
            else:
                current = candidate
        pieces.append(current)
        return [small for piece in pieces for small in split_plain(piece, limit)]
    # One very long word: cut it, never inside an escaped entity (the cut is on the plain text).
    cut = limit
    while len(escape(text[:cut], quote=False)) > limit:
        cut -= 1
    return [text[:cut], *split_plain(text[cut:], limit)]


def pack(blocks: list[str], limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Joins complete HTML blocks (each with balanced tags, each within `limit`) into as few
    messages as fit, separated by blank lines."""
    chunks: list[str] = []
    for block in blocks:
        if chunks and len(chunks[-1]) + 2 + len(block) <= limit:
            chunks[-1] = f"{chunks[-1]}\n\n{block}"
        else:
            chunks.append(block)
    return chunks


def html_blocks(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Plain text as escaped HTML blocks, each within `limit`."""
    return [escape(piece, quote=False) for piece in split_plain(text.strip(), limit) if piece.strip()]


def citation_line(citation: Citation) -> str:
    """Compact: section number and title, thesis short title."""
    return (f"📖 <b>{escape(citation.section, quote=False)} {escape(citation.section_title, quote=False)}</b>"
            f" – <i>{escape(citation.short_title, quote=False)}</i>")


def passage_button_label(citation: Citation) -> str:
    """The same in both reply languages: the book and the section number."""
    return f"📖 {citation.section}"


def passage_callback(citation: Citation) -> str | None:
    data = PASSAGE_PREFIX + citation.passage_id
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


def rasa_callback(payload: str) -> str | None:
    data = RASA_PREFIX + payload
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


@dataclass
class TelegramMessage:
    """One message to send: HTML text with its keyboard (on the last chunk), or a stored file."""

    html: str | None = None
    keyboard: InlineKeyboardMarkup | None = None
    chart_id: str | None = None
    plan_id: str | None = None
    filename: str | None = None
    passages: dict[str, Citation] = field(default_factory=dict)


def keyboard_for(message: BotMessage) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []
    choices = [InlineKeyboardButton(b.title, callback_data=rasa_callback(b.payload))
               for b in message.buttons if rasa_callback(b.payload)]
    rows += [choices[i:i + BUTTONS_PER_ROW] for i in range(0, len(choices), BUTTONS_PER_ROW)]
    sources = [InlineKeyboardButton(passage_button_label(c), callback_data=passage_callback(c))
               for c in message.citations if passage_callback(c)]
    rows += [sources[i:i + 3] for i in range(0, len(sources), 3)]
    return InlineKeyboardMarkup(rows) if rows else None


def render(message: BotMessage, limit: int = MAX_MESSAGE_CHARS) -> list[TelegramMessage]:
    """The Telegram messages for one message of the model, in the order they are sent."""
    out: list[TelegramMessage] = []
    blocks = html_blocks(message.text or "", limit)
    if message.citations:
        blocks.append("\n".join(citation_line(c) for c in message.citations))
    chunks = pack(blocks, limit)
    keyboard = keyboard_for(message)
    passages = {c.passage_id: c for c in message.citations}
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        out.append(TelegramMessage(html=chunk, keyboard=keyboard if last else None,
                                   passages=passages if last else {}))
    if not chunks and keyboard:
        # Buttons without text still need a message to hang on.
        out.append(TelegramMessage(html="…", keyboard=keyboard, passages=passages))
    chart = stored_id(message.image, CHART_URL)
    if chart:
        out.append(TelegramMessage(chart_id=chart))
    plan = stored_id(message.document.url if message.document else None, PLAN_URL)
    if plan:
        out.append(TelegramMessage(plan_id=plan, filename=message.document.filename))
    return out


def passage_messages(citation_title: str, short_title: str, text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """A whole passage: its heading, then the text, split to fit."""
    heading = f"📖 <b>{escape(citation_title, quote=False)}</b>\n<i>{escape(short_title, quote=False)}</i>"
    return pack([heading, *html_blocks(text, limit)], limit)
