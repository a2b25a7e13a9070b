"""Keeps keys to users' data out of the access log.

uvicorn logs every request's path. Some paths carry a key: the random id of a chart or plan
(whoever has it may download the file) and a course's join code; before the sender id moved to a
header, the history and course reads carried that too. They are replaced with «…» before the line
is written."""
from __future__ import annotations

import logging
import re

ACCESS_LOGGER = "uvicorn.access"
_KEYS = re.compile(
    r"(?P<prefix>/media/(?:readiness|plans)/|/kurs/|/api/history/|/api/cohort/(?!join\b|leave\b))"
    r"[^/?#\s.]+"
    r"|(?P<query>[?&]kurs=)[^&#\s]+"
)


def redact(path: str) -> str:
    return _KEYS.sub(lambda m: (m.group("prefix") or m.group("query")) + "…", path)


class RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access record: (client address, method, path with query, HTTP version, status).
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            record.args = (*record.args[:2], redact(record.args[2]), *record.args[3:])
        return True


def install() -> None:
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactKeys) for f in logger.filters):
        logger.addFilter(RedactKeys())
