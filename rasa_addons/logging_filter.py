"""Logging filter for the Rasa server, named in rasa-logging.yml.

When the tracker store cannot save or load a conversation, Rasa logs SQLAlchemy's error, and
that error lists the statement's parameters: the conversation's events, message text included.
This keeps the error and drops the parameters."""
from __future__ import annotations

import logging
import re

# SQLAlchemy writes "[parameters: …]" and then, usually, "(Background on this error at: …)".
_PARAMETERS = re.compile(r"\[parameters: .*?(?=\n\(Background on this error|\Z)", re.S)
HIDDEN = "[parameters: hidden]"


def redact(text: str) -> str:
    return _PARAMETERS.sub(HIDDEN, text)


class RedactSqlParameters(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "[parameters:" in message:
            record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
