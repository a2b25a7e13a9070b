"""What a question is before it is searched: its language, its bokmål form, the thesis it
names, what kind of answer it asks for, and whether it can be searched at all.

Nothing here is tuned on questions: the patterns are the ordinary ways Norwegian and English
ask "what is", "how was it studied", "give an example", "why", and the thesis names come from
``sources.yml``.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .lexical import words
from .nynorsk import NynorskWords

# A question, not a document: longer text is not searched (a clear reply says so).
MAX_QUESTION_CHARS = 1000
# e5-small reads at most 512 tokens; questions are cut to this many words before embedding.
MAX_EMBED_WORDS = 120

KINDS = ("general", "define", "method", "example", "practice", "why")

# Kinds of answer, recognised by how the question is asked (bokmål, nynorsk, English).
_KIND_PATTERNS: dict[str, re.Pattern] = {
    "define": re.compile(
        r"^\W*(?:(?:og|men|så)\s+)?(?:hva|kva|ka)\s+(?:er|var|betyr|tyder|menes|meinast|mener|meiner|"
        r"mener\s+du|meiner\s+du|ligger\s+i|ligg\s+i|står\s+\w+\s+for)\b"
        r"|\b(?:definisjon\w*|definer\w*|begrepet|omgrepet|menes\s+med|meint\s+med)\b"
        r"|^\W*what\s+(?:is|are|does|do\s+you\s+mean)\b|\b(?:definition|define|meaning\s+of|stand\s+for)\b",
        re.IGNORECASE),
    "method": re.compile(
        r"\b(?:metode[rn]?|metoden[e]?|informant\w*|intervju\w*|utval\w*|utvalg\w*|datainnsamling\w*|"
        r"forskningsdesign\w*|kvalitativ\w*|kvantitativ\w*|validitet\w*|reliabilitet\w*|"
        r"method\w*|interview\w*|sample|sampling|research\s+design|qualitative|informants?)\b",
        re.IGNORECASE),
    "example": re.compile(r"\b(?:eksempel|eksempler|eksempla|døme|dømer|example|examples|case)\b",
                          re.IGNORECASE),
    "practice": re.compile(r"\b(?:i\s+praksis|in\s+practice|konkret\w*|praktisk\w*|practical\w*)\b",
                           re.IGNORECASE),
    "why": re.compile(r"^\W*(?:(?:og|men|så)\s+)?(?:hvorfor|kvifor|korfor|why)\b", re.IGNORECASE),
}
# Earlier kinds win when several match: «hva er metoden?» is about method, «hva betyr det i
# praksis?» about practice, «hva er et eksempel på …» asks for an example.
_KIND_ORDER = ("method", "example", "practice", "define", "why")

# A section number alone («4.2.1.2», «kapittel 5», «seksjon 2.3»).
_SECTION_ONLY = re.compile(
    r"^\s*(?:(?:kapittel|kap\.?|seksjon|avsnitt|del|section|chapter)\s*)?(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s*\??\s*$",
    re.IGNORECASE)

# A question that asks for an amount needs a number in its answer (bokmål, nynorsk, English).
_QUANTITY = re.compile(
    r"\b(?:hvor\s+(?:mye|mange|stor|stort|store|lenge|ofte)|kor\s+(?:mykje|mye|mange|stor|lenge|ofte)|"
    r"how\s+(?:much|many|long|often|big)|what\s+(?:percentage|share|proportion|amount)|"
    r"hvilken\s+andel|kva\s+del|kost(?:er|ar|et|a|ed|s)?|cost(?:s|ed)?|pris(?:en)?|price|beløp\w*|prosent\w*)\b",
    re.IGNORECASE)
# A request to do a task (write, translate, fill in, make a template) rather than a question.
_TASK = re.compile(
    r"^\W*(?:(?:kan|kunne)\s+(?:du|dere)\s+|can\s+you\s+|could\s+you\s+|please\s+|vær\s+så\s+snill\s+og\s+)?"
    r"(?:gi\s+meg|gje\s+meg|lag|lage|skriv|skrive|oversett|oversette|fyll\s+ut|sett\s+opp|send|generer\w*|"
    r"give\s+me|make|write|translate|draft|fill\s+in|create|generate|send)\b", re.IGNORECASE)
# A word written with a capital inside a sentence, or in capitals: a name (Bodø, PRINCE2).
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÆØÅ][\wæøåÆØÅ-]+)")

# Languages the advisor reads, and close neighbours it must not mistake for them.
SUPPORTED = ("nb", "nn", "en")


@dataclass(frozen=True)
class Query:
    text: str  # as asked, whitespace-normalised
    language: str  # "nb" | "nn" | "en" | another ISO 639-1 code the advisor does not read
    bokmal: str  # the question with its nynorsk words in bokmål (nynorsk.py), for the lexical search
    thesis_hint: str | None  # the thesis the question names, if exactly one
    kind: str  # one of KINDS
    problem: str | None = None  # why it cannot be searched: empty | no_words | too_long | section_number | language
    section_number: str | None = None  # for problem == "section_number"

    @property
    def english(self) -> bool:
        return self.language == "en"

    @property
    def dense_text(self) -> str:
        """What the embedding model reads: the question as asked (e5 is multilingual, and reads
        nynorsk as well as bokmål), cut to what it can take."""
        return " ".join(self.text.split()[:MAX_EMBED_WORDS])


class LanguageGuesser:
    """lingua over the advisor's languages and the neighbours a user might write in."""

    def __init__(self):
        self._lock = threading.Lock()
        self._detector = None

    def _build(self):
        from lingua import Language, LanguageDetectorBuilder

        self._codes = {Language.BOKMAL: "nb", Language.NYNORSK: "nn", Language.ENGLISH: "en",
                       Language.SWEDISH: "sv", Language.DANISH: "da", Language.GERMAN: "de"}
        return LanguageDetectorBuilder.from_languages(*self._codes).build()

    def guess(self, text: str) -> str:
        with self._lock:
            if self._detector is None:
                self._detector = self._build()
        # English or Norwegian by the words of the sentence, not the names in it; a foreign
        # language by the whole text (German writes its nouns with capitals).
        sentence = without_names(text)
        values = self._values(sentence)
        norwegian = values.get("nb", 0) + values.get("nn", 0) + values.get("da", 0) * 0.5
        if values.get("en", 0) > max(norwegian, values.get("sv", 0), values.get("de", 0)):
            return "en"
        # Danish and bokmål are close enough that only a clear foreign verdict counts; a few
        # words of Norwegian are often scored as Danish or Swedish by a small margin.
        if len(text.split()) >= 4:
            whole = values if sentence == text else self._values(text)
            for foreign in ("sv", "de"):
                if whole.get(foreign, 0) >= 0.8:
                    return foreign
        return "nn" if values.get("nn", 0) > values.get("nb", 0) else "nb"

    def _values(self, text: str) -> dict[str, float]:
        return {self._codes[c.language]: c.value for c in self._detector.compute_language_confidence_values(text)}


