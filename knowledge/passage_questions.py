"""Questions each passage answers, written by people and kept next to the corpus.

A leader's question and the thesis sentence that answers it rarely share words
("hvor mye tid må vi sette av?" vs. "tilstrekkelig avsatte ressurser"). Each
passage with substance therefore carries 3–6 questions a leader would ask that
it answers (``corpus/questions/*.yml``). They are indexed as extra keys that
point to their passage, in the dense and in the lexical index.

A file looks like this::

    thesis: "000"
    passages:
      "4.2.1.2.2#Informantene oppgir at tilstrekkelig avsatte":
        - Hvor mye tid må vi sette av til samskaping?
        - …

The key is the section key, ``#``, and the first words of the passage. It is
resolved by those words, not by the passage's number, so it survives any
re-chunking: after a change of passage sizes the words still sit in exactly one
passage of that section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .passages import Passage

QUESTIONS_DIR = "questions"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


@dataclass(frozen=True)
class PassageQuestion:
    key: str  # "<section key>#<first words>"
    passage_id: str
    text: str
    source: str  # file name, for error messages


class UnresolvedKey(ValueError):
    """A key in a questions file names no passage (or more than one)."""


def passage_key(passage: Passage, passages_in_section: list[Passage], min_words: int = 6) -> str:
    """The stable key of ``passage``: its section and as many first words as make it unique."""
    n = min_words
    words = passage.text.split()
    while n < len(words):
        anchor = " ".join(words[:n])
        if sum(_words(p.text).startswith(_words(anchor)) for p in passages_in_section) <= 1:
            break
        n += 1
    return f"{passage.section_key}#{' '.join(words[:n])}"


def resolve(key: str, passages: list[Passage]) -> Passage:
    """The one passage that ``key`` names."""
    section, sep, anchor = key.partition("#")
    if not sep or not anchor.strip():
        raise UnresolvedKey(f"{key!r}: a key is '<section key>#<first words of the passage>'")
    needle = _words(anchor)
    in_section = [p for p in passages if p.section_key == section]
    if not in_section:
        raise UnresolvedKey(f"{key!r}: no passage in section {section!r}")
    hits = [p for p in in_section if needle in _words(p.text)]
    # The anchor words start their passage; after re-chunking they may sit inside one.
    starting = [p for p in hits if _words(p.text).startswith(needle)]
    if len(starting) == 1:
        return starting[0]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise UnresolvedKey(f"{key!r}: no passage of section {section!r} contains {anchor!r}")
    raise UnresolvedKey(f"{key!r}: {len(hits)} passages of section {section!r} contain {anchor!r}; "
                        "add words to the key")


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_files(questions_dir: Path) -> list[tuple[Path, dict]]:
    if not questions_dir.is_dir():
        return []
    out = []
    for path in sorted(questions_dir.glob("*.yml")):
        # libyaml's parser where PyYAML has it: the 2,241 questions take 0.7 s in pure Python, which
        # every `make run` paid in checking that the index is up to date.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
        out.append((path, data))
    return out


def load_passage_questions(questions_dir: Path, passages: list[Passage]) -> list[PassageQuestion]:
    """Every question of every file, with the passage it points to.

    Raises ``UnresolvedKey`` naming the file and key when a key does not resolve,
    so a stale questions file fails the build instead of pointing at the wrong text.
    """
    by_thesis: dict[str, list[Passage]] = {}
    for p in passages:
        by_thesis.setdefault(p.thesis, []).append(p)
    out: list[PassageQuestion] = []
    for path, data in load_files(questions_dir):
        thesis = str(data.get("thesis", ""))
        if thesis not in by_thesis:
            raise UnresolvedKey(f"{path.name}: unknown thesis {thesis!r}")
        for key, questions in (data.get("passages") or {}).items():
            try:
                passage = resolve(str(key), by_thesis[thesis])
            except UnresolvedKey as exc:
                raise UnresolvedKey(f"{path.name}: {exc}") from None
            for q in questions or []:
                q = " ".join(str(q).split())
                if q:
                    out.append(PassageQuestion(str(key), passage.id, q, path.name))
    return out


def coverage_report(questions: list[PassageQuestion], passages: list[Passage],
                    roles: tuple[str, ...]) -> list[Passage]:
    """The passages of ``roles`` that no question points to."""
    covered = {q.passage_id for q in questions}
    return [p for p in passages if p.role in roles and p.id not in covered]


def check(settings) -> int:
    """``python -m knowledge questions``: check every questions file against the corpus; prints
    what it finds and returns a shell status (1 when a key does not resolve)."""
    from collections import Counter

    from .index import corpus_passages

    passages = corpus_passages(settings)
    try:
        questions = load_passage_questions(settings.corpus_dir / QUESTIONS_DIR, passages)
    except UnresolvedKey as exc:
        print(f"error: {exc}")
        return 1
    per_passage = Counter(q.passage_id for q in questions)
    print(f"{len(questions)} questions for {len(per_passage)} of {len(passages)} passages")
    few = [pid for pid, n in per_passage.items() if n < 3]
    if few:
        print(f"{len(few)} passages with fewer than 3 questions: {', '.join(sorted(few)[:20])}")
    for p in coverage_report(questions, passages, ("finding", "discussion", "conclusion")):
        section = [o for o in passages if o.section_key == p.section_key and o.thesis == p.thesis]
        print(f"no questions: {p.id} ({p.role}) {passage_key(p, section)}")
    return 0
