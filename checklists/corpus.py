"""The two theses' bibliographic facts and section titles, as the checklists cite them.

They are read from the corpus description, ``knowledge/corpus/sources.yml``, as a data file: the
gateway shows these citations on the trainer pages and must not import ``knowledge/`` (which
parses the same file to split the theses into passages).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SOURCES_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "corpus" / "sources.yml"


@dataclass(frozen=True)
class Section:
    number: str | None  # as displayed; None for unnumbered headings
    key: str
    title: str
    exclude: bool  # holds personal data; never cited


@dataclass(frozen=True)
class Thesis:
    id: str
    short_title: str
    title: str | None
    authors: tuple[str, ...]
    authors_display: str
    institution: str
    year: int | None
    degree: str
    sections: tuple[Section, ...]

    def section(self, number: str) -> Section | None:
        """By display number, or by key for an unnumbered heading."""
        return next((s for s in self.sections if s.number == number), None) or next(
            (s for s in self.sections if s.number is None and s.key == number), None
        )


def _section(raw: dict) -> Section:
    number = raw.get("number") or raw.get("printed")
    return Section(
        number=str(number) if number else None,
        key=str(raw["key"]),
        title=str(raw["title"]),
        exclude=bool(raw.get("exclude", False)),
    )


@lru_cache(maxsize=4)
def _theses(path: str) -> dict[str, Thesis]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = {}
    for raw in data["theses"]:
        authors = tuple(raw.get("authors", ()))
        out[str(raw["id"])] = Thesis(
            id=str(raw["id"]),
            short_title=raw["short_title"],
            title=raw.get("title"),
            authors=authors,
            authors_display=raw.get("authors_display") or " og ".join(authors),
            institution=raw.get("institution", ""),
            year=raw.get("year"),
            degree=raw.get("degree", ""),
            sections=tuple(_section(s) for s in raw["sections"]),
        )
    return out


def theses(sources_path: Path | None = None) -> dict[str, Thesis]:
    """The theses by id (cached)."""
    return _theses(str(sources_path or SOURCES_PATH))
