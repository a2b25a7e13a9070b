"""Extractive answers: quote the theses, never paraphrase them.

The composer depends only on the searcher's public interface (``Searcher.search`` and what it
returns): it takes the best passages the search found, keeps those whose role fits the question, and
quotes from each the sentences closest to the question. Everything between «» in a reply is
verbatim source text; everything else is our framing (presentation.py).

* **Role.** Method text, the interview guides and the thesis's own outline are quoted only when
  the question is about how the study was done; otherwise findings, discussion, conclusions
  and theory answer.
* **Antecedents.** A quote that starts with «Dette», «Det», «Slik», «This» … refers back; the
  sentence before it is quoted too, so the reader sees what "dette" is.
* **A second source** is quoted only when its passage scores close to the first (it is then
  preferably from the other thesis, so both voices show); otherwise it would only be noise.
* **Follow-ups** pass a thesis, preferred roles, and what was already shown, so «si mer» brings
  the next best sentences and passages instead of the same ones again.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from .passages import refers_back, split_sentences
from .search import Hit, Searcher, SearchOptions
from .settings import KnowledgeSettings
from citations import Thesis

# Roles quoted only for questions about the study itself.
ABOUT_THE_STUDY = ("method", "appendix")


@dataclass(frozen=True)
class AnswerOptions:
    thesis: str | None = None  # quote only this thesis
    prefer_roles: tuple[str, ...] = ()
    prefer_thesis: str | None = None  # the thesis being discussed, ahead of close rivals
    exclude_passages: frozenset[str] = frozenset()
    exclude_sentences: frozenset[str] = frozenset()  # quotes the user has already seen
    max_citations: int | None = None
    on_topic: bool = False  # a follow-up on a topic already found answerable (SearchOptions.on_topic)


@dataclass
class Citation:
    thesis: str
    short_title: str
    authors: list[str]
    year: int | None
    section: str
    section_title: str
    role: str
    passage_id: str
    passage_text: str
    quotes: list[str]  # verbatim sentences from passage_text, in text order
    score: float


@dataclass
class Suggestion:
    """A topic the theses do cover, offered next to a refusal (never as an answer)."""
    thesis: str
    authors: list[str]
    section: str
    section_title: str


@dataclass
class Answer:
    question: str
    # answered | out_of_scope | nothing_new | empty | too_long | no_words | section_number | language
    status: str
    citations: list[Citation] = field(default_factory=list)
    answerable: float = 0.0
    language: str = "nb"  # the question's language as detected
    kind: str = "general"
    suggestions: list[Suggestion] = field(default_factory=list)
    sections: list[Suggestion] = field(default_factory=list)  # status section_number: what the number names

    @property
    def in_scope(self) -> bool:
        return self.status == "answered"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["in_scope"] = self.in_scope
        return data


def choose_quotes(sentences: list[str], scores: np.ndarray, limit: int, exclude: frozenset[str],
                  margin: float = 1.0) -> list[str]:
    """Up to ``limit`` sentences, in text order: the best one and runners-up within ``margin`` of it.
    A sentence that refers back comes with the one before it (both count against ``limit``)."""
    if not sentences or limit <= 0:
        return []
    scores = np.asarray(scores, dtype=np.float64)
    units = []
    for i, sentence in enumerate(sentences):
        if sentence in exclude:
            continue
        unit = {i - 1, i} if i > 0 and refers_back(sentence) else {i}
        if len(unit) <= limit:
            units.append((float(scores[i]), unit))
    if not units:
        return []
    units.sort(key=lambda u: -u[0])
    best_score, chosen = units[0][0], set(units[0][1])
    for score, unit in units[1:]:
        if score < best_score - margin:
            break
        if len(chosen | unit) <= limit:
            chosen |= unit
    return [sentences[i] for i in sorted(chosen)]


def _eligible(hits: list[Hit], kind: str, summary_margin: float) -> list[Hit]:
    """The hits that may be quoted, best first. Method text and interview guides only for a
    question about the study. A summary (Sammendrag/Abstract) leads only when it scores clearly
    above the best passage of the body: it restates findings that the body gives with their
    context, and for an English question the English abstract draws the English wording."""
    kept = hits if kind == "method" else [h for h in hits if h.passage.role not in ABOUT_THE_STUDY] or hits
    body = [h for h in kept if h.passage.role != "abstract"]
    if kept and body and kept[0].passage.role == "abstract" and body[0].score >= kept[0].score - summary_margin:
        kept = [body[0]] + [h for h in kept if h is not body[0]]
    return kept


def _citation(hit: Hit, quotes: list[str], sources: dict[str, Thesis]) -> Citation:
    p = hit.passage
    source = sources[p.thesis]
    return Citation(thesis=p.thesis, short_title=source.short_title, authors=list(source.authors),
                    year=source.year, section=p.section, section_title=p.section_title, role=p.role,
                    passage_id=p.id, passage_text=p.text, quotes=quotes, score=round(hit.score, 4))


def suggestions(hits: list[Hit], sources: dict[str, Thesis], limit: int = 3) -> list[Suggestion]:
    """The nearest distinct sections with substance, for a refusal."""
    out: list[Suggestion] = []
    for hit in hits:
        p = hit.passage
        if p.role in ABOUT_THE_STUDY + ("abstract", "introduction"):
            continue
        if any((s.thesis, s.section) == (p.thesis, p.section) for s in out):
            continue
        out.append(Suggestion(p.thesis, list(sources[p.thesis].authors), p.section, p.section_title))
        if len(out) == limit:
            break
    return out


def sections_numbered(number: str, sources: dict[str, Thesis]) -> list[Suggestion]:
    return [Suggestion(tid, list(source.authors), spec.number or spec.key, spec.title)
            for tid, source in sources.items() for spec in source.sections
            if (spec.number or spec.key) == number and not spec.exclude]


def compose_answer(searcher: Searcher, sources: dict[str, Thesis], question: str,
                   options: AnswerOptions, settings: KnowledgeSettings) -> Answer:
    result = searcher.search(question, SearchOptions(
        top_k=settings.top_k, thesis=options.thesis, prefer_roles=options.prefer_roles,
        prefer_thesis=options.prefer_thesis, exclude_passages=options.exclude_passages, on_topic=options.on_topic))
    query = result.query
    base = dict(question=query.text, answerable=round(result.answerable, 4), language=query.language,
                kind=query.kind)
    if query.problem:
        sections = sections_numbered(query.section_number, sources) if query.problem == "section_number" else []
        return Answer(status=query.problem, sections=sections, **base)
    if not result.in_scope or not result.hits:
        return Answer(status="out_of_scope", suggestions=suggestions(result.hits, sources), **base)
    hits = _eligible(result.hits, query.kind, settings.summary_margin)
    max_citations = options.max_citations or settings.answer_max_citations
    budget = settings.answer_max_sentences
    citations: list[Citation] = []
    primary = None
    for hit in hits:
        quotes = choose_quotes(hit.sentences, hit.sentence_scores, min(2, budget), options.exclude_sentences,
                               settings.quote_margin)
        if quotes:
            primary = hit
            citations.append(_citation(hit, quotes, sources))
            budget -= len(quotes)
            break
    if primary is None:
        return Answer(status="nothing_new", suggestions=suggestions(result.hits, sources), **base)
    # Further passages only when nearly as good as the first, the other thesis's first.
    close = [h for h in hits if h is not primary and h.score >= primary.score - settings.second_citation_margin]
    close.sort(key=lambda h: h.passage.thesis == primary.passage.thesis)
    shown = {q for c in citations for q in c.quotes}
    for hit in close:
        if len(citations) >= max_citations or budget <= 0:
            break
        quotes = choose_quotes(hit.sentences, hit.sentence_scores, min(2, budget),
                               options.exclude_sentences | shown, settings.quote_margin)
        if quotes:
            citations.append(_citation(hit, quotes, sources))
            budget -= len(quotes)
            shown |= set(quotes)
    return Answer(status="answered", citations=citations, **base)


def quote_positions(citation: Citation) -> list[int]:
    """Where each quote sits among the passage's sentences (-1 if not found)."""
    sentences = split_sentences(citation.passage_text)
    return [sentences.index(q) if q in sentences else -1 for q in citation.quotes]
