"""Turn a thesis text file (extracted from PDF) into sections of paragraphs.

The extraction left layout debris that would otherwise end up inside the
passages we embed and quote: double spacing, page-start lines marked by one
leading space, a few lone page numbers, words hyphenated across lines,
figure/table/box text dropped into sentences, and private-use bullet glyphs.
See shared/design/thesis-00x-notes.md for the catalogue this module follows.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from citations import Artefact, Thesis
from citations import Section as HeadingSpec  # parsing has its own Section: the parsed text

BULLET = "•"
# U+F0A7 (Wingdings square) is a table bullet; U+F0A8 is a consent-form
# checkbox. Both render as nothing useful, so they become a plain bullet.
_PRIVATE_BULLETS = "\uf0a7\uf0a8"
_BULLET_GLYPHS = "•\u25aa\u25cf" + _PRIVATE_BULLETS

_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")  # 4-digit lone lines are table years, not pages
_RULE = re.compile(r"^\s*-{5,}\s*$")  # signature lines in the consent form
_SENTENCE_END = re.compile(r"[.!?:][\"'”»’)]*$")
# A bullet is a glyph, an "o " sub-bullet, or a dash glued to a capital or a
# digit ("-Tillitsvalgte", "- 1."); "-utvikling" / "-og" are word dashes.
_BULLET_LINE = re.compile(rf"^(?:[{_BULLET_GLYPHS}]\s*|o\s+|-\s*(?=[A-ZÆØÅ0-9]))")
# Real hyphens that merely fell at a line end: "co-creation", "ikke-nøytraliteten".
_KEEP_HYPHEN_PREFIXES = {"co", "ikke", "non", "e"}
_NO_JOIN_WORDS = {"og", "eller", "and", "or", "til"}


@dataclass
class Section:
    thesis: str
    key: str
    number: str | None  # as printed
    display_number: str | None
    title: str
    role: str
    exclude: bool = False
    paragraphs: list[str] = field(default_factory=list)
    # Printed page number known for a paragraph (only where a lone page
    # number survived in the extract), parallel to ``paragraphs``.
    pages: list[int | None] = field(default_factory=list)

    @property
    def page(self) -> int | None:
        return next((p for p in self.pages if p is not None), None)

    @property
    def label(self) -> str:
        return f"{self.display_number} {self.title}" if self.display_number else self.title


# --- line-level helpers ---------------------------------------------------------

def normalise_for_match(text: str) -> str:
    """Loose form of a line for comparing with headings and artefact anchors."""
    s = unicodedata.normalize("NFC", text)
    s = s.translate({ord(c): " " for c in _BULLET_GLYPHS})
    s = s.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"}))
    s = " ".join(s.split())
    # Some headings print "4.1:" or end with a colon ("4: Empiriske data:").
    s = re.sub(r"^(\d+(?:\.\d+)*):", r"\1", s).rstrip(":").strip()
    return s.casefold()


def is_separator(raw: str) -> bool:
    """A line of spaces only: the extract's real paragraph separator."""
    return raw != "" and raw.strip() == ""


def is_page_number(raw: str) -> bool:
    return bool(_PAGE_NUMBER.match(raw))


def clean_text_line(raw: str) -> tuple[str, bool]:
    """Strip layout from one text line; returns (text, starts_a_bullet)."""
    text = unicodedata.normalize("NFC", raw).strip()
    text = " ".join(text.split())
    m = _BULLET_LINE.match(text)
    if m:
        rest = text[m.end():].lstrip()
        return f"{BULLET} {rest}", True
    # Glyphs inside a line (e.g. "1 •Små kommuner") are normalised, not dropped.
    text = text.translate({ord(c): BULLET for c in _PRIVATE_BULLETS})
    return text, False


