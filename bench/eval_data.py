"""Evaluation data for the knowledge base: loading, checking and locating the gold answer.

Every question file is JSON lines, one question per line:

    {"id": "t001", "question": "…", "lang": "nb" | "nn" | "en", "typo": false,
     "in_scope": true, "thesis": "000", "section": "4.2.1.2.2",
     "answer": "<a sentence of the thesis, copied as it reads>", "also": ["<optional>", …]}
    {"id": "t-oos-01", "question": "…", "lang": "nb", "in_scope": false, "category": "cost"}

``answer`` is the sentence that answers the question; the gold passage is the passage that holds
it, found by its words, so the files survive any re-chunking of the corpus. ``also`` may list
other sentences that answer it just as well (reported separately, never in the headline figure).

    python3 -m bench.eval_data check bench/data/knowledge-test.jsonl

checks every line's fields and that every answer sentence occurs in the thesis it names. It
needs only the standard library and PyYAML, so whoever writes questions can run it anywhere.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "knowledge" / "corpus"
DATA_DIR = Path(__file__).resolve().parent / "data"
LANGS = ("nb", "nn", "en")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A word broken over a line end by the PDF ("sam-\nskaping") is one word.
_LINE_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s*\n\s*(?=[^\W\d_])")


def words(text: str) -> list[str]:
    text = _LINE_HYPHEN.sub("", text.replace("\u00ad", ""))
    return _WORD.findall(text.casefold())


def load_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def thesis_files() -> dict[str, Path]:
    sources = yaml.safe_load((CORPUS_DIR / "sources.yml").read_text(encoding="utf-8"))
    return {t["id"]: CORPUS_DIR / t["file"] for t in sources["theses"]}


def section_keys() -> dict[str, set[str]]:
    sources = yaml.safe_load((CORPUS_DIR / "sources.yml").read_text(encoding="utf-8"))
    return {t["id"]: {str(s["key"]) for s in t["sections"]} for t in sources["theses"]}


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """``needle`` occurs as a contiguous run of words in ``haystack``."""
    if not needle:
        return False
    text = " " + " ".join(haystack) + " "
    return " " + " ".join(needle) + " " in text


def overlap(haystack_words: list[str], needle: list[str], n: int = 3) -> float:
    """Share of the needle's word n-grams found in the haystack (for near-verbatim copies)."""
    if len(needle) < n:
        return 1.0 if contains_run(haystack_words, needle) else 0.0
    grams = {tuple(needle[i:i + n]) for i in range(len(needle) - n + 1)}
    have = {tuple(haystack_words[i:i + n]) for i in range(len(haystack_words) - n + 1)}
    return len(grams & have) / len(grams)


def check_rows(rows: list[dict]) -> list[str]:
    """Problems with a question file, one line each (empty when it is fine)."""
    problems: list[str] = []
    texts = {tid: words(path.read_text(encoding="utf-8")) for tid, path in thesis_files().items()}
    keys = section_keys()
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        where = f"line {n} ({row.get('id', '?')})"
        if row.get("id") in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(row.get("id"))
        if not str(row.get("question", "")).strip():
            problems.append(f"{where}: no question")
        if row.get("lang") not in LANGS:
            problems.append(f"{where}: lang must be one of {LANGS}")
        if not isinstance(row.get("in_scope"), bool):
            problems.append(f"{where}: in_scope must be true or false")
            continue
        if not row["in_scope"]:
            if not row.get("category"):
                problems.append(f"{where}: an out-of-scope question needs a category")
            continue
        thesis = row.get("thesis")
        if thesis not in texts:
            problems.append(f"{where}: unknown thesis {thesis!r}")
            continue
        if str(row.get("section")) not in keys[thesis]:
            problems.append(f"{where}: section {row.get('section')!r} is not a section key of {thesis} in sources.yml")
        for field, sentence in [("answer", row.get("answer"))] + [("also", s) for s in row.get("also", [])]:
            ws = words(sentence or "")
            if len(ws) < 5:
                problems.append(f"{where}: {field} must be a sentence of at least 5 words")
            elif not contains_run(texts[thesis], ws):
                share = overlap(texts[thesis], ws)
                problems.append(f"{where}: {field} not found verbatim in thesis {thesis} "
                                f"({share:.0%} of its word triples are): {sentence[:70]!r}")
    return problems


def summary(rows: list[dict]) -> str:
    inside = [r for r in rows if r.get("in_scope")]
    langs = Counter(r.get("lang") for r in inside)
    theses = Counter(r.get("thesis") for r in inside)
    typos = sum(bool(r.get("typo")) for r in inside)
    cats = Counter(r.get("category") for r in rows if r.get("in_scope") is False)
    sections = len({(r.get("thesis"), str(r.get("section"))) for r in inside})
    return (f"{len(inside)} answerable ({dict(langs)}; theses {dict(theses)}; {typos} with typos; "
            f"{sections} sections), {len(rows) - len(inside)} out of scope ({dict(cats)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a question file")
    check.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        rows = load_rows(path)
        problems = check_rows(rows)
        print(f"{path}: {summary(rows)}")
        for p in problems:
            print(f"  {p}")
        status |= bool(problems)
    return status


if __name__ == "__main__":
    sys.exit(main())


def gold_passages(row: dict, passages) -> tuple[set[str], set[str]]:
    """The passages holding the row's answer sentence, and those holding it or an ``also``
    sentence. A sentence the thesis repeats (a summary restating a finding) is held by each
    passage it occurs in. Passages are matched by their words, as the checker matches the thesis;
    a sentence split over two passages belongs to the one holding most of it."""
    def holders(sentence: str) -> set[str]:
        needle = words(sentence)
        hits = {p.id for p in passages if p.thesis == row["thesis"] and contains_run(words(p.text), needle)}
        if hits:
            return hits
        shares = [(overlap(words(p.text), needle), p.id) for p in passages if p.thesis == row["thesis"]]
        best = max(shares, default=(0.0, None))
        return {best[1]} if best[0] >= 0.5 else set()

    primary = holders(row["answer"])
    anyone = set(primary)
    for sentence in row.get("also", []):
        anyone |= holders(sentence)
    return primary, anyone
