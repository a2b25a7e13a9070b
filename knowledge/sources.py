"""The corpus description in ``corpus/sources.yml`` as typed objects."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROLES = ("abstract", "introduction", "theory", "method", "finding", "discussion", "conclusion", "appendix")


@dataclass(frozen=True)
class HeadingSpec:
    key: str
    printed: str | None
    number: str | None  # display number
    title: str
    heading: str  # literal text that marks the heading in the file
    role: str
    exclude: bool = False


@dataclass(frozen=True)
class ArtefactSpec:
    action: str  # "lift" | "drop"
    first: str
    last: str
    section: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ThesisSource:
    id: str
    file: str
    short_title: str
    title: str | None
    title_note: str
    authors: tuple[str, ...]
    authors_display: str
    institution: str
    year: int | None
    degree: str
    supervisor: str
    paragraphs: str  # "blank_marker" | "short_lines"
    sections: tuple[HeadingSpec, ...]
    artefacts: tuple[ArtefactSpec, ...] = field(default_factory=tuple)
    aliases: tuple[str, ...] = field(default_factory=tuple)  # names for the thesis in a question

    def section(self, key: str) -> HeadingSpec:
        for spec in self.sections:
            if spec.key == key:
                return spec
        raise KeyError(f"{self.id}: no section {key!r}")


def _heading(raw: dict) -> HeadingSpec:
    printed = raw.get("printed")
    printed = str(printed) if printed is not None else None
    title = str(raw["title"])
    role = raw["role"]
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} for section {raw.get('key')}")
    default_heading = f"{printed} {title}" if printed else title
    number = raw.get("number") or printed
    return HeadingSpec(
        key=str(raw["key"]),
        printed=printed,
        number=str(number) if number else None,
        title=title,
        heading=str(raw.get("heading") or default_heading),
        role=role,
        exclude=bool(raw.get("exclude", False)),
    )


def _thesis(raw: dict) -> ThesisSource:
    return ThesisSource(
        id=str(raw["id"]),
        file=raw["file"],
        short_title=raw["short_title"],
        title=raw.get("title"),
        title_note=raw.get("title_note", ""),
        authors=tuple(raw.get("authors", ())),
        authors_display=raw.get("authors_display") or " og ".join(raw.get("authors", ())),
        institution=raw.get("institution", ""),
        year=raw.get("year"),
        degree=raw.get("degree", ""),
        supervisor=raw.get("supervisor", ""),
        paragraphs=raw.get("paragraphs", "blank_marker"),
        sections=tuple(_heading(s) for s in raw["sections"]),
        artefacts=tuple(ArtefactSpec(**a) for a in raw.get("artefacts", ())),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
    )


def load_sources(path: Path) -> list[ThesisSource]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [_thesis(t) for t in data["theses"]]
