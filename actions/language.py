"""Which language to answer in: bokmål unless the user writes English (nynorsk is answered in
bokmål). Short messages ("ja", "ok", "hei") say too little, so they keep the current language."""
from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from knowledge.query import without_names

NORWEGIAN, ENGLISH = "nb", "en"
LANGUAGES = (NORWEGIAN, ENGLISH)

# Below these confidences the detector is guessing; keep the language the conversation has.
MIN_CONFIDENCE = 0.7
MIN_CONFIDENCE_ONE_WORD = 0.85

# Names (knowledge.query.without_names), and words with a digit or in capitals, which may open a
# message (a course code «K7M2QX», «NAV», «2024»), belong to no language; left in, lingua read
# a random code as English often enough that «kurs K7M2QX» was now and then answered in English.
_NO_LANGUAGE = re.compile(r"[\w-]*\d[\w-]*|[A-ZÆØÅ-]*[A-ZÆØÅ]{2,}[A-ZÆØÅ-]*")


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.BOKMAL, Language.NYNORSK).build()


def detect(text: str, current: str = NORWEGIAN) -> str:
    if text.startswith("/"):  # a button's intent payload carries no language
        return current
    words = [word for word in without_names(text).split()
             if not _NO_LANGUAGE.fullmatch(word.strip(".,:;!?«»\"'()"))]
    if not words:
        return current
    text = " ".join(words)
    confidences = {c.language: c.value for c in _detector().compute_language_confidence_values(text)}
    english = confidences.get(Language.ENGLISH, 0.0)
    norwegian = confidences.get(Language.BOKMAL, 0.0) + confidences.get(Language.NYNORSK, 0.0)
    needed = MIN_CONFIDENCE if len(words) > 1 else MIN_CONFIDENCE_ONE_WORD
    if english >= needed:
        return ENGLISH
    if norwegian >= needed and len(words) > 1:
        return NORWEGIAN
    return current


def current_language(tracker) -> str:
    language = tracker.get_slot("language")
    return language if language in LANGUAGES else NORWEGIAN