def join_fragments(left: str, right: str) -> str:
    """Append the next line to the text so far, undoing line-end hyphenation.

    Only a word broken by the layout is joined: "samskapings-" + "prosjekter".
    Hyphens stay when they belong to the text: compounds that already hold a
    hyphen ("offentlig-privat-barrieren"), acronyms ("NPG-paradigmet"),
    numbers ("2020-2021", "1980-tallet"), fixed prefixes ("co-creation") and
    suspended compounds ("sektor- og siloovergripende", "Helse- og").
    """
    if not left:
        return right
    if not right:
        return left
    m = re.search(r"(\S+)-$", left)
    if not m or not m.group(1)[-1].isalnum():
        return f"{left} {right}"
    prefix = m.group(1)
    first_word = right.split()[0]
    bare = first_word.strip(".,;:!?)»”\"'")
    if bare.lower() in _NO_JOIN_WORDS or not (right[0].isalnum()):
        return f"{left} {right}"  # suspended compound or a dash before "/"
    if right[0].isdigit() or prefix[-1].isdigit():
        return f"{left}{right}"  # number range or "1980-tallet"
    keep_hyphen = (
        "-" in prefix  # "offentlig-privat-" + "barrieren"
        or "-" in bare  # "sektor-" + "sivilsamfunn-barrieren"
        or prefix.isupper()  # "NPG-" + "paradigmet"
        or prefix.lower() in _KEEP_HYPHEN_PREFIXES
        or not right[0].islower()
    )
    return f"{left}{right}" if keep_hyphen else f"{left[:-1]}{right}"


# --- artefacts (boxes, figure labels, displaced tables) ---------------------------

@dataclass
class _ArtefactBlock:
    start: int
    end: int  # inclusive
    spec: Artefact


def locate_artefacts(lines: list[str], specs: tuple[Artefact, ...]) -> list[_ArtefactBlock]:
    """Find each artefact by its first/last line, searching in file order."""
    norm = [normalise_for_match(line) for line in lines]
    blocks, pos = [], 0
    for spec in specs:
        first, last = normalise_for_match(spec.first), normalise_for_match(spec.last)
        try:
            start = norm.index(first, pos)
            end = norm.index(last, start)
        except ValueError:
            raise ValueError(f"artefact not found: {spec.first!r} … {spec.last!r}") from None
        blocks.append(_ArtefactBlock(start, end, spec))
        pos = end + 1
    return blocks


# --- headings -------------------------------------------------------------------

def match_heading(lines: list[str], i: int, spec: HeadingSpec, max_lines: int = 4) -> int:
    """Number of lines the heading ``spec`` occupies from line ``i`` (0 = not here).

    Long headings wrap onto the next text line; blank lines in between are skipped.
    """
    expected = normalise_for_match(spec.heading)
    got = normalise_for_match(lines[i])
    if not got:
        return 0
    if got == expected:
        return 1
    j, used = i, 1
    while expected.startswith(got + " ") and used < max_lines:
        j += 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines):
            return 0
        got = f"{got} {normalise_for_match(lines[j])}"
        used += 1
        if got == expected:
            return j - i + 1
    return 0


# --- paragraphs -------------------------------------------------------------------

class _ParagraphBuilder:
    """Collects the text lines of one section into paragraphs."""

    def __init__(self, short_line_limit: int | None):
        # In 001 paragraph breaks are not marked. A line that ends a sentence
        # well short of the text width, or ends one followed by two or more
        # spaces (what the export leaves at a paragraph mark), ends a paragraph.
        self.short_line_limit = short_line_limit
        self.paragraphs: list[str] = []
        self.pages: list[int | None] = []
        self._current = ""
        self._page: int | None = None

    def add_line(self, raw: str) -> None:
        text, bullet = clean_text_line(raw)
        if not text or text == BULLET:
            return
        if bullet:
            self.end_paragraph()
        self._current = join_fragments(self._current, text)
        if self.short_line_limit and _SENTENCE_END.search(text) and (
                len(raw.rstrip()) < self.short_line_limit or raw.endswith("  ")):
            self.end_paragraph()

    def add_block(self, lines: list[str]) -> None:
        """A lifted box or table: its own paragraph(s), never glued to prose."""
        self.end_paragraph()
        for raw in lines:
            if is_separator(raw):
                self.end_paragraph()
            elif raw.strip() and not is_page_number(raw) and not _RULE.match(raw):
                self.add_line(raw)
        self.end_paragraph()

    def note_page(self, page: int) -> None:
        # The page number is printed at the foot of the page, so the text
        # collected so far ends on that page.
        self._page = page

    def end_paragraph(self) -> None:
        text = self._current.strip()
        if text and text != BULLET:
            self.paragraphs.append(text)
            self.pages.append(self._page)
        self._current = ""
        self._page = None


