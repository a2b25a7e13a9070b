"""Reading a leader's answer to one readiness question: 2 = ja, 1 = delvis, 0 = nei, None = vet ikke.

Bokmål, nynorsk and English; case, punctuation and a few emoji don't matter. A short answer that
starts with a yes/no word counts («ja, absolutt», «nei, ikke ennå»); one that mentions «delvis»
(or similar) anywhere counts as partly («ja, delvis»), and one that says it doesn't know counts as
don't know («nei, vet ikke»). Anything else raises ``InvalidAnswer``, so the form can ask again —
in particular a question back («hva mener du med styringsgruppe?») or an unrelated word.

«Kanskje» / "maybe" counts as don't know: it gives the leader neither credit nor blame.
"""
from __future__ import annotations

import re
import unicodedata

from checklists.common import normalize_lang

YES, PARTLY, NO = 2, 1, 0
DONT_KNOW = None


class InvalidAnswer(ValueError):
    """The text is not an answer the readiness check (or the planning checklist) can use."""


# Button (title, payload) per language. The payloads are plain text that parse_answer reads
# in either language (no "/intent" payloads), so they go through the form like typed answers.
_BUTTONS = {
    "nb": [("Ja", "ja"), ("Delvis", "delvis"), ("Nei", "nei"), ("Vet ikke", "vet ikke")],
    "en": [("Yes", "yes"), ("Partly", "partly"), ("No", "no"), ("Don't know", "don't know")],
}

_VALUE_LABELS = {
    "nb": {YES: "ja", PARTLY: "delvis", NO: "nei", DONT_KNOW: "vet ikke"},
    "en": {YES: "yes", PARTLY: "partly", NO: "no", DONT_KNOW: "don't know"},
}


def answer_buttons(lang: str | None) -> list[tuple[str, str]]:
    """[(title, payload), ...] for yes / partly / no / don't know."""
    return list(_BUTTONS[normalize_lang(lang)])


def answer_label(value: int | None, lang: str | None) -> str:
    """2 → "ja"/"yes", 1 → "delvis"/"partly", 0 → "nei"/"no", None → "vet ikke"/"don't know"."""
    return _VALUE_LABELS[normalize_lang(lang)][value]


# --- vocabulary (normalised: lower case, words joined by one space, no punctuation) -------------

# Whole answer only (too ambiguous inside a longer one).
_EXACT = {
    "noe": PARTLY, "noko": PARTLY, "litegrann": PARTLY, "halvt": PARTLY, "passe": PARTLY,
    "middels": PARTLY, "n": NO, "y": YES, "2": YES, "1": PARTLY, "0": NO,
}

# Anywhere in a short answer, checked first.
_DONT_KNOW_PHRASES = [
    "vet ikke", "veit ikke", "vet ikkje", "veit ikkje", "vett ikke", "aner ikke", "aner ikkje",
    "usikker", "ikke sikker", "ikkje sikker", "ikke helt sikker", "ikkje heilt sikker", "uviss",
    "uvisst", "kanskje", "kan ikke svare", "kan ikkje svare", "vanskelig å si", "vanskeleg å seie",
    "vanskeleg å seia", "don't know", "dont know", "do not know", "not sure", "unsure", "no idea",
    "maybe", "perhaps", "uncertain", "dunno", "can't say", "cannot say", "hard to say", "no clue",
]

# Anywhere in a short answer, checked second.
_PARTLY_PHRASES = [
    "delvis", "litt", "til en viss grad", "til ein viss grad", "i noen grad", "i noe grad",
    "i nokon grad", "i noko grad", "sånn passe", "sånn halvveis", "halvveis", "både og",
    "ja og nei", "ikke helt", "ikkje heilt", "ikke fullt ut", "ikkje fullt ut", "partly",
    "partially", "somewhat", "a bit", "a little", "to some extent", "to some degree", "sort of",
    "kind of", "in part", "yes and no", "not quite", "not entirely", "not fully", "not completely",
]

