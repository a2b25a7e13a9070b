"""The corpus description, ``knowledge/corpus/sources.yml``, as typed objects: each thesis's
bibliographic facts, its whitelist of real section headings with their role, and the PDF
artefacts the parser moves or drops.

Read once per process and path (``load_corpus``); ``knowledge/`` splits the theses with it, and
``checklists/`` and ``bot/`` cite from it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

SOURCES_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "corpus" / "sources.yml"

ROLES = ("abstract", "introduction", "theory", "method", "finding", "discussion", "conclusion", "appendix")


class CorpusError(ValueError):
    """``sources.yml`` is malformed, or a citation names a section it does not list."""


@dataclass(frozen=True)
class Section:
    key: str  # stable id used in passage ids (the printed number, or a slug)
    printed: str | None  # the number as printed
    number: str | None  # the number to display; None for unnumbered headings
    title: str
    heading: str  # literal text that marks the heading in the thesis's text file
    role: str  # one of ROLES
    exclude: bool = False  # holds personal data: never indexed, never cited

    @property
    def cited_number(self) -> str:
        """How a citation names the section: its display number, or its key when it has none."""
        return self.number or self.key


@dataclass(frozen=True)
class Artefact:
    action: str  # "lift" | "drop"
    first: str
    last: str
    section: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Thesis:
    id: str
    file: str
    short_title: str
    title: str | None
    title_note: str
    authors: tuple[str, ...]  # full names, in the order printed
    institution: str
    year: int | None
    degree: str
    supervisor: str
    paragraphs: str  # "blank_marker" | "short_lines"
    sections: tuple[Section, ...]
    artefacts: tuple[Artefact, ...] = field(default_factory=tuple)
    aliases: tuple[str, ...] = field(default_factory=tuple)  # names for the thesis in a question

    def by_key(self, key: str) -> Section:
        """By the stable key passage ids use. Raises KeyError."""
        for spec in self.sections:
            if spec.key == key:
                return spec
        raise KeyError(f"{self.id}: no section {key!r}")

    def section(self, number: str) -> Section | None:
        """By display number, or by key for an unnumbered heading («sammendrag»)."""
        return next((s for s in self.sections if s.number == number), None) or next(
            (s for s in self.sections if s.number is None and s.key == number), None
        )


@dataclass(frozen=True)
class CitedSection:
    """One thesis section as a citation shows it; what ``cite`` formats."""

    thesis: str  # thesis id
    section: str  # display number, or the key of an unnumbered heading
    section_title: str
    role: str
    authors: tuple[str, ...]
    year: int | None
    short_title: str

    def citation(self, lang: str | None = None, style: str = "line") -> str:
        """``cite(self, lang, style)``, for templates."""
        from citations.formatting import cite

        return cite(self, lang, style)


@dataclass(frozen=True)
class Corpus:
    theses: dict[str, Thesis]

    def thesis(self, thesis_id: str) -> Thesis:
        if thesis_id not in self.theses:
            raise CorpusError(f"unknown thesis {thesis_id!r} (known: {sorted(self.theses)})")
        return self.theses[thesis_id]

    def cited(self, thesis_id: str, number: str) -> CitedSection:
        """The section of ``thesis_id`` with display number (or unnumbered key) ``number``.
        Raises ``CorpusError`` when there is none, or when it holds personal data."""
        thesis = self.thesis(thesis_id)
        spec = thesis.section(number)
        if spec is None:
            raise CorpusError(f"thesis {thesis_id} has no section {number!r} in sources.yml")
        if spec.exclude:
            raise CorpusError(f"section {thesis_id} {number} is excluded (personal data)")
        return cited(thesis, spec)


def cited(thesis: Thesis, spec: Section) -> CitedSection:
    return CitedSection(thesis=thesis.id, section=spec.cited_number, section_title=spec.title, role=spec.role,
                        authors=thesis.authors, year=thesis.year, short_title=thesis.short_title)


def _section(raw: dict) -> Section:
    printed = raw.get("printed")
    printed = str(printed) if printed is not None else None
    title = str(raw["title"])
    role = raw["role"]
    if role not in ROLES:
        raise CorpusError(f"unknown role {role!r} for section {raw.get('key')}")
    number = raw.get("number") or printed
    return Section(
        key=str(raw["key"]),
        printed=printed,
        number=str(number) if number else None,
        title=title,
        heading=str(raw.get("heading") or (f"{printed} {title}" if printed else title)),
        role=role,
        exclude=bool(raw.get("exclude", False)),
    )


def _thesis(raw: dict) -> Thesis:
    return Thesis(
        id=str(raw["id"]),
        file=raw["file"],
        short_title=raw["short_title"],
        title=raw.get("title"),
        title_note=raw.get("title_note", ""),
        authors=tuple(raw.get("authors", ())),
        institution=raw.get("institution", ""),
        year=raw.get("year"),
        degree=raw.get("degree", ""),
        supervisor=raw.get("supervisor", ""),
        paragraphs=raw.get("paragraphs", "blank_marker"),
        sections=tuple(_section(s) for s in raw["sections"]),
        artefacts=tuple(Artefact(**a) for a in raw.get("artefacts", ())),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
    )


@lru_cache(maxsize=8)
def _load(path: str, modified_ns: int) -> Corpus:  # noqa: ARG001 - part of the cache key
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return Corpus({thesis.id: thesis for thesis in (_thesis(t) for t in data["theses"])})


def load_corpus(path: Path | str | None = None) -> Corpus:
    """The corpus description at ``path`` (default: the product's ``sources.yml``), read once."""
    resolved = Path(path or SOURCES_PATH).resolve()
    # Keyed by modification time too, so a rewritten file (a test's corpus) is read again.
    return _load(str(resolved), resolved.stat().st_mtime_ns)
