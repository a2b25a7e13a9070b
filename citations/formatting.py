"""Every way the product names a thesis or one of its sections, in bokmål or English.

``cite(section, lang, style)`` formats a cited section; ``section`` is anything with the fields
of ``CitedSection`` (``authors``, ``year``, ``short_title``, ``section``, ``section_title``),
such as the knowledge base's ``Citation``. Styles:

- ``line``: the source line under a quote, in the checklists' advice, the readiness result and
  the plan document: «Borge og Kaasa (2023), Å lede samskaping, 4.2 Våre hovedfunn»;
- ``section``: the trainer pages' list of topics, where the thesis is clear from the authors:
  «Borge og Kaasa (2023), 4.2 Våre hovedfunn»;
- ``topic``: a section offered when a question was not answered: «Våre hovedfunn (Borge og Kaasa, 4.2)».

``cite_thesis(thesis, lang, style)`` names a whole thesis: ``short`` «Borge and Kaasa (2023)»,
``reference`` the entry in the plan document's list of sources.
"""
from __future__ import annotations

import re
from typing import Protocol, Sequence

from citations.corpus import Thesis

LANGS = ("nb", "en")

_TEXT = {
    "nb": {"and": "og", "no_year": "u.å.", "source": ("Kilde", "Kilder"), "master": "Masteroppgave",
           "untitled": "«{short}» (kort tittel; teksten har ingen tittelside)"},
    "en": {"and": "and", "no_year": "n.d.", "source": ("Source", "Sources"), "master": "Master's thesis",
           "untitled": "«{short}» (short title; the text has no title page)"},
}

# What each kind of passage is, for the label above its quote (roles as in sources.yml).
ROLE_LABELS = {
    "nb": {"finding": "Funn fra intervjuene", "discussion": "Drøfting", "conclusion": "Konklusjon og anbefaling",
           "theory": "Teori", "method": "Om studien", "introduction": "Innledning", "abstract": "Sammendrag",
           "appendix": "Vedlegg"},
    "en": {"finding": "Finding from the interviews", "discussion": "Discussion",
           "conclusion": "Conclusion and recommendation", "theory": "Theory", "method": "About the study",
           "introduction": "Introduction", "abstract": "Summary", "appendix": "Appendix"},
}


class Cited(Protocol):
    authors: Sequence[str]
    year: int | None
    short_title: str
    section: str
    section_title: str


def citation_lang(lang: str | None) -> str:
    """ "en", "EN", "en-GB", "en_US" → "en"; everything else (nb, nn, None, "de") → "nb"."""
    if isinstance(lang, str) and re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] == "en":
        return "en"
    return "nb"


def _join(names: Sequence[str], lang: str) -> str:
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {_TEXT[lang]['and']} {names[-1]}"


def authors(names: Sequence[str], lang: str | None = None) -> str:
    """Surnames as a citation gives them: «Borge og Kaasa» / «Borge and Kaasa»."""
    return _join([name.split()[-1] for name in names], citation_lang(lang))


def year(value: int | None, lang: str | None = None) -> str:
    return str(value) if value else _TEXT[citation_lang(lang)]["no_year"]


def _section(number: str, title: str) -> str:
    # An unnumbered heading (an abstract, an appendix) is cited by its title alone; its key is internal.
    return f"{number} {title}" if number[:1].isdigit() else title


def cite(section: Cited, lang: str | None = None, style: str = "line") -> str:
    lang = citation_lang(lang)
    who = authors(section.authors, lang)
    where = _section(section.section or "", section.section_title)
    if style == "line":
        return f"{who} ({year(section.year, lang)}), {section.short_title}, {where}"
    if style == "section":
        return f"{who} ({year(section.year, lang)}), {where}"
    if style == "topic":
        number = section.section if (section.section or "")[:1].isdigit() else ""
        return f"{section.section_title} ({who}, {number})" if number else f"{section.section_title} ({who})"
    raise ValueError(f"unknown citation style {style!r}")


def cite_thesis(thesis: Thesis, lang: str | None = None, style: str = "short") -> str:
    lang = citation_lang(lang)
    if style == "short":
        return f"{authors(thesis.authors, lang)} ({year(thesis.year, lang)})"
    if style == "reference":
        # Full names, as a list of references gives them.
        title = f"*{thesis.title}*" if thesis.title else _TEXT[lang]["untitled"].format(short=thesis.short_title)
        degree = re.sub(r"\s*\(.*?\)", "", thesis.degree).strip() or _TEXT["nb"]["master"]
        if lang == "en":
            degree = "Master's thesis in political science" if "statsvitenskap" in degree else "Master's thesis"
        return f"{_join(thesis.authors, lang)} ({year(thesis.year, lang)}). {title}. {degree}, {thesis.institution}."
    raise ValueError(f"unknown thesis citation style {style!r}")


def role_label(role: str, lang: str | None = None) -> str:
    """«Funn fra intervjuene» / "Finding from the interviews" for a section's role."""
    return ROLE_LABELS[citation_lang(lang)].get(role, role)


def source_label(lang: str | None = None, count: int = 1) -> str:
    """«Kilde»/«Kilder», "Source"/"Sources"."""
    single, plural = _TEXT[citation_lang(lang)]["source"]
    return single if count == 1 else plural
