"""Text fields of API requests: readable, and without characters that would fool a reader.

JSON may carry a lone surrogate ("\\ud800"), which is no character at all and cannot be encoded
as UTF-8: passed on, it broke the call to Rasa (a 503 «unavailable» and a UnicodeEncodeError in
the log). It is refused as invalid input instead. Bidirectional control characters are dropped
(checklists/plain_text.py)."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from checklists.plain_text import strip_bidi_controls


def readable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text contains a character that is not valid Unicode (a lone surrogate)") from None
    return strip_bidi_controls(value)


ReadableText = Annotated[str, AfterValidator(readable)]