# At the start of a short answer.
_YES_PHRASES = [
    "ja", "jo", "jepp", "jupp", "jada", "jau", "javisst", "ja visst", "absolutt", "definitivt",
    "helt klart", "selvsagt", "sjølvsagt", "sjølsagt", "selvfølgelig", "klart",
    "stemmer", "det stemmer", "i stor grad", "i høy grad", "stort sett",
    "for det meste", "yes", "yeah", "yep", "yup", "sure", "definitely", "absolutely", "certainly",
    "of course", "indeed", "largely", "mostly", "to a great extent", "to a large extent",
]
_NO_PHRASES = [
    "nei", "nope", "nah", "niks", "nix", "no", "ikke", "ikkje", "ikke i det hele tatt",
    "ikkje i det heile", "ikkje i det heile teke", "ikkje i det heile tatt", "overhodet ikke",
    "slett ikke", "slett ikkje", "absolutt ikke", "absolutt ikkje", "ikke ennå", "ikke enda",
    "ikkje enno", "egentlig ikke", "eigentleg ikkje", "ikke egentlig", "ingen", "aldri",
    "not at all", "not yet", "not really", "never", "none",
]

_YES_EMOJI = set("👍✅✔☑👌💯")
_NO_EMOJI = set("👎❌✖🚫⛔")
_DONT_KNOW_EMOJI = set("🤷❓❔")
# Joiners, variation selectors, skin tones and gender signs that ride along with emoji.
_EMOJI_NOISE = re.compile("[\u200d\ufe0e\ufe0f\u2640\u2642\U0001F3FB-\U0001F3FF\\s]")

MAX_WORDS = 8
_WORD = re.compile(r"[\w']+")


def _contains(words: list[str], phrase: str) -> bool:
    p = phrase.split()
    return any(words[i:i + len(p)] == p for i in range(len(words) - len(p) + 1))


def _starts_with(words: list[str], phrases: list[str]) -> bool:
    return any(words[:len(p.split())] == p.split() for p in phrases)


def parse_answer(text: str) -> int | None:
    """2 (ja/yes), 1 (delvis/partly), 0 (nei/no) or None (vet ikke/don't know).

    Raises ``InvalidAnswer`` for anything else (empty text, nonsense, a question back, a long
    message)."""
    if not isinstance(text, str):
        raise InvalidAnswer("not text")
    t = unicodedata.normalize("NFKC", text).strip().lower()
    for quote in "’‘`´":
        t = t.replace(quote, "'")
    if not t:
        raise InvalidAnswer("empty answer")

    bare = _EMOJI_NOISE.sub("", t)
    if bare and set(bare) <= set("?"):
        return DONT_KNOW
    for emoji_set, value in ((_YES_EMOJI, YES), (_NO_EMOJI, NO), (_DONT_KNOW_EMOJI, DONT_KNOW)):
        if set(bare) & emoji_set and set(bare) <= emoji_set | set("!.?"):
            return value

    words = [w.strip("'_") for w in _WORD.findall(t)]
    words = [w for w in words if w]
    if not words:
        raise InvalidAnswer("no words")
    phrase = " ".join(words)
    if phrase in _EXACT:
        return _EXACT[phrase]
    if len(words) > MAX_WORDS:
        raise InvalidAnswer("too long for a yes/partly/no answer")

    if any(_contains(words, p) for p in _DONT_KNOW_PHRASES):
        return DONT_KNOW
    if t.endswith("?") and len(words) > 2:
        raise InvalidAnswer("a question, not an answer")
    if any(_contains(words, p) for p in _PARTLY_PHRASES):
        return PARTLY
    if _starts_with(words, _NO_PHRASES):
        return NO
    if _starts_with(words, _YES_PHRASES):
        return YES
    raise InvalidAnswer("not a yes/partly/no answer")