class QueryAnalyser:
    def __init__(self, thesis_aliases: dict[str, tuple[str, ...]], nynorsk: NynorskWords,
                 guesser: LanguageGuesser | None = None):
        self._aliases = [(tid, tuple(words(alias))) for tid, aliases in thesis_aliases.items()
                         for alias in aliases if words(alias)]
        self.nynorsk = nynorsk
        self.guesser = guesser or LanguageGuesser()

    def thesis_hint(self, text: str) -> str | None:
        ws = " " + " ".join(words(text)) + " "
        named = {tid for tid, alias in self._aliases if f" {' '.join(alias)} " in ws}
        return named.pop() if len(named) == 1 else None

    def analyse(self, raw: str) -> Query:
        text = " ".join(unicodedata.normalize("NFC", raw or "").split())
        problem = None
        section = None
        if not text:
            problem = "empty"
        elif len(text) > MAX_QUESTION_CHARS:
            problem = "too_long"
        elif not words(text) or all(w.isdigit() for w in words(text)) and not _SECTION_ONLY.match(text):
            problem = "no_words"
        else:
            m = _SECTION_ONLY.match(text)
            if m:
                problem, section = "section_number", m.group(1)
        if problem:
            return Query(text, "nb", text, None, "general", problem, section)
        language = self.guesser.guess(text)
        if language not in SUPPORTED:
            return Query(text, language, text, None, "general", "language")
        # Bokmål questions too: the guesser calls a nynorsk question with a few bokmål words
        # bokmål, and the table leaves bokmål words alone.
        bokmal = self.nynorsk.translate(text) if language != "en" else text
        return Query(text, language, bokmal, self.thesis_hint(text), question_kind(text))


def asks_quantity(text: str) -> bool:
    return bool(_QUANTITY.search(text))


def task_request(text: str) -> bool:
    return bool(_TASK.match(text))


def names(text: str) -> list[str]:
    """Capitalised words that are not the first of a sentence: names of places, tools, laws."""
    return [m.group(1) for m in _NAME.finditer(text.strip())]


def without_names(text: str) -> str:
    """``text`` without those names, for telling its language: a name belongs to no language, and
    lingua read «Which project method does Lillehammer kommune use in Balanse 24?» as Norwegian.
    The text as it is when nothing else would be left."""
    rest = _NAME.sub(" ", text.strip())
    return rest if rest.split() else text


def question_kind(text: str) -> str:
    for kind in _KIND_ORDER:
        if _KIND_PATTERNS[kind].search(text):
            return kind
    return "general"


@lru_cache(maxsize=1)
def default_guesser() -> LanguageGuesser:
    return LanguageGuesser()
