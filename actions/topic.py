"""The topic of the conversation: what was asked and what has been shown, kept in slots, and how
a follow-up is turned into a search on it.

After every answer the slots hold the standalone question, the thesis and sections quoted, and
every quote and passage shown on this topic. A follow-up is resolved against them:

* more («si mer», «utdyp») → the same question, minus what was already shown;
* other thesis («hva sier den andre oppgaven?») → the same question, in the other thesis only
  (or the one the message names);
* example («gi et eksempel») → the same question, findings first (informants' stories, cases);
* practice («hva betyr det i praksis?») → the same question, discussion and conclusions first
  (implications and recommendations);
* why («hvorfor det?») → the same question asked as a why, findings and discussion first;
* define («hva mener du med eierskap?») → what the term means, theory first; the term is taken
  from the message, or the topic when the message only says «det»;
* elliptical («og metodene da?») → the new aspect joined to the topic's question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge import Answer, AnswerOptions

FOLLOWUP_INTENTS = {
    "followup_more": "more", "followup_other_thesis": "other_thesis", "followup_example": "example",
    "followup_practice": "practice", "followup_define": "define", "followup_why": "why",
    "followup_elliptical": "elliptical",
}
THESES = ("000", "001")

# Which kinds of passage a follow-up asks for (the search moves them ahead of close rivals).
PREFERRED_ROLES = {
    "example": ("finding", "introduction"),
    "practice": ("conclusion", "discussion"),
    "why": ("finding", "discussion"),
    "define": ("theory",),
}

# Words that carry the follow-up, not its subject: what is left is the term or the new aspect.
_DEFINE = re.compile(
    r"^\W*(?:(?:og|men|så|and|but)\s+)?(?:hva|kva|ka|what)\s+(?:(?:do|does|did)\s+(?:you|they|it|the\s+\w+)\s+mean\s+by|"
    r"(?:mener|meiner|meina|menes|meinast|meant|is\s+meant)"
    r"\s+(?:du\s+|dere\s+|de\s+|dei\s+|you\s+|they\s+)?(?:med|by)|(?:betyr|tyder|means?|does)|(?:er|is|are|var)"
    r"(?:\s+(?:egentlig|eigentleg|eigentlig|really|actually))?)\s+(?P<term>.+?)"
    r"(?:\s+(?:her|igjen|egentlig|eigentleg|for\s+noe|for\s+noko|for\s+something|mean|her\s+da|då|da|then|again|here))*\W*$",
    re.IGNORECASE)
_ELLIPSIS = re.compile(
    r"^\W*(?:og|enn|men|hva\s+med|kva\s+med|what\s+about|how\s+about|and|or|eller)\s+(?P<aspect>.+?)"
    r"(?:\s+(?:da|då|then|also|også|og))*\W*$", re.IGNORECASE)
_PRONOUNS = {"det", "dette", "den", "denne", "de", "dei", "that", "this", "it", "the", "ordet", "begrepet",
             "omgrepet", "term", "the term", "that term", "det ordet", "det begrepet", "that word"}


@dataclass
class Topic:
    question: str | None = None  # the standalone question of the current topic
    thesis: str | None = None  # the thesis of the first quote of the last answer
    thesis_filter: str | None = None  # the thesis the last answer was limited to
    quotes: list[str] = field(default_factory=list)  # every quote shown on this topic
    passages: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    SLOTS = ("topic_question", "topic_thesis", "topic_filter", "topic_quotes", "topic_passages", "topic_sections")

    @classmethod
    def from_tracker(cls, tracker) -> "Topic":
        return cls(tracker.get_slot("topic_question"), tracker.get_slot("topic_thesis"),
                   tracker.get_slot("topic_filter"), list(tracker.get_slot("topic_quotes") or []),
                   list(tracker.get_slot("topic_passages") or []), list(tracker.get_slot("topic_sections") or []))

    def slots(self) -> dict:
        return {"topic_question": self.question, "topic_thesis": self.thesis, "topic_filter": self.thesis_filter,
                "topic_quotes": self.quotes, "topic_passages": self.passages, "topic_sections": self.sections}

    def after(self, answer: Answer, question: str, thesis_filter: str | None, new_topic: bool) -> "Topic":
        """The topic once ``answer`` has been shown."""
        shown = [q for c in answer.citations for q in c.quotes]
        base = Topic() if new_topic else self
        if not answer.citations:
            return Topic(question, base.thesis, thesis_filter, base.quotes, base.passages, base.sections) \
                if not new_topic else Topic(question, None, thesis_filter)
        return Topic(
            question=question, thesis=answer.citations[0].thesis, thesis_filter=thesis_filter,
            quotes=list(dict.fromkeys(base.quotes + shown))[-60:],
            passages=list(dict.fromkeys(base.passages + [c.passage_id for c in answer.citations]))[-30:],
            sections=list(dict.fromkeys(base.sections + [f"{c.thesis} {c.section}" for c in answer.citations]))[-30:],
        )


@dataclass(frozen=True)
class Resolved:
    question: str  # what is searched
    options: AnswerOptions
    topic_question: str  # the topic's question afterwards
    thesis_filter: str | None


def define_term(message: str) -> str | None:
    """The term a «hva mener du med X?» asks about, or None when it only says «det»."""
    m = _DEFINE.match(message.strip())
    if not m:
        return None
    term = m.group("term").strip(" «»\"'?.!")
    return None if not term or term.lower() in _PRONOUNS else term


def elliptical_aspect(message: str) -> str:
    m = _ELLIPSIS.match(message.strip())
    return (m.group("aspect") if m else message).strip(" «»\"'?.!")


def other_thesis(thesis: str | None) -> str | None:
    if thesis not in THESES:
        return None
    return THESES[1 - THESES.index(thesis)]


def resolve(kind: str, message: str, topic: Topic, named_thesis: str | None, english: bool) -> Resolved | None:
    """The search a follow-up of ``kind`` asks for, or None when it needs a topic there is none of."""
    shown = frozenset(topic.quotes)
    if kind == "define":
        term = define_term(message)
        if term:
            question = f"What does {term} mean?" if english else f"Hva betyr {term}?"
            return Resolved(question, AnswerOptions(prefer_roles=PREFERRED_ROLES["define"]),
                            topic.question or question, None)
        if not topic.question:
            return None
        return Resolved(topic.question, AnswerOptions(prefer_roles=PREFERRED_ROLES["define"], exclude_sentences=shown),
                        topic.question, topic.thesis_filter)
    if not topic.question:
        return None
    if kind == "more":
        return Resolved(topic.question, AnswerOptions(thesis=topic.thesis_filter, exclude_sentences=shown),
                        topic.question, topic.thesis_filter)
    if kind == "other_thesis":
        target = named_thesis if named_thesis and named_thesis != topic.thesis else other_thesis(topic.thesis)
        return Resolved(topic.question, AnswerOptions(thesis=target, exclude_sentences=shown), topic.question, target)
    if kind == "why":
        question = f"Why: {topic.question}" if english else f"Hvorfor: {topic.question}"
        return Resolved(question, AnswerOptions(thesis=topic.thesis_filter, prefer_roles=PREFERRED_ROLES["why"],
                                                exclude_sentences=shown), topic.question, topic.thesis_filter)
    if kind in ("example", "practice"):
        return Resolved(topic.question, AnswerOptions(thesis=topic.thesis_filter, prefer_roles=PREFERRED_ROLES[kind],
                                                      exclude_sentences=shown), topic.question, topic.thesis_filter)
    if kind == "elliptical":
        aspect = elliptical_aspect(message)
        question = f"{aspect}: {topic.question}"
        return Resolved(question, AnswerOptions(thesis=named_thesis), question, named_thesis)
    raise ValueError(f"unknown follow-up kind {kind!r}")
