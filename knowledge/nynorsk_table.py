"""Makes ``wordlists/nynorsk-bokmal.json`` (read by nynorsk.py) with Apertium's ``nno-nob`` pair.

    python -m knowledge nynorsk-table [--check]

Every entry is Apertium's translation, nothing written by hand:

1. the theses' words (bokmål, as the lexical search indexes them) are translated to nynorsk in
   both of Apertium's nynorsk norms (``nob-nno``: a-infinitives, «å finna»; ``nob-nno_e``:
   e-infinitives, «å finne»), which gives the nynorsk forms of the words the theses use;
2. each of those nynorsk forms is translated back with ``nno-nob``, the direction a question
   takes; a form whose bokmål differs from it, and whose bokmål the theses contain (by stem),
   goes in the table.

A nynorsk form the theses themselves write at least as often as its bokmål is kept out: the theses
are bokmål, so that is a bokmål word («for», «mellom»). Each word is translated on its own line
after a full stop, so no transfer rule joins two of them.

Run with Apertium installed (``apt-get install apertium-nno-nob``; ``make test`` installs it, and a
test checks that the committed table is what this makes from the current corpus). The server only
reads the table.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

from .lexical import _stemmer, words

TO_NYNORSK = ("nob-nno", "nob-nno_e")
TO_BOKMAL = "nno-nob"
# A translation of more words than this is a paraphrase, not a word's counterpart.
MAX_BOKMAL_WORDS = 2

Translate = Callable[[str, list[str]], list[str]]


class ApertiumMissing(RuntimeError):
    pass


def apertium(mode: str, items: list[str]) -> list[str]:
    """Apertium's translation of each of ``items`` on its own."""
    if shutil.which("apertium") is None:
        raise ApertiumMissing("Apertium is not installed: apt-get install apertium-nno-nob")
    text = "".join(f"{item} .\n" for item in items)
    out = subprocess.run(["apertium", "-n", mode], input=text, capture_output=True, text=True, check=True).stdout
    lines = out.split("\n")
    if len(lines) < len(items) or any(lines[len(items):]):
        raise RuntimeError(f"apertium {mode}: {len(items)} lines in, {len(lines)} out")
    return lines[:len(items)]


def make_table(texts: list[str], translate: Translate = apertium, progress=lambda message: None) -> dict:
    """The ``forms`` and ``stems`` tables for the corpus ``texts``."""
    stem = _stemmer().stemWord
    counts = Counter(w for text in texts for w in words(text) if not w.isdigit())
    corpus_stems = {stem(w) for w in counts}
    vocabulary = sorted(counts)

    nynorsk: set[str] = set()
    for mode in TO_NYNORSK:
        progress(f"{mode}: {len(vocabulary)} words of the theses")
        for line in translate(mode, vocabulary):
            nynorsk.update(w for w in words(line) if not w.isdigit())
    candidates = sorted(nynorsk)
    progress(f"{TO_BOKMAL}: {len(candidates)} nynorsk forms")

    forms: dict[str, str] = {}
    for form, line in zip(candidates, translate(TO_BOKMAL, candidates)):
        bokmal = words(line)
        if not bokmal or len(bokmal) > MAX_BOKMAL_WORDS or bokmal == [form]:
            continue
        if not any(stem(w) in corpus_stems for w in bokmal):
            continue  # no word of the theses: nothing for the search to match
        if counts[form] and counts[form] >= max(counts[w] for w in bokmal):
            continue  # the theses write it as often: a bokmål word
        forms[form] = " ".join(bokmal)

    # An unseen inflection of a form goes by its stem, to the bokmål the theses use most.
    by_stem: dict[str, Counter] = defaultdict(Counter)
    for form, bokmal in forms.items():
        form_stem = stem(form)
        if form_stem not in corpus_stems:
            by_stem[form_stem][bokmal] += sum(counts[w] for w in bokmal.split()) + 1
    stems = {s: options.most_common(1)[0][0] for s, options in sorted(by_stem.items())}
    return {"forms": dict(sorted(forms.items())), "stems": stems}


def corpus_texts(settings) -> list[str]:
    """What the lexical search indexes of the theses: each passage with its section's title."""
    from .index import corpus_passages

    return [f"{p.section_title}\n{p.text}" for p in corpus_passages(settings)]


def write_table(table: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)  # a reader never sees half a table


def main(settings, check: bool = False) -> int:
    t0 = time.perf_counter()
    path = Path(settings.nynorsk_words_file)
    try:
        table = make_table(corpus_texts(settings), progress=lambda m: print(f"  {m}", file=sys.stderr))
    except ApertiumMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    size = f"{len(table['forms'])} forms, {len(table['stems'])} stems"
    if check:
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        if current != table:
            print(f"{path} is not what Apertium makes from the corpus ({size}); "
                  "run python -m knowledge nynorsk-table", file=sys.stderr)
            return 1
        print(f"{path} is current ({size}, {time.perf_counter() - t0:.1f} s)")
        return 0
    write_table(table, path)
    print(f"{path}: {size} ({time.perf_counter() - t0:.1f} s)")
    return 0
