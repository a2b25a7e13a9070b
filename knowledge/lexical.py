"""Lexical side of the search: a Norwegian analyser and BM25 (``bm25s``).

Leaders do not write like the theses. The analyser closes the commonest gaps
before BM25 sees a word:

* Norwegian compounds: ``samskapingsprosessen`` is also indexed as
  ``samskaping`` + ``prosessen`` when both halves (with an optional linking
  -s-/-e-) are words of the corpus, so a question about "prosessen" finds it.
* Snowball's Norwegian stemmer (``PyStemmer``) folds inflections.
* Nynorsk function and content words map to the bokmål the theses use
  (``korleis`` → ``hvordan``, ``leiar`` → ``leder``).
* English questions get the Norwegian terms of a small glossary added
  (``trust`` → ``tillit``); the dense model handles the rest of English.
* One-edit typos of corpus words are corrected (``tilitsbasert``), using a
  deletion index over the corpus vocabulary (SymSpell's idea), so a lookup is
  a few dictionary hits rather than a scan.
* ``Balanse’ 24`` is written six ways in the thesis and more by users; all
  become one token.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_BALANSE = re.compile(r"balanse\W{0,3}(?:i\s)?24\W{0,2}s?\b", re.IGNORECASE)

# Function words of bokmål, nynorsk and English questions. They carry no
# topic, and question words ("hvordan") would otherwise match every passage
# that happens to ask something.
STOPWORDS = frozenset("""
og i jeg det at en et den til er som på de med han av ikke der så var meg seg men ett har om vi min
mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl
her alle vil bli ble blitt kunne inn når være kom noen noe ville dere deres kun ja etter ned skulle
denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken
hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært båe begge
siden dykk dykkar eg ein eit eitt elles hjå ho hoe honom hoss hossen ikkje ingi inkje korleis korso
kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so
somt somme um upp vere vore verte vort varte vart jo mye får gjør gjøre sier hos bør må ønsker
the a an and or of to in on for with what how why who which when where is are do does can should
we i my our you your it its this that these those be been at by from as about into than then there
their they them was were will would could has have had not no so if also more most any some such
""".split())

# Nynorsk → bokmål for words that matter for the topic (function words are
# stop words in both). Snowball stems the two forms differently, so without
# this a nynorsk question misses the bokmål passage word for word.
NYNORSK = {
    "leiar": "leder", "leiaren": "lederen", "leiarar": "ledere", "leiarane": "lederne", "leiing": "ledelse",
    "leiinga": "ledelsen", "leie": "lede", "leier": "leder", "leia": "ledet", "tilsette": "ansatte",
    "medarbeidar": "medarbeider", "medarbeidarar": "medarbeidere", "medarbeidarane": "medarbeiderne",
    "medarbeidarskap": "medarbeiderskap", "innbyggjar": "innbygger", "innbyggjarar": "innbyggere",
    "innbyggjarane": "innbyggerne", "politikar": "politiker", "politikarar": "politikere",
    "politikarane": "politikerne", "oppgåve": "oppgave", "oppgåva": "oppgaven", "oppgåvene": "oppgavene",
    "tenkje": "tenke", "tenkja": "tenke", "gje": "gi", "gjev": "gir", "frå": "fra", "møta": "møtene",
    "halde": "holde", "kjenne": "føle", "trygge": "trygge", "likeverdige": "likeverdige", "betre": "bedre",
    "utfordringane": "utfordringene", "utfordringar": "utfordringer", "hindringane": "hindringene",
    "største": "største", "opplæring": "opplæring", "leggjast": "legges", "rolla": "rollen",
    "meiner": "mener", "seier": "sier", "dei": "de", "ho": "den", "kommuneøkonomi": "kommuneøkonomi",
    "sektorane": "sektorene", "sektorar": "sektorer", "bestemmer": "bestemmer", "kostar": "koster",
    "kunnskap": "kunnskap", "tillit": "tillit", "arbeidsgruppene": "arbeidsgruppene", "røynsle": "erfaring",
    "røynsler": "erfaringer", "medverknad": "medvirkning", "involvere": "involvere", "mål": "mål",
    "ressursar": "ressurser", "tilsetje": "ansatte", "samskapinga": "samskapingen", "prosessar": "prosesser",
}

# Nynorsk question words, for the dense model only (BM25 drops them as stop words).
NYNORSK_FUNCTION = {
    "korleis": "hvordan", "kva": "hva", "kvifor": "hvorfor", "kven": "hvem", "kor": "hvor", "kvar": "hvor",
    "eg": "jeg", "ikkje": "ikke", "mykje": "mye", "noko": "noe", "nokon": "noen", "berre": "bare",
    "vere": "være", "treng": "trenger", "òg": "også", "ein": "en", "eit": "et", "sjølv": "selv",
}

# English → the Norwegian words the theses use for the same idea. Only added
# to English queries; the dense model already bridges the languages, this
# gives BM25 a say on them too.
ENGLISH = {
    "co-creation": "samskaping samskapelse", "cocreation": "samskaping", "co-create": "samskape",
    "co": "", "creation": "samskaping", "create": "skape",
    "trust": "tillit", "trust-based": "tillitsbasert", "leadership": "ledelse", "leader": "leder",
    "leaders": "ledere", "manager": "leder", "middle": "mellomleder", "managers": "ledere",
    "employees": "medarbeidere medarbeiderne ansatte", "employee": "medarbeider", "staff": "medarbeidere medarbeiderne ansatte",
    "citizens": "innbyggere", "citizen": "innbygger", "residents": "innbyggere", "municipality": "kommune",
    "municipal": "kommunal kommune", "municipalities": "kommuner", "politicians": "politikere",
    "meetings": "møter møtested lokaler", "meeting": "møte", "venue": "lokaler", "premises": "lokaler",
    "young": "ungdom unge", "youth": "ungdom", "language": "språk språket", "plain": "hverdagsspråk",
    "jargon": "fagspråk", "time": "tid", "resources": "ressurser", "competence": "kompetanse",
    "training": "opplæring kompetanse", "targets": "måltall målstyring", "reporting": "rapportering",
    "room": "handlingsrom rom", "decoupling": "frikobling", "legitimacy": "legitimitet",
    "anchoring": "forankring", "democratic": "demokratisk", "democracy": "demokrati",
    "inequality": "ulikhet", "vulnerable": "svake", "resourceful": "ressurssterke",
    "innovation": "innovasjon", "innovate": "innovasjon innovere", "limitations": "begrensninger",
    "study": "studie", "further": "videre", "research": "forskning", "definition": "definisjon",
    "defined": "definisjon", "project": "prosjekt", "projects": "prosjekter", "tolerance": "toleransegrenser",
    "exception": "avviksledelse", "management": "ledelse styring", "facilitator": "fasilitator",
    "facilitate": "fasilitere", "conflict": "konflikt", "disagreement": "uenighet", "methods": "metoder",
    "goals": "mål", "frames": "rammer", "framework": "rammer", "hands-off": "hands-off", "tools": "ledelsesgrep verktøy",
    "achieve": "mål", "economy": "økonomi", "budget": "økonomi budsjett", "savings": "økonomi",
    "barriers": "barrierer", "drivers": "drivere", "silo": "silo båstenkning", "equal": "likeverdig",
}


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer.Stemmer("norwegian")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    return _BALANSE.sub(" balanse24 ", text)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, with the Balanse’ 24 variants unified."""
    return [w for w in _WORD.findall(_fold(text)) if len(w) > 1 or w.isdigit()]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@dataclass
