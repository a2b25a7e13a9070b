"""An answer as text for a reader: labelled quotes with their sources, or an honest refusal."""
from __future__ import annotations

from dataclasses import asdict

from citations import authors, cite, role_label

from .answers import Answer, Citation, Suggestion, quote_positions

TEXTS = {
    "nb": {
        "out_of_scope": "Det finner jeg ikke noe om i de to masteroppgavene, så jeg vil ikke gjette.",
        "nearest": "Dette er de nærmeste temaene oppgavene tar opp:",
        "general": "Jeg kan svare på spørsmål om for eksempel:",
        "nothing_new": "Jeg har ikke mer fra oppgavene om dette enn det jeg alt har vist deg.",
        "empty": "Skriv et spørsmål, så leter jeg i de to masteroppgavene.",
        "no_words": "Jeg fant ingen ord å lete etter. Skriv spørsmålet med ord, for eksempel «Hvordan bygger jeg tillit?».",
        "too_long": "Spørsmålet er for langt for meg (over {limit} tegn). Skriv det kortere, gjerne som ett spørsmål om gangen.",
        "language": "Jeg forstår bokmål, nynorsk og engelsk. Skriv gjerne spørsmålet på et av dem.",
        "section_number": "Du skrev et avsnittsnummer. Det finnes i oppgavene som:",
        "section_number_none": "Det avsnittsnummeret finnes ikke i oppgavene. Spør gjerne om temaet med ord.",
        "section_hint": "Spør gjerne om innholdet med ord, så finner jeg det som svarer best.",
    },
    "en": {
        "out_of_scope": "I can't find anything about that in the two master's theses, so I won't guess.",
        "nearest": "These are the nearest topics the theses cover:",
        "general": "I can answer questions about, for example:",
        "nothing_new": "I have nothing more from the theses on this than what I have already shown you.",
        "empty": "Type a question and I will look in the two master's theses.",
        "no_words": "I found no words to search for. Please write your question in words, e.g. «How do I build trust?».",
        "too_long": "That question is too long for me (over {limit} characters). Please write it shorter, one question at a time.",
        "language": "I understand Norwegian (bokmål and nynorsk) and English. Please ask in one of them.",
        "section_number": "You wrote a section number. In the theses it is:",
        "section_number_none": "The theses have no section with that number. Ask about the topic in words.",
        "section_hint": "Ask about its content in words and I will find what answers best.",
        "quoted_in_norwegian": "The theses are written in Norwegian, so the quotes are in Norwegian:",
    },
}

# Topics the theses cover, offered when a refusal has no nearer topics to name.
GENERAL_TOPICS = {
    "nb": ["hva samskaping er, og hvordan det skiller seg fra samarbeid",
           "hvordan ledere kan bygge tillit og gode relasjoner i en samskapingsgruppe",
           "hvilke rammer (kompetanse, tid og ressurser) som trengs for å lede samskaping"],
    "en": ["what co-creation (samskaping) is and how it differs from collaboration",
           "how leaders can build trust and good relations in a co-creation group",
           "which frames (competence, time and resources) leading co-creation needs"],
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nb"


def source_line(citation: Citation, lang: str = "nb") -> str:
    return cite(citation, lang)


def quote_block(citation: Citation) -> str:
    """«…» around verbatim sentences; "(…)" marks a gap between non-adjacent ones."""
    positions = quote_positions(citation)
    parts = []
    for n, (quote, pos) in enumerate(zip(citation.quotes, positions)):
        if n and (pos < 0 or positions[n - 1] < 0 or pos != positions[n - 1] + 1):
            parts.append("(…)")
        parts.append(quote)
    return f"«{' '.join(parts)}»"


def _topic_line(s: Suggestion, lang: str) -> str:
    return f"• {cite(s, lang, 'topic')}"


def format_answer(answer: Answer, lang: str = "nb") -> str:
    """Human-readable answer: labelled quotes with a compact source line each, or the reason
    there is none."""
    lang = _lang(lang)
    t = TEXTS[lang]
    if answer.status == "answered":
        lines = [t["quoted_in_norwegian"], ""] if lang == "en" else []
        for citation in answer.citations:
            lines.append(f"{role_label(citation.role, lang)}:")
            lines.append(quote_block(citation))
            lines.append(f"— {source_line(citation, lang)}")
            lines.append("")
        return "\n".join(lines).rstrip()
    if answer.status == "section_number":
        if not answer.sections:
            return t["section_number_none"]
        items = "\n".join(_topic_line(s, lang) for s in answer.sections)
        return f"{t['section_number']}\n{items}\n{t['section_hint']}"
    if answer.status in ("empty", "no_words", "language"):
        return t[answer.status]
    if answer.status == "too_long":
        from .query import MAX_QUESTION_CHARS

        return t["too_long"].format(limit=f"{MAX_QUESTION_CHARS:,}".replace(",", " "))
    head = t["nothing_new"] if answer.status == "nothing_new" else t["out_of_scope"]
    if answer.suggestions:
        items = "\n".join(_topic_line(s, lang) for s in answer.suggestions)
        return f"{head}\n{t['nearest']}\n{items}"
    items = "\n".join(f"• {topic}" for topic in GENERAL_TOPICS[lang])
    return f"{head}\n{t['general']}\n{items}"


def citation_payload(citation: Citation, lang: str = "nb") -> dict:
    """What a channel gets for a citation: the fields, and the source line and label already in
    the reader's language, so no channel composes its own."""
    data = asdict(citation)
    data["authors"] = authors(citation.authors, lang)
    data["source_line"] = source_line(citation, lang)
    data["label"] = role_label(citation.role, lang)
    return data
