"""Text typed by people, made safe to show to other people.

Bidirectional control characters (U+202A–U+202E, U+2066–U+2069, and the invisible marks
U+200E, U+200F, U+061C) change the order in which the rest of a line is displayed: «\u202egnp.exe»
reads as «exe.png». Nothing a leader or trainer writes here needs them, so they are dropped
wherever user text is kept or shown to someone else (plan documents, course names, chat messages).
"""
from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)