class Analyzer:
    """Turns text into BM25 terms; built from the corpus vocabulary."""

    vocabulary: set[str] = field(default_factory=set)
    _stems: set[str] = field(default_factory=set, repr=False)
    _delete_index: dict[str, str] = field(default_factory=dict, repr=False)
    _split_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_texts(cls, texts: list[str]) -> "Analyzer":
        counts: dict[str, int] = {}
        for text in texts:
            for w in words(text):
                counts[w] = counts.get(w, 0) + 1
        vocab = {w for w in counts if len(w) >= 3 and not w.isdigit()}
        analyzer = cls(vocabulary=vocab)
        analyzer._stems = set(_stemmer().stemWords(sorted(vocab)))
        # Frequent words win a shared deletion key: "tillitsbasert" beats a rare neighbour.
        for w in sorted(vocab, key=lambda w: -counts[w]):
            if len(w) >= 6:
                for d in _deletes(w):
                    analyzer._delete_index.setdefault(d, w)
        return analyzer

    # --- word-level steps -------------------------------------------------------
    def correct(self, word: str) -> str:
        """The corpus word one edit away from an unknown ``word``, else ``word``."""
        if len(word) < 7 or word in self.vocabulary or word in STOPWORDS or word in NYNORSK:
            return word
        if word in self._delete_index:  # the user typed one letter too many
            return self._delete_index[word]
        for d in _deletes(word):  # one letter too few, swapped or wrong
            if d in self.vocabulary:
                return d
            if d in self._delete_index:
                return self._delete_index[d]
        return word

    def split_compound(self, word: str) -> tuple[str, ...]:
        """Known head + known tail of a compound, or () if it is not one."""
        if len(word) < 9:
            return ()
        cached = self._split_cache.get(word)
        if cached is not None:
            return cached
        stem = _stemmer().stemWord
        best: tuple[str, ...] = ()
        for i in range(len(word) - 4, 3, -1):  # longest known head first
            head, tail = word[:i], word[i:]
            for h in (head, head[:-1] if head[-1] in "se" else None):
                if h and len(h) >= 4 and h in self.vocabulary and len(tail) >= 4 and (
                        tail in self.vocabulary or stem(tail) in self._stems):
                    best = (h, tail)
                    break
            if best:
                break
        self._split_cache[word] = best
        return best

    # --- text-level ----------------------------------------------------------------
    def terms(self, text: str, query: bool = False) -> list[str]:
        out: list[str] = []
        english = query and looks_english(text)
        for w in words(text):
            if english and w in ENGLISH:
                # The English word itself would only match the English abstracts.
                out.extend(ENGLISH[w].split())
                continue
            w = NYNORSK.get(w, w)
            if w in STOPWORDS:
                continue
            if query:
                w = self.correct(w)
            out.append(w)
            out.extend(self.split_compound(w))
        return _stemmer().stemWords(out)

    def normalise_query(self, text: str) -> str:
        """The question in the theses' spelling, for the dense model: nynorsk
        words in bokmål and one-edit typos of corpus words corrected."""
        def fix(m: re.Match) -> str:
            w = m.group(0)
            low = w.casefold()
            c = NYNORSK.get(low) or NYNORSK_FUNCTION.get(low) or self.correct(low)
            return w if c == low else c
        return _WORD.sub(fix, text)


