"""The sender id of a read request, taken from a header.

The sender id is the only key to a user's conversation, results and course; in a URL it would
sit in access logs, proxy logs and browser history. Requests that change something carry it in
their JSON body; requests that read carry it in X-Samskaping-Sender."""
from __future__ import annotations

from fastapi import Header

from bot.errors import ApiError
from bot import texts

SENDER_HEADER = "X-Samskaping-Sender"
SENDER_PATTERN = r"^[A-Za-z0-9_.:-]+$"


def sender_from_header(
    x_samskaping_sender: str | None = Header(default=None, min_length=1, max_length=128, pattern=SENDER_PATTERN,
                                             description="The conversation's sender id"),
) -> str:
    if x_samskaping_sender is None:
        raise ApiError(422, "sender_missing", texts.ERROR_SENDER_MISSING)
    return x_samskaping_sender
