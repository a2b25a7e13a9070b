"""Lexical side of the search: a Norwegian analyser and BM25 (``bm25s``).

Leaders do not write like the theses. The analyser closes the commonest gaps
before BM25 sees a word:

* Norwegian compounds: ``samskapingsprosessen`` is also indexed as
  ``samskaping`` + ``prosessen`` when both halves (with an optional linking
  -s-/-e-) are words of the corpus, so a question about "prosessen" finds it.
* Snowball's Norwegian stemmer (``PyStemmer``) folds inflections.
* Nynorsk words arrive in bokmål, from a table Apertium made (see nynorsk.py).
* English questions get the Norwegian words of a dictionary glossary added
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

# English → the Norwegian words the theses use, for English questions: ordinary dictionary
# translations of the field's vocabulary, each Norwegian word one the theses contain (a test
# checks that). Where a translation is specific to the field, the theses' own English abstracts
# give the pair: «room for action» ↔ «handlingsrommet», «Space for co-creation» ↔ «Rom for
# samskaping», «framework» ↔ «rammer», «Facilitation» ↔ «Fasilitering», «relationships» ↔
# «relasjoner», «curious» ↔ «nysgjerrig». The dense model bridges the languages on its own; this
# gives the lexical search a say on English questions too.
ENGLISH = {
    "co-creation": "samskaping samskapelse", "co-creating": "samskaping", "co-create": "samskape",
    "trust": "tillit", "trust-based": "tillitsbasert", "leadership": "ledelse",
    "management": "ledelse styring", "governance": "styring", "leader": "leder", "manager": "leder",
    "leaders": "ledere", "managers": "ledere", "employee": "medarbeider ansatt",
    "employees": "medarbeidere ansatte", "staff": "medarbeidere ansatte", "citizen": "innbygger",
    "citizens": "innbyggere", "resident": "innbygger", "residents": "innbyggere",
    "municipality": "kommune", "municipalities": "kommuner", "municipal": "kommunal kommunale",
    "politicians": "politikere", "meeting": "møte", "meetings": "møter", "venue": "lokaler",
    "premises": "lokaler", "young": "unge", "youth": "ungdom", "language": "språk",
    "jargon": "fagspråk", "time": "tid", "resources": "ressurser", "competence": "kompetanse",
    "skills": "ferdigheter", "training": "opplæring", "goals": "mål", "targets": "mål",
    "room": "rom handlingsrom", "space": "rom", "frames": "rammer", "framework": "rammer",
    "legitimacy": "legitimitet", "anchoring": "forankring", "democratic": "demokratisk",
    "inequality": "ulikhet", "resourceful": "ressurssterke", "innovation": "innovasjon",
    "limitations": "begrensninger", "study": "studie", "research": "forskning",
    "definition": "definisjon", "project": "prosjekt", "projects": "prosjekter",
    "facilitator": "fasilitator", "facilitate": "fasilitere", "facilitation": "fasilitering",
    "conflict": "konflikt", "disagreement": "uenighet", "method": "metode", "methods": "metoder",
    "methodology": "metodikk", "economy": "økonomi", "barriers": "barrierer", "drivers": "drivere",
    "equal": "likeverdig likeverdige", "silo": "båstenkning", "tools": "verktøy",
    "relationships": "relasjoner", "relations": "relasjoner", "curious": "nysgjerrig",
    "atmosphere": "atmosfære", "dialogue": "dialog", "exception": "unntak",
    "decoupling": "frikobling", "ownership": "eierskap", "volunteers": "frivillige",
    "voluntary": "frivillig", "purpose": "hensikt formål", "understanding": "forståelse",
    "shared": "felles", "common": "felles", "strategy": "strategi", "culture": "kultur",
    "power": "makt", "control": "kontroll", "responsibility": "ansvar", "mandate": "mandat",
    "network": "nettverk", "interview": "intervju", "interviews": "intervjuer",
    "informants": "informanter", "efficiency": "effektivitet", "welfare": "velferd",
    "sector": "sektor", "public": "offentlig", "private": "privat", "civil": "sivilsamfunnet",
    "partnership": "partnerskap", "involvement": "involvering medvirkning",
    "participation": "deltakelse medvirkning",
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
        if len(word) < 7 or word in self.vocabulary or word in STOPWORDS:
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
    def terms(self, text: str, query: bool = False, english: bool = False) -> list[str]:
        """BM25 terms of ``text``. A query's unknown words get their one-edit correction; an
        English query keeps its own words (the passages' English questions hold them) and gets the
        glossary's Norwegian words besides."""
        out: list[str] = []
        tokens = _HYPHENATED_WORD.findall(_fold(text)) if english else words(text)
        for token in tokens:
            if english:
                out.extend(glossary_terms(token))
            for w in (token.split("-") if english else [token]):
                if w in STOPWORDS or (len(w) < 2 and not w.isdigit()):
                    continue
                if query:
                    w = self.correct(w)
                out.append(w)
                out.extend(self.split_compound(w))
        return _stemmer().stemWords(out)

    def normalise_query(self, text: str) -> str:
        """The question with one-edit typos of corpus words corrected, for the dense model."""
        def fix(m: re.Match) -> str:
            w = m.group(0)
            low = w.casefold()
            c = self.correct(low)
            return w if c == low else c
        return _WORD.sub(fix, text)


_HYPHENATED_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def glossary_terms(text: str) -> list[str]:
    """The Norwegian words the theses use for the English words of `text` ("trust-based" as a
    whole first, then its parts)."""
    out: list[str] = []
    for token in _HYPHENATED_WORD.findall(_fold(text)):
        parts = [token] if token in ENGLISH else token.split("-")
        out.extend(term for part in parts for term in ENGLISH.get(part, "").split())
    return list(dict.fromkeys(out))


class BM25Index:
    """BM25 (``bm25s``, Lucene variant) over analysed texts."""

    def __init__(self, texts: list[str], analyzer: Analyzer | None = None):
        self.analyzer = analyzer or Analyzer.from_texts(texts)
        self._bm25 = bm25s.BM25()
        tokenised = [self.analyzer.terms(t) for t in texts]
        # bm25s cannot index an empty text; a placeholder no query can contain stands in.
        self._bm25.index([terms or ["\u2400"] for terms in tokenised], show_progress=False)
        self.size = len(texts)
        self._df: dict[str, int] = {}
        for terms in tokenised:
            for term in set(terms):
                self._df[term] = self._df.get(term, 0) + 1

    def known(self, terms: list[str]) -> list[str]:
        return [t for t in terms if t in self._bm25.vocab_dict]

    def scores_for_terms(self, terms: list[str]) -> np.ndarray:
        """One score per text (zeros when no term is in the index)."""
        known = self.known(terms)
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def scores(self, query: str, english: bool = False) -> np.ndarray:
        return self.scores_for_terms(self.analyzer.terms(query, query=True, english=english))

    def document_frequency(self, term: str) -> int:
        """In how many texts the (analysed) ``term`` occurs."""
        return self._df.get(term, 0)
