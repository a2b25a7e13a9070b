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
from knowledge.query import question_kind

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
# The words of «what does the other thesis say about …» itself: what is left is the topic, if any.
_OTHER_CUE = re.compile(
    r"\b(?:hva|kva|ka|what|og|and|men|but|så|sier|seier|says?|does|did|mener|meiner|think|thinks|den|dei|de|the|"
    r"andre|other|oppgaven|oppgava|oppgåva|masteroppgaven|masteroppgåva|studien|studie|thesis|study|om|about|noe|noko|"
    r"anything|something|det|dette|that|this|it|same|samme|sama|ho|han|hun|he|she|they|her|there|der|da|då|then)\b",
    re.IGNORECASE)
# «den andre», «the other one», «another study»: the message asks for the thesis not discussed.
_ASKS_FOR_OTHER = re.compile(r"\b(?:andre|anna|other|another)\b", re.IGNORECASE)
_PRONOUNS = {"det", "dette", "den", "denne", "de", "dei", "that", "this", "it", "the", "ordet", "begrepet",
             "omgrepet", "term", "the term", "that term", "det ordet", "det begrepet", "that word"}


# How questions begin in bokmål, nynorsk and English.
_QUESTION_WORD = re.compile(
    r"^\W*(?:hva|hvem|hvor|hvorfor|hvordan|hvilke|hvilken|hvilket|når|kva|kven|kvar|kor|korleis|kvifor|"
    r"kva\s+for|ka|kem|åssen|koss|kossen|what|who|where|why|how|which|when|does|do|did|is|are|was|were|can|"
    r"could|should|would|will|er|var|har|hadde|kan|kunne|skal|skulle|bør|burde|må|vil|ville|sier|seier|"
    r"finnes|fins|gjelder|stemmer)\b", re.IGNORECASE)


def question_shaped(text: str) -> bool:
    """Asked as a question: a question mark, or an interrogative opening and a few words."""
    text = text.strip()
    if not text or text.startswith("/"):
        return False
    words = text.split()
    return text.endswith("?") or (len(words) >= 4 and bool(_QUESTION_WORD.match(text)))


# Words that point back at what was just said («there», «those», «der», «dei»); a short question
# with one of them continues the topic even when the classifier took it for a new question.
_BACK_REFERENCE = re.compile(
    r"\b(?:there|those|these|them|they|their|that one|der|dit|derfra|dei|dem|deira|disse|desse|same|samme)\b",
    re.IGNORECASE)
MAX_CONTINUATION_WORDS = 12


def continues_topic(message: str) -> bool:
    return len(message.split()) <= MAX_CONTINUATION_WORDS and bool(_BACK_REFERENCE.search(message))


def continuation_kind(message: str) -> str:
    """The follow-up kind of a continuing question, from how it is asked."""
    return {"why": "why", "define": "define", "example": "example", "practice": "practice"}.get(
        question_kind(message), "elliptical")


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
class Attempt:
    question: str  # what is searched
    options: AnswerOptions


@dataclass(frozen=True)
class Resolved:
    """The searches a follow-up makes, in order: the first that finds an answer is shown (the
    last one's refusal otherwise)."""
    attempts: tuple[Attempt, ...]
    topic_question: str  # the topic's question afterwards
    thesis_filter: str | None  # the thesis the answer is limited to, for the next follow-up

    @property
    def question(self) -> str:
        return self.attempts[0].question

    @property
    def options(self) -> AnswerOptions:
        return self.attempts[0].options


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


def own_topic(message: str, thesis_names: tuple[str, ...] = ()) -> str:
    """What a «what does the other thesis say about X?» says besides its cue and the thesis's
    names: X, or "" when it only points back («… om det?»)."""
    rest = _OTHER_CUE.sub(" ", message)
    for name in thesis_names:
        rest = re.sub(rf"\b{re.escape(name)}\w*", " ", rest, flags=re.IGNORECASE)
    return " ".join(re.findall(r"[^\W\d_][\w-]*", rest))


