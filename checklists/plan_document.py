"""The plan document (Markdown) and the chat message that goes with it.

The leader's answers are quoted as given but Markdown-escaped, so user text cannot add headings,
links, images, HTML, lists or code to the document; it always renders as the text that was typed.
Bare addresses are no links either: GitHub, VS Code, Teams and most viewers turn
«https://…» and «www.…» into links by themselves, so a zero-width space after the scheme (or
after «www») keeps a pasted phishing address as plain text. Bidirectional control characters,
which reorder how the rest of a line is shown, are dropped.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Mapping

from checklists.common import normalize_lang
from checklists.plain_text import strip_bidi_controls
from checklists.plan import PlanContent, PlanStep, load_plan
from checklists.plan_answers import is_thin
from citations import cite, cite_thesis, load_corpus, source_label

_MONTHS = {
    "nb": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}

_TEXT = {
    "nb": {
        "date": "Dato: {date}",
        "answered": "Besvart: {answered} av {total} spørsmål.",
        "question": "Spørsmål: {question}",
        "answer": "Ditt svar:",
        "skipped": "Hoppet over.",
        "not_answered": "Ikke besvart.",
        "advice": "Råd:",
        "sources": "Kilder",
        "summary": "Planen din er klar! Du svarte på {answered} av {total} spørsmål{skipped}. Plandokumentet ligger vedlagt.",
        "summary_skipped": " og hoppet over {n}",
        "summary_advice": "Der du hoppet over eller svarte kort, har jeg lagt inn råd fra masteroppgavene.",
        "summary_all_full": "Alle svarene dine er med, og kildene står nederst i dokumentet.",
        "filename": "plan-samskaping-{date}.md",
    },
    "en": {
        "date": "Date: {date}",
        "answered": "Answered: {answered} of {total} questions.",
        "question": "Question: {question}",
        "answer": "Your answer:",
        "skipped": "Skipped.",
        "not_answered": "Not answered.",
        "advice": "Advice:",
        "sources": "Sources",
        "summary": "Your plan is ready! You answered {answered} of {total} questions{skipped}. The plan document is attached.",
        "summary_skipped": " and skipped {n}",
        "summary_advice": "Where you skipped a question or answered briefly, I have added advice from the master's theses.",
        "summary_all_full": "All your answers are included, and the sources are listed at the end of the document.",
        "filename": "co-creation-plan-{date}.md",
    },
}

# --- Markdown escaping -----------------------------------------------------------------------

# Characters that start inline Markdown/HTML anywhere in a line: code, emphasis, links, images
# (via "["), autolinks/HTML ("<"), tables, strikethrough, headings ("#"), escapes themselves.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
# "&name;" / "&#123;" would render as an entity, not as typed.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Block markers at the start of a line: list bullets, setext underlines, thematic breaks.
_LINE_START = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What Markdown viewers auto-link without any markup (GFM's extended autolinks and the schemes
# viewers add); a zero-width space breaks the pattern and leaves the text as typed.
_ZERO_WIDTH_SPACE = "\u200b"
_AUTOLINK = re.compile(r"(?i)\b(https?:|ftp:|file:|www)(?=[./])")


def break_autolinks(line: str) -> str:
    return _AUTOLINK.sub(lambda m: m.group(1) + _ZERO_WIDTH_SPACE, line)


def escape_markdown(text: str) -> list[str]:
    """The user's text as escaped Markdown lines (leading indentation dropped, so no code blocks)."""
    lines = []
    text = strip_bidi_controls(_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")))
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        line = break_autolinks(_ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", line)))
        line = _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", line))
        lines.append(line)
    return lines


def _blockquote(text: str) -> str:
    """Each line of the answer as its own paragraph inside one blockquote."""
    return "\n>\n".join(f"> {line}" for line in escape_markdown(text))


# --- the document ----------------------------------------------------------------------------


def format_date(created: datetime, lang: str | None) -> str:
    lang = normalize_lang(lang)
    month = _MONTHS[lang][created.month - 1]
    return f"{created.day}. {month} {created.year}" if lang == "nb" else f"{created.day} {month} {created.year}"


def plan_filename(created: datetime, lang: str | None) -> str:
    """A file name for the attachment, e.g. "plan-samskaping-2025-11-23.md"."""
    return _TEXT[normalize_lang(lang)]["filename"].format(date=created.strftime("%Y-%m-%d"))


def _normalize_answers(answers: Mapping[str, Any], content: PlanContent) -> dict[str, str | None]:
    """Step id (or slot name "hp_<id>") → answer text or None. Raises ValueError for an unknown
    step or a value that is neither text nor None."""
    normal: dict[str, str | None] = {}
    for key, value in answers.items():
        try:
            step = content.step(key)
        except KeyError:
            raise ValueError(f"unknown plan step {key!r}") from None
        if value is not None and not isinstance(value, str):
            raise ValueError(f"answer for {key!r} must be text or None, got {type(value).__name__}")
        normal[step.id] = value if value is None or value.strip() else None
    return normal


def _step_block(step: PlanStep, answers: dict[str, str | None], lang: str) -> list[str]:
    t = _TEXT[lang]
    out = [f"### {step.heading[lang]}", "", f"*{t['question'].format(question=step.question[lang])}*", ""]
    answer = answers.get(step.id)
    if answer is None:
        out += [t["skipped"] if step.id in answers else t["not_answered"], ""]
    else:
        out += [f"**{t['answer']}**", "", _blockquote(answer), ""]
    if is_thin(answer):
        out += [f"**{t['advice']}** {step.advice[lang]}", ""]
        label = source_label(lang, len(step.sources))
        if len(step.sources) == 1:
            out += [f"{label}: {cite(step.sources[0], lang)}", ""]
        else:
            out += [f"{label}:", ""] + [f"- {cite(s, lang)}" for s in step.sources] + [""]
    return out


def _bibliography(lang: str) -> list[str]:
    return [f"- {cite_thesis(thesis, lang, 'reference')}" for thesis in load_corpus().theses.values()]


def render_plan(
    answers: Mapping[str, str | None], lang: str | None, created: datetime, content: PlanContent | None = None
) -> str:
    """The plan as Markdown: title, date, a note on what it is, per phase (##) and step (###) the
    leader's answer, advice and citations where a step was skipped or answered thinly, and the
    list of sources. ``answers``: step id (or "hp_<id>") → text, or None for skipped."""
    lang = normalize_lang(lang)
    content = content or load_plan()
    t = _TEXT[lang]
    normal = _normalize_answers(answers, content)
    answered = sum(1 for v in normal.values() if v is not None)

    out = [
        f"# {content.document_title[lang]}",
        "",
        t["date"].format(date=format_date(created, lang)),
        "",
        f"*{content.document_note[lang]}*",
        "",
        t["answered"].format(answered=answered, total=len(content.steps)),
        "",
    ]
    for number, phase in enumerate(content.phases, start=1):
        out += [f"## {number}. {phase.title[lang]}", ""]
        for step in content.steps_in(phase.id):
            out += _step_block(step, normal, lang)
    out += [f"## {t['sources']}", ""] + _bibliography(lang)
    return "\n".join(out).rstrip() + "\n"


def plan_summary(answers: Mapping[str, str | None], lang: str | None, content: PlanContent | None = None) -> str:
    """A short chat message to send with the document."""
    lang = normalize_lang(lang)
    content = content or load_plan()
    t = _TEXT[lang]
    normal = _normalize_answers(answers, content)
    total = len(content.steps)
    answered = sum(1 for v in normal.values() if v is not None)
    skipped = total - answered
    thin = sum(1 for st in content.steps if is_thin(normal.get(st.id)))
    text = t["summary"].format(
        answered=answered, total=total, skipped=t["summary_skipped"].format(n=skipped) if skipped else ""
    )
    return f"{text} {t['summary_advice'] if thin else t['summary_all_full']}"
