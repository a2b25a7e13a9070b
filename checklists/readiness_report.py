"""The readiness result as a plain-text chat message (Telegram and the web page: no Markdown)."""
from __future__ import annotations

from checklists.readiness_answers import answer_label
from checklists.common import normalize_lang
from citations import cite
from checklists.readiness import ReadinessContent, load_readiness
from checklists.readiness_scoring import ReadinessResult, display_score

MAX_CHARS = 3000  # the tests hold every possible result to this

_TEXT = {
    "nb": {
        "heading": "Resultat: {title}",
        "overall": "Samlet: {score} av 100",
        "overall_none": "Samlet: ingen svar å regne på",
        "dimension": "• {name}: {score}",
        "dimension_none": "• {name}: ingen svar å regne på",
        "unknown_one": "Du svarte «vet ikke» på 1 spørsmål. Det teller ikke med i poengene, men kan være verdt å finne ut av.",
        "unknown_many": "Du svarte «vet ikke» på {n} spørsmål. De teller ikke med i poengene, men kan være verdt å finne ut av.",
        "unanswered": "Ubesvarte spørsmål: {n} av {total}.",
        "weakest": "Dette bør dere se på først:",
        "item": "{n}. {label} (svaret ditt: {answer})",
        "source": "Kilde: {citation}",
        "all_yes": "Du svarte «ja» på alle spørsmålene du svarte på. Bruk gjerne sjekken som utgangspunkt for en samtale med dem du samskaper med – ser de det på samme måte?",
        "nothing": "Du har ikke svart på noen av spørsmålene ennå.",
    },
    "en": {
        "heading": "Result: {title}",
        "overall": "Overall: {score} of 100",
        "overall_none": "Overall: no answers to score",
        "dimension": "• {name}: {score}",
        "dimension_none": "• {name}: no answers to score",
        "unknown_one": "You answered «don't know» to 1 question. It is not counted in the scores, but may be worth finding out.",
        "unknown_many": "You answered «don't know» to {n} questions. They are not counted in the scores, but may be worth finding out.",
        "unanswered": "Unanswered questions: {n} of {total}.",
        "weakest": "What to look at first:",
        "item": "{n}. {label} (your answer: {answer})",
        "source": "Source: {citation}",
        "all_yes": "You answered «yes» to every question you answered. Consider using the check to start a conversation with the people you co-create with – do they see it the same way?",
        "nothing": "You have not answered any of the questions yet.",
    },
}


def format_result(
    result: ReadinessResult, lang: str | None, content: ReadinessContent | None = None, weakest: int = 3
) -> str:
    """Scores per dimension, the ``weakest`` (2–3) items with advice and citations, the disclaimer."""
    lang = normalize_lang(lang)
    content = content or load_readiness()
    t = _TEXT[lang]

    lines = [t["heading"].format(title=content.title[lang]), ""]
    overall = display_score(result.overall)
    lines.append(t["overall"].format(score=overall) if overall is not None else t["overall_none"])
    for dim in content.dimensions:
        value = display_score(result.dimension_scores.get(dim.id))
        lines.append(
            t["dimension"].format(name=dim.name[lang], score=value) if value is not None
            else t["dimension_none"].format(name=dim.name[lang])
        )

    notes = []
    if result.unknown == 1:
        notes.append(t["unknown_one"])
    elif result.unknown > 1:
        notes.append(t["unknown_many"].format(n=result.unknown))
    if result.unanswered:
        notes.append(t["unanswered"].format(n=result.unanswered, total=len(content.items)))
    if notes:
        lines += [""] + notes

    weak = result.weakest(weakest, content=content)
    lines.append("")
    if weak:
        lines.append(t["weakest"])
        for n, item in enumerate(weak, start=1):
            lines += [
                "",
                t["item"].format(n=n, label=item.label[lang], answer=answer_label(result.answers[item.id], lang)),
                item.advice[lang],
            ]
            lines += [t["source"].format(citation=cite(src, lang)) for src in item.sources]
    elif result.answered or result.unknown:
        lines.append(t["all_yes"])
    else:
        lines.append(t["nothing"])

    lines += ["", content.disclaimer[lang]]
    return "\n".join(lines)