def _with_message(message: str, question: str) -> str:
    """A follow-up that says more than its cue («hva sier den andre oppgaven om tillit?») adds
    what it says to the topic's question; a bare cue adds nothing that matters to the search."""
    return f"{message} {question}" if message else question


def resolve(kind: str, message: str, topic: Topic, named_thesis: str | None, english: bool,
            thesis_names: tuple[str, ...] = ()) -> Resolved | None:
    """The searches a follow-up of ``kind`` asks for, or None when it needs a topic there is none
    of. A follow-up stays in the thesis being discussed (first within it, then in both), unless
    the message names a thesis or asks for «the other one», which limits the search to that one.
    Searches on the topic already found answerable are ``on_topic`` (no second refusal test)."""
    shown = frozenset(topic.quotes)
    current = topic.thesis
    if kind == "define":
        term = define_term(message)
        if term:
            question = f"What does {term} mean?" if english else f"Hva betyr {term}?"
            prefer = PREFERRED_ROLES["define"]
            if named_thesis:
                return Resolved((Attempt(question, AnswerOptions(thesis=named_thesis, prefer_roles=prefer)),),
                                topic.question or question, named_thesis)
            attempts = (Attempt(question, AnswerOptions(thesis=current, prefer_roles=prefer, on_topic=True)),) \
                if current else ()
            return Resolved(attempts + (Attempt(question, AnswerOptions(prefer_roles=prefer, prefer_thesis=current)),),
                            topic.question or question, topic.thesis_filter)
        if not topic.question:
            return None
        target = named_thesis or topic.thesis_filter
        return Resolved((Attempt(topic.question, AnswerOptions(
            thesis=target, prefer_thesis=current, prefer_roles=PREFERRED_ROLES["define"], exclude_sentences=shown,
            on_topic=True)),), topic.question, target)
    if not topic.question:
        return None
    if kind == "more":
        target = named_thesis or topic.thesis_filter
        return Resolved((Attempt(topic.question, AnswerOptions(thesis=target, prefer_thesis=current,
                                                               exclude_sentences=shown, on_topic=True)),),
                        topic.question, target)
    if kind == "other_thesis":
        # A thesis the message names is the one asked about, even the current one («what does the
        # Lillehammer study say …» after an answer from it), unless it asks for the other one.
        named_is_meant = named_thesis and not (named_thesis == current and _ASKS_FOR_OTHER.search(message))
        target = named_thesis if named_is_meant else other_thesis(current)
        # «hva sier den andre oppgaven om innovasjon?» carries its own topic: searched alone first.
        subject = own_topic(message, thesis_names)
        attempts = (Attempt(subject, AnswerOptions(thesis=target, exclude_sentences=shown)),) if subject else ()
        return Resolved(attempts + (Attempt(_with_message(message, topic.question),
                                            AnswerOptions(thesis=target, exclude_sentences=shown, on_topic=True)),),
                        topic.question, target)
    if kind in ("why", "example", "practice"):
        target = named_thesis or topic.thesis_filter
        question = _with_message(message, topic.question)
        return Resolved((Attempt(question, AnswerOptions(thesis=target, prefer_roles=PREFERRED_ROLES[kind],
                                                         prefer_thesis=current, exclude_sentences=shown,
                                                         on_topic=True)),), topic.question, target)
    if kind == "elliptical":
        aspect = elliptical_aspect(message)
        question = f"{aspect}: {topic.question}"
        if named_thesis:
            return Resolved((Attempt(question, AnswerOptions(thesis=named_thesis, exclude_sentences=shown)),),
                            question, named_thesis)
        # A new aspect is new content: the answerability test applies, first within the thesis;
        # what was shown on the topic is not the new aspect.
        within = (Attempt(question, AnswerOptions(thesis=current, exclude_sentences=shown)),) if current else ()
        return Resolved(within + (Attempt(question, AnswerOptions(exclude_sentences=shown)),), question,
                        topic.thesis_filter)
    raise ValueError(f"unknown follow-up kind {kind!r}")