def _short_line_limit(lines: list[str]) -> int:
    lengths = [len(line.rstrip()) for line in lines if len(line.strip()) > 20]
    full_width = statistics.quantiles(lengths, n=10)[-1] if len(lengths) > 10 else 80
    return int(full_width * 0.8)


# --- the parser -------------------------------------------------------------------

def _new_section(source: Thesis, spec: HeadingSpec) -> Section:
    return Section(thesis=source.id, key=spec.key, number=spec.printed, display_number=spec.number,
                   title=spec.title, role=spec.role, exclude=spec.exclude)


def parse_lines(source: Thesis, lines: list[str]) -> list[Section]:
    """Split the file's lines into the whitelisted sections, in order.

    Text before the first heading is dropped (there is none in the corpus).
    Raises ValueError if a whitelisted heading is not found, so a changed
    file cannot silently lose sections.
    """
    blocks = locate_artefacts(lines, source.artefacts)
    in_block = {i: b for b in blocks for i in range(b.start, b.end + 1)}
    limit = _short_line_limit(lines) if source.paragraphs == "short_lines" else None

    sections: list[Section] = []
    builders: dict[str, _ParagraphBuilder] = {}
    lifted: list[tuple[_ArtefactBlock, str]] = []
    specs = list(source.sections)
    next_spec = 0
    current: Section | None = None
    builder: _ParagraphBuilder | None = None
    after_page_number = False

    i = 0
    while i < len(lines):
        raw = lines[i]
        if i in in_block:
            block = in_block[i]
            if block.spec.action == "lift" and current is not None:
                lifted.append((block, block.spec.section or current.key))
            i = block.end + 1
            continue
        if next_spec < len(specs) and raw.strip():
            used = match_heading(lines, i, specs[next_spec])
            if used:
                if builder:
                    builder.end_paragraph()
                current = _new_section(source, specs[next_spec])
                builder = builders[current.key] = _ParagraphBuilder(limit)
                sections.append(current)
                next_spec += 1
                after_page_number = False
                i += used
                continue
        i += 1
        if builder is None or raw == "" or _RULE.match(raw):
            continue
        if is_page_number(raw):
            builder.note_page(int(raw.strip()))
            after_page_number = True
        elif is_separator(raw):
            # The separator that follows a footer page number is layout, not a
            # paragraph end (the sentence continues on the next page).
            if not after_page_number:
                builder.end_paragraph()
        else:
            builder.add_line(raw)
            after_page_number = False

    if next_spec < len(specs):
        missing = specs[next_spec]
        raise ValueError(f"thesis {source.id}: heading {missing.heading!r} not found")
    if builder:
        builder.end_paragraph()
    for block, key in lifted:
        builders[key].add_block(lines[block.start:block.end + 1])
    for section in sections:
        section.paragraphs = builders[section.key].paragraphs
        section.pages = builders[section.key].pages
    return sections


def parse_thesis(source: Thesis, corpus_dir: Path) -> list[Section]:
    text = (Path(corpus_dir) / source.file).read_text(encoding="utf-8")
    return parse_lines(source, text.splitlines())
