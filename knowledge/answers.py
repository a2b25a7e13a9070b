"""Extractive answers: quote the theses, never paraphrase them.

From the best passages we pick the one to three sentences closest to the
question and cite each with thesis, authors, year and section. Everything
between «» in the output is verbatim source text; everything else is our own
framing and is worded so it cannot be mistaken for a quote.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .passages import quote_candidates, split_sentences

if TYPE_CHECKING:
    from .retrieval import KnowledgeBase, SearchResult

# Runner-up sentences are quoted too when they are almost as close.
_SENTENCE_MARGIN = 0.02

# Topics the theses cover, offered when a question falls outside them.
SUGGESTIONS = {
    "nb": [
        "hva samskaping er, og hvordan det skiller seg fra samarbeid",
        "hvordan ledere kan bygge tillit og gode relasjoner i en samskapingsgruppe",
        "hvilke rammer (kompetanse, tid og ressurser) som trengs for å lede samskaping",
    ],
    "en": [
        "what co-creation (samskaping) is and how it differs from collaboration",
        "how leaders can build trust and good relations in a co-creation group",
        "which frames (competence, time and resources) leading co-creation needs",
    ],
}


@dataclass
class Citation:
    thesis: str
    short_title: str
    authors: str  # display string, e.g. "Borge og Kaasa"
    year: int | None
    section: str
    section_title: str
    role: str
    passage_id: str
    passage_text: str
    quotes: list[str]  # verbatim sentences from passage_text, in text order
    score: float

    @property
    def source_line(self) -> str:
        year = self.year if self.year is not None else "u.å."
        section = f"{self.section} {self.section_title}" if self.section else self.section_title
        return f"{self.authors} ({year}), {self.short_title}, {section}"


@dataclass
class Answer:
    question: str
    in_scope: bool
    citations: list[Citation] = field(default_factory=list)
    best_score: float | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        for cit, obj in zip(data["citations"], self.citations):
            cit["source_line"] = obj.source_line
        return data


# --- sentence choice ------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def lexical_scores(question: str, sentences: list[str]) -> np.ndarray:
    """Share of the question's words (4+ letters, crude prefix match) in each sentence.

    Fallback when no sentence embeddings are available.
    """
    q = {w.lower()[:6] for w in _WORD.findall(question) if len(w) >= 4}
    if not q:
        return np.zeros(len(sentences))
    out = []
    for s in sentences:
        words = {w.lower()[:6] for w in _WORD.findall(s)}
        out.append(len(q & words) / len(q))
    return np.asarray(out, dtype=np.float32)


def _sentence_scores(kb: "KnowledgeBase", question: str, sentences: list[str]) -> np.ndarray:
    try:
        vectors = kb.embed_sentences(sentences)
        return vectors @ kb.embed_query(kb.dense_query(question))
    except Exception:  # noqa: BLE001 - quoting must still work without the model
        return lexical_scores(question, sentences)


@dataclass
class _Scored:
    """One candidate passage with its sentences scored against the question."""
    result: "SearchResult"
    sentences: list[str]
    scores: np.ndarray

    @property
    def best(self) -> float:
        return float(self.scores.max()) if len(self.scores) else float("-inf")

    def quotes(self, limit: int) -> list[str]:
        """Up to ``limit`` sentences near the best one, in text order."""
        if not len(self.scores) or limit <= 0:
            return []
        order = np.argsort(-self.scores)[:limit]
        chosen = [int(i) for i in order if self.scores[i] >= self.best - _SENTENCE_MARGIN]
        return [self.sentences[i] for i in sorted(chosen)]


def _precomputed(kb: "KnowledgeBase", result: "SearchResult") -> tuple[list[str], np.ndarray] | None:
    corpus = getattr(kb, "corpus", None)
    if corpus is None or corpus.sentence_vectors is None:
        return None
    i = kb._by_id.get(result.passage.id)
    return None if i is None else (corpus.sentences[i], corpus.sentence_vectors[i])


def score_sentences(kb: "KnowledgeBase", question: str, results: list["SearchResult"]) -> list[_Scored]:
    """Score every candidate sentence of ``results`` against the question.

    Sentence vectors come from the index (built with it); only if they are
    missing are the sentences embedded now, in one batch.
    """
    pre = [_precomputed(kb, r) for r in results]
    if all(p is not None for p in pre):
        query = kb.embed_query(kb.dense_query(question))
        return [_Scored(r, sentences, vectors @ query if len(sentences) else np.zeros(0))
                for r, (sentences, vectors) in zip(results, pre)]
    per = [quote_candidates(r.passage.text) for r in results]
    flat = [sentence for sentences in per for sentence in sentences]
    scores = _sentence_scores(kb, question, flat) if flat else np.zeros(0)
    out, start = [], 0
    for r, sentences in zip(results, per):
        out.append(_Scored(r, sentences, np.asarray(scores[start:start + len(sentences)])))
        start += len(sentences)
    return out


def _citation(kb: "KnowledgeBase", result: "SearchResult", quotes: list[str]) -> Citation:
    p = result.passage
    source = kb.sources[p.thesis]
    return Citation(
        thesis=p.thesis, short_title=source.short_title, authors=source.authors_display,
        year=source.year, section=p.section, section_title=p.section_title, role=p.role,
        passage_id=p.id, passage_text=p.text, quotes=quotes, score=round(float(result.score), 4),
    )


def _side(role: str) -> str:
    return "theory" if role == "theory" else "empirical" if role in ("finding", "discussion") else role


def compose_answer(kb: "KnowledgeBase", question: str) -> Answer:
    """Quote the 1–3 most relevant sentences; cite both theses when both are close."""
    s = kb.settings
    retrieval = kb.retrieve(question, top_k=s.answer_candidate_passages)
    if not retrieval.in_scope or not retrieval.results:
        return Answer(question, False, [], round(float(retrieval.best_dense_score), 4))
    top = retrieval.results[0].score
    # The top passages compete on their best sentence (fused scores are
    # rank-based, so they cannot say how close two passages are; sentence
    # cosines can): the definition itself may sit in the third passage.
    pool = retrieval.results
    scored = sorted(score_sentences(kb, question, pool), key=lambda c: -c.best)
    primary = scored[0]
    rest = [c for c in scored[1:] if c.best >= primary.best - s.second_sentence_margin]
    # Prefer the other thesis for the second citation, so both voices show;
    # failing that, the other side of theory vs. what the informants said.
    p0 = primary.result.passage
    other = [c for c in rest if c.result.passage.thesis != p0.thesis]
    other_role = [c for c in rest if _side(c.result.passage.role) != _side(p0.role)]
    second = (other or other_role or rest or [None])[0]
    primary_limit = min(2, s.answer_max_sentences - (1 if second else 0))
    citations = [_citation(kb, primary.result, primary.quotes(primary_limit))]
    if second is not None:
        citations.append(_citation(kb, second.result, second.quotes(1)))
    return Answer(question, True, [c for c in citations if c.quotes], round(float(top), 4))


# --- presentation -----------------------------------------------------------------------

def _quote_block(citation: Citation) -> str:
    """«…» around verbatim sentences; "(…)" marks a gap between non-adjacent ones."""
    sentences = split_sentences(citation.passage_text)
    positions = [sentences.index(q) if q in sentences else -1 for q in citation.quotes]
    parts = []
    for n, (quote, pos) in enumerate(zip(citation.quotes, positions)):
        if n and (pos < 0 or positions[n - 1] < 0 or pos != positions[n - 1] + 1):
            parts.append("(…)")
        parts.append(quote)
    return f"«{' '.join(parts)}»"


def format_answer(answer: Answer, lang: str = "nb") -> str:
    """Human-readable answer: quotes with a compact source line each."""
    lang = "en" if lang == "en" else "nb"
    if not answer.in_scope or not answer.citations:
        if lang == "en":
            head = "I can't find anything about that in the two master's theses."
            lead = "I can answer questions about, for example:"
        else:
            head = "Det finner jeg ikke noe om i de to masteroppgavene."
            lead = "Jeg kan svare på spørsmål om for eksempel:"
        items = "\n".join(f"• {s}" for s in SUGGESTIONS[lang])
        return f"{head}\n{lead}\n{items}"
    lines = []
    if lang == "en":
        lines.append("From the two theses, quoted verbatim (they are written in Norwegian):")
    for citation in answer.citations:
        lines.append(_quote_block(citation))
        lines.append(f"— {citation.source_line}")
        lines.append("")
    return "\n".join(lines).rstrip()