_ENGLISH_MARKERS = frozenset("the what how why which who does do is are can should we our my of and "
                             "to in for with".split())
_NORWEGIAN_MARKERS = frozenset("og er det en et på hva hvordan korleis kva som ikke ikkje å jeg eg vi med "
                               "for til av de dei".split())


_HYPHENATED_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def glossary_terms(text: str) -> list[str]:
    """The Norwegian words the theses use for the English words of `text` ("trust-based" as a
    whole first, then its parts)."""
    out: list[str] = []
    for token in _HYPHENATED_WORD.findall(_fold(text)):
        parts = [token] if token in ENGLISH else token.split("-")
        out.extend(term for part in parts for term in ENGLISH.get(part, "").split())
    return list(dict.fromkeys(out))


def looks_english(text: str) -> bool:
    ws = words(text)
    en = sum(w in _ENGLISH_MARKERS for w in ws)
    nb = sum(w in _NORWEGIAN_MARKERS for w in ws)
    return en > nb


class BM25Index:
    """BM25 (Lucene variant) over the passages' analysed terms."""

    def __init__(self, texts: list[str], analyzer: Analyzer | None = None):
        self.analyzer = analyzer or Analyzer.from_texts(texts)
        self._bm25 = bm25s.BM25()
        self._bm25.index([self.analyzer.terms(t) for t in texts], show_progress=False)
        self.size = len(texts)

    def scores(self, query: str) -> np.ndarray:
        terms = self.analyzer.terms(query, query=True)
        known = [t for t in terms if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def coverage(self, query: str) -> float:
        """Share of the query's content terms that occur in the corpus at all."""
        terms = self.analyzer.terms(query, query=True)
        if not terms:
            return 0.0
        return sum(t in self._bm25.vocab_dict for t in terms) / len(terms)
