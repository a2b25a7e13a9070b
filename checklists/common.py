"""Helpers shared by the readiness check and the planning checklist.

- ``normalize_lang``: every text function takes ``lang``; anything but English falls back to "nb".
- ``Text``: a bokmål/English pair, indexed by language (``text["en"]``, unknown → nb).
- ``SourceRef``: a cited thesis section, resolved against ``knowledge/corpus/sources.yml`` on load,
  so formatting a citation needs no further look-up.
- ``read_yaml`` / ``resolve_source``: loading and validating the content files in ``checklists``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checklists.corpus import theses

LANGS = ("nb", "en")
DEFAULT_LANG = "nb"
CONTENT_DIR = Path(__file__).resolve().parent
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available (~10× faster)


class ContentError(ValueError):
    """A content file in ``checklists`` is malformed or cites a section that does not exist."""


def normalize_lang(lang: str | None) -> str:
    """ "en", "EN", "en-GB", "en_US" → "en"; everything else (nb, nn, no, None, "de") → "nb"."""
    if isinstance(lang, str) and re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] == "en":
        return "en"
    return DEFAULT_LANG


@dataclass(frozen=True)
class Text:
    nb: str
    en: str

    def __getitem__(self, lang: str | None) -> str:
        return self.en if normalize_lang(lang) == "en" else self.nb

    def to_dict(self) -> dict[str, str]:
        return {"nb": self.nb, "en": self.en}


@dataclass(frozen=True)
class SourceRef:
    """One cited section: ``thesis`` id and display ``section`` number, plus what a citation shows."""

    thesis: str
    section: str
    section_title: str
    authors_display: str  # "Borge og Kaasa" (as in sources.yml)
    year: int | None
    short_title: str

    def authors(self, lang: str | None = None) -> str:
        if normalize_lang(lang) == "en":
            return self.authors_display.replace(" og ", " and ")
        return self.authors_display

    def citation(self, lang: str | None = None) -> str:
        """'Borge og Kaasa (2023), Å lede samskaping, 4.2.1.1.1 Felles forståelse av samskaping'."""
        year = str(self.year) if self.year else ("n.d." if normalize_lang(lang) == "en" else "u.å.")
        # Unnumbered headings (an appendix) are cited by title alone; their key is internal.
        section = f"{self.section} {self.section_title}" if self.section[:1].isdigit() else self.section_title
        return f"{self.authors(lang)} ({year}), {self.short_title}, {section}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "thesis": self.thesis, "section": self.section, "section_title": self.section_title,
            "authors": self.authors_display, "year": self.year, "short_title": self.short_title,
        }


def source_label(lang: str | None, count: int = 1) -> str:
    if normalize_lang(lang) == "en":
        return "Source" if count == 1 else "Sources"
    return "Kilde" if count == 1 else "Kilder"


# --- sources.yml ------------------------------------------------------------------------------


def resolve_source(raw: Any, where: str, sources_path: Path | None = None) -> SourceRef:
    """``{thesis: "000", section: "4.2.1.1.1"}`` → ``SourceRef``; the section is matched by its
    display number (or, for unnumbered sections, its key) and must not be an excluded appendix."""
    if not isinstance(raw, dict) or "thesis" not in raw or "section" not in raw:
        raise ContentError(f"{where}: a source needs 'thesis' and 'section', got {raw!r}")
    thesis_id, section = str(raw["thesis"]), str(raw["section"])
    known = theses(sources_path)
    if thesis_id not in known:
        raise ContentError(f"{where}: unknown thesis {thesis_id!r} (known: {sorted(known)})")
    thesis = known[thesis_id]
    spec = thesis.section(section)
    if spec is None:
        raise ContentError(f"{where}: thesis {thesis_id} has no section {section!r} in sources.yml")
    if spec.exclude:
        raise ContentError(f"{where}: section {thesis_id} {section} is excluded (personal data)")
    return SourceRef(
        thesis=thesis_id, section=section, section_title=spec.title,
        authors_display=thesis.authors_display, year=thesis.year, short_title=thesis.short_title,
    )


# --- content files ----------------------------------------------------------------------------


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: cannot read ({exc})") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping at the top level")
    return data


def text(raw: Any, where: str) -> Text:
    """A ``{nb: ..., en: ...}`` pair; both must be non-empty strings."""
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected {{nb: ..., en: ...}}, got {raw!r}")
    values = {}
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(f"{where}: missing {lang} text")
        values[lang] = " ".join(value.split())
    extra = set(raw) - set(LANGS)
    if extra:
        raise ContentError(f"{where}: unexpected languages {sorted(extra)}")
    return Text(**values)


def content_id(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not ID_PATTERN.match(raw):
        raise ContentError(f"{where}: id must be snake_case, got {raw!r}")
    return raw


def unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ContentError(f"{where}: duplicate id {i!r}")
        seen.add(i)


def sources(raw: Any, where: str, sources_path: Path | None = None) -> tuple[SourceRef, ...]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{where}: needs at least one source")
    refs = tuple(resolve_source(r, where, sources_path) for r in raw)
    if len(set(refs)) != len(refs):
        raise ContentError(f"{where}: a source is listed twice")
    return refs


def listing(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise ContentError(f"{where}: '{key}' must be a non-empty list of mappings")
    return value
