"""Cut sections into passages sized for multilingual-e5-small, and sentences.

A passage follows paragraph boundaries and never spans two sections, so every
passage can be cited with one section number. e5-small truncates at 512
tokens; 60–180 words of Norwegian is about 100–300 tokens.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Iterable

from .parsing import Section
from .privacy import scrub


@dataclass(frozen=True)
class Passage:
    id: str  # "<thesis>:<section key>:<n>", stable while the corpus is
    thesis: str
    section: str  # display number ("" for unnumbered sections)
    section_key: str
    section_title: str
    role: str
    page: int | None
    text: str

    @property
    def embed_text(self) -> str:
        # The title gives the embedding context a lone paragraph lacks
        # ("Autoritet" alone says little; under its heading it does).
        return f"{self.section_title}\n{self.text}"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Passage":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


# --- sentences ----------------------------------------------------------------------

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "s", "ss", "st", "meld", "nr", "al", "bl.a", "f.eks", "dvs", "osv", "mm", "ca", "jf",
    "jfr", "jmfr", "evt", "etc", "pga", "ref", "kap", "vol", "red", "mr", "dr", "prof",
    "e.g", "i.e", "vs", "o.l", "m.m", "m.fl", "mht", "ift", "iht", "tlf", "nou",
}
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[»”\"’')\]]*\s+(?=[«“\"‘(\[]?[A-ZÆØÅ•])")


def _ends_with_abbreviation(chunk: str) -> bool:
    m = re.search(r"(\S+)\.[»”\"’')\]]*$", chunk)
    if not m:
        return False
    word = m.group(1).lstrip("(«“\"'").lower()
    # Single letters are initials ("Mathias A. Gundersen") or list labels.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[str]:
    """Split Norwegian/English prose into sentences; line breaks always split."""
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        pending, start = "", 0
        for m in _SENTENCE_BREAK.finditer(line):
            chunk = line[start:m.start() + len(m.group(0).rstrip())]
            start = m.end()
            pending = f"{pending} {chunk.strip()}".strip()
            if not _ends_with_abbreviation(pending):
                sentences.append(pending)
                pending = ""
        tail = f"{pending} {line[start:].strip()}".strip()
        if tail:
            sentences.append(tail)
    return sentences


# A sentence that starts with one of these words points back to the one before it.
_REFERS_BACK = re.compile(
    r"^[«\"“(]*(?:dette|det|denne|disse|den|de|dei|der|da|slik|sånn|her|han|hun|ho|deres|"
    r"this|these|that|those|it|they|such|here|thus)\b", re.IGNORECASE)


def refers_back(sentence: str) -> bool:
    """«Dette gir …», «This means …»: the sentence needs the one before it to be understood."""
    return bool(_REFERS_BACK.match(sentence.strip()))


# Shorter sentences ("Se figur 2.") are rarely worth quoting on their own.
_MIN_QUOTE_WORDS = 5


def quote_candidates(text: str) -> list[str]:
    """The sentences of a passage that an answer may quote, in text order.

    The index embeds exactly these at build time, so answers need no model
    call beyond the question's own embedding.
    """
    sentences = split_sentences(text)
    return [s for s in sentences if len(s.split()) >= _MIN_QUOTE_WORDS] or sentences


# --- passages -----------------------------------------------------------------------

def _word_count(text: str) -> int:
    return len(text.split())


def _split_long(paragraph: str, max_words: int) -> list[str]:
    """Cut an over-long paragraph into near-equal runs of whole sentences."""
    words = _word_count(paragraph)
    if words <= max_words:
        return [paragraph]
    target = words / math.ceil(words / max_words)
    pieces, current = [], []
    for sentence in split_sentences(paragraph):
        if current and _word_count(" ".join(current + [sentence])) > target * 1.15:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _pack(pieces: list[str], min_words: int, max_words: int) -> list[str]:
    """Greedily join consecutive paragraphs up to ``max_words``, then fold
    passages still below ``min_words`` into a neighbour where that fits."""
    packed: list[list[str]] = []
    for piece in pieces:
        if packed and _word_count("\n".join(packed[-1] + [piece])) <= max_words:
            packed[-1].append(piece)
        else:
            packed.append([piece])
    merged: list[list[str]] = []
    for group in packed:
        small = _word_count("\n".join(group)) < min_words
        if merged and (small or _word_count("\n".join(merged[-1])) < min_words) and \
                _word_count("\n".join(merged[-1] + group)) <= max_words * 1.3:
            merged[-1].extend(group)
        else:
            merged.append(group)
    return ["\n".join(group) for group in merged]


def section_passages(section: Section, min_words: int = 60, max_words: int = 180,
                     drop_words: int = 20) -> list[Passage]:
    if section.exclude:
        return []
    pieces, pages = [], []
    for paragraph, page in zip(section.paragraphs, section.pages):
        for piece in _split_long(paragraph, max_words):
            pieces.append(piece)
            pages.append(page)
    passages = []
    texts = [t for t in _pack(pieces, min_words, max_words) if _word_count(t) >= drop_words]
    for n, text in enumerate(texts, start=1):
        passages.append(Passage(
            id=f"{section.thesis}:{section.key}:{n}",
            thesis=section.thesis,
            section=section.display_number or "",
            section_key=section.key,
            section_title=section.title,
            role=section.role,
            page=_page_of(text, pieces, pages),
            text=scrub(text),
        ))
    return passages


def _page_of(text: str, pieces: list[str], pages: list[int | None]) -> int | None:
    return next((pg for piece, pg in zip(pieces, pages) if pg is not None and piece in text), None)


def build_passages(sections: Iterable[Section], min_words: int = 60, max_words: int = 180,
                   drop_words: int = 20) -> list[Passage]:
    out: list[Passage] = []
    for section in sections:
        out.extend(section_passages(section, min_words, max_words, drop_words))
    return out
