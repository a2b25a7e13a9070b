"""Reading a leader's free-text answer to one planning step."""
from __future__ import annotations

import re
import unicodedata

from checklists.readiness_answers import InvalidAnswer

__all__ = ["InvalidAnswer", "THIN_WORDS", "is_thin", "parse_step_answer"]

# A whole answer that means "skip this step" (compared lower-cased, without punctuation).
SKIP_PHRASES = frozenset({
    "hopp over", "hopp", "hopp over denne", "hopp over dette", "hopp over det", "hoppe over",
    "hopp vidare", "hopp videre", "skip", "skip it", "skip this", "skip this one", "pass", "neste",
    "next", "vet ikke", "veit ikke", "vet ikkje", "veit ikkje", "aner ikke", "aner ikkje",
    "don't know", "dont know", "i don't know", "i dont know", "not sure", "usikker", "n a", "na",
})

# Fewer words than this is a thin answer: the document adds the step's advice.
THIN_WORDS = 4

_WORD = re.compile(r"[\w']+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _words(text: str) -> list[str]:
    return [w for w in (w.strip("'_") for w in _WORD.findall(text)) if w]


def parse_step_answer(text: str) -> str | None:
    """``None`` if the leader skips the step («hopp over», "skip", «vet ikke», «-», «pass» …),
    otherwise the answer as given, trimmed (line breaks kept, control characters removed).

    Raises ``InvalidAnswer`` for an empty or whitespace-only message."""
    if not isinstance(text, str):
        raise InvalidAnswer("not text")
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = cleaned.strip()
    if not cleaned:
        raise InvalidAnswer("empty answer")
    normal = unicodedata.normalize("NFKC", cleaned).lower()
    for quote in "’‘`´":
        normal = normal.replace(quote, "'")
    words = _words(normal)
    if not words:
        return None  # only punctuation: "-", "–", "...", "?"
    if " ".join(words) in SKIP_PHRASES:
        return None
    return cleaned


def is_thin(text: str | None) -> bool:
    """True when an answer is too short to plan from (fewer than ``THIN_WORDS`` words), or missing."""
    return text is None or len(_words(text)) < THIN_WORDS
