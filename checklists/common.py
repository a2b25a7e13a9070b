"""Helpers shared by the readiness check and the planning checklist.

- ``normalize_lang``: every text function takes ``lang``; anything but English falls back to "nb".
- ``Text``: a bokmål/English pair, indexed by language (``text["en"]``, unknown → nb).
- ``resolve_source``: a cited thesis section, resolved against ``knowledge/corpus/sources.yml`` (through
  ``citations``) on load, so formatting a citation needs no further look-up.
- ``read_yaml``, ``groups``, ``members``: loading and validating the content files in ``checklists``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from citations import CitedSection, CorpusError, citation_lang, load_corpus

LANGS = ("nb", "en")
CONTENT_DIR = Path(__file__).resolve().parent
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available (~10× faster)


class ContentError(ValueError):
    """A content file in ``checklists`` is malformed or cites a section that does not exist."""


# "en", "EN", "en-GB", "en_US" → "en"; everything else (nb, nn, no, None, "de") → "nb".
normalize_lang = citation_lang


@dataclass(frozen=True)
class Text:
    nb: str
    en: str

    def __getitem__(self, lang: str | None) -> str:
        return self.en if normalize_lang(lang) == "en" else self.nb

    def to_dict(self) -> dict[str, str]:
        return {"nb": self.nb, "en": self.en}


def resolve_source(raw: Any, where: str, sources_path: Path | None = None) -> CitedSection:
    """``{thesis: "000", section: "4.2.1.1.1"}`` → the cited section; the section is matched by its
    display number (or, for unnumbered sections, its key) and must not be an excluded appendix."""
    if not isinstance(raw, dict) or "thesis" not in raw or "section" not in raw:
        raise ContentError(f"{where}: a source needs 'thesis' and 'section', got {raw!r}")
    try:
        return load_corpus(sources_path).cited(str(raw["thesis"]), str(raw["section"]))
    except CorpusError as exc:
        raise ContentError(f"{where}: {exc}") from None


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


def sources(raw: Any, where: str, sources_path: Path | None = None) -> tuple[CitedSection, ...]:
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


# --- the shape both checklists share: groups (dimensions, phases) of members (items, steps) ------


def texts(raw: dict[str, Any], fields: tuple[str, ...], where: str) -> dict[str, Text]:
    return {f: text(raw.get(f), f"{where}.{f}") for f in fields}


def groups(data: dict[str, Any], key: str, noun: str, fields: tuple[str, ...], where: str) -> list[dict[str, Any]]:
    """The ``key`` list (``dimensions``, ``phases``): each with a snake_case ``id``, its ``index``,
    the ``fields`` as texts, and ``raw`` for anything else."""
    out = []
    for i, raw in enumerate(listing(data, key, where)):
        group_id = content_id(raw.get("id"), f"{where}: {noun} {i + 1}")
        out.append({"id": group_id, "index": i, "raw": raw, **texts(raw, fields, f"{where}: {group_id}")})
    unique([g["id"] for g in out], f"{where}: {key}")
    return out


def members(
    data: dict[str, Any], key: str, noun: str, group_field: str, group_list: list[dict[str, Any]],
    fields: tuple[str, ...], where: str, sources_path: Path | None,
) -> list[dict[str, Any]]:
    """The ``key`` list (``items``, ``steps``): each names its group in ``group_field``, has the
    ``fields`` as texts and cited ``sources``; members are asked in file order, so each group's
    members must stand together, groups in their own order, and no group may be empty."""
    order = [g["id"] for g in group_list]
    out = []
    for i, raw in enumerate(listing(data, key, where)):
        member_id = content_id(raw.get("id"), f"{where}: {noun} {i + 1}")
        at = f"{where}: {noun} {member_id}"
        if raw.get(group_field) not in order:
            raise ContentError(f"{at}: unknown {group_field} {raw.get(group_field)!r}")
        out.append({
            "id": member_id, group_field: raw[group_field], "index": i,
            **{f: text(raw.get(f), f"{at}.{f}") for f in fields},
            "sources": sources(raw.get("sources"), f"{at}.sources", sources_path),
        })
    unique([m["id"] for m in out], f"{where}: {key}")
    empty = [g for g in order if not any(m[group_field] == g for m in out)]
    if empty:
        raise ContentError(f"{where}: {group_field}s without {key}: {empty}")
    used = [m[group_field] for m in out]
    if used != sorted(used, key=order.index):
        raise ContentError(f"{where}: {key} must be grouped by {group_field}, in the order of its list")
    return out
