"""Answer quality, refusals, latency and memory of ``knowledge/``, on the dev and the frozen test set.

    .venv/bin/python -m bench.knowledge_eval [--set dev|test|both] [--json FILE] [--show-misses]

For every question of a set (bench/eval_data.py describes the files):

* passage recall@1/5/10 and MRR@10: the passage holding the answer sentence among the first k of
  the search (``any`` also counts passages holding an ``also`` sentence);
* section recall@5: a passage of the answer's section among the first five;
* quoted: the answer sentence is among the quotes the reply shows (most of its word triples);
* refusals: near-domain out-of-scope questions refused, answerable ones wrongly refused;
* per language (nb, nn, en) and for questions with typos;
* latency of ``search()`` and ``answer()`` (model loaded, query cache cleared, one thread), and
  this process's peak memory.

The test file must match its checksum in bench/frozen.py; the dev file is what the ranker,
the answerability classifier and every setting were tuned on. Quote the test figures.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.eval_data import DATA_DIR, gold_passages, load_rows, overlap, words
from bench.frozen import frozen_path


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _quoted(answer_sentence: str, quotes: list[str]) -> bool:
    """The reply shows the answer sentence: most of its word triples are in one quote."""
    needle = words(answer_sentence)
    return any(overlap(words(q), needle) >= 0.6 for q in quotes)


def evaluate(kb, rows: list[dict], k_max: int = 10) -> list[dict]:
    from knowledge.search import SearchOptions

    kb.search("Hva betyr samskaping?")  # warm-up: model, lingua
    out = []
    for row in rows:
        kb.searcher.clear_caches()
        t0 = time.perf_counter()
        result = kb.search(row["question"], SearchOptions(top_k=k_max))
        search_ms = (time.perf_counter() - t0) * 1000
        kb.searcher.clear_caches()
        t0 = time.perf_counter()
        answer = kb.answer(row["question"])
        answer_ms = (time.perf_counter() - t0) * 1000
        ids = [h.passage.id for h in result.top(k_max)]
        rec = {**row, "refused": not answer.in_scope, "answerable": result.answerable,
               "search_ms": search_ms, "answer_ms": answer_ms, "top": ids[:5],
               "quoted_sections": [f"{c.thesis}:{c.section}" for c in answer.citations]}
        if row["in_scope"]:
            primary, anyone = gold_passages(row, kb.passages)
            rec["rank"] = next((r for r, pid in enumerate(ids, 1) if pid in primary), None)
            rec["rank_any"] = next((r for r, pid in enumerate(ids, 1) if pid in anyone), None)
            sections = {(row["thesis"], row["section"])}
            rec["section_hit5"] = any((h.passage.thesis, h.passage.section_key) in sections for h in result.top(5))
            rec["quoted"] = _quoted(row["answer"], [q for c in answer.citations for q in c.quotes])
        out.append(rec)
    return out


def _recall(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else float("nan")


def _mrr(ranks: list[int | None]) -> float:
    return sum(1 / r for r in ranks if r is not None and r <= 10) / len(ranks) if ranks else float("nan")


def summary(per: list[dict]) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in per:
        if r["in_scope"]:
            groups["all"].append(r)
            groups[f"lang={r['lang']}"].append(r)
            groups[f"thesis={r['thesis']}"].append(r)
            if r.get("typo"):
                groups["typos"].append(r)
    table = {}
    for name, rs in groups.items():
        ranks = [r["rank"] for r in rs]
        table[name] = {"n": len(rs), "r1": _recall(ranks, 1), "r5": _recall(ranks, 5), "r10": _recall(ranks, 10),
                       "mrr10": _mrr(ranks), "r5_any": _recall([r["rank_any"] for r in rs], 5),
                       "section_r5": sum(r["section_hit5"] for r in rs) / len(rs),
                       "quoted": sum(r["quoted"] for r in rs) / len(rs),
                       "refused": sum(r["refused"] for r in rs) / len(rs)}
    oos = [r for r in per if not r["in_scope"]]
    return {"table": table, "oos": len(oos), "oos_refused": sum(r["refused"] for r in oos) / len(oos) if oos else None,
            "search_ms": [r["search_ms"] for r in per], "answer_ms": [r["answer_ms"] for r in per]}


def print_summary(name: str, s: dict) -> None:
    print(f"\n== {name}")
    print(f"{'group':<12} {'n':>4} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7} {'R@5any':>7} "
          f"{'secR@5':>7} {'quoted':>7} {'refused':>8}")
    for group in sorted(s["table"], key=lambda g: (g != "all", g)):
        t = s["table"][group]
        print(f"{group:<12} {t['n']:>4} {t['r1']:>6.3f} {t['r5']:>6.3f} {t['r10']:>6.3f} {t['mrr10']:>7.3f} "
              f"{t['r5_any']:>7.3f} {t['section_r5']:>7.3f} {t['quoted']:>7.3f} {t['refused']:>8.3f}")
    if s["oos"]:
        print(f"out of scope refused: {s['oos_refused']:.3f} of {s['oos']}")
    print(f"search p50 {_pct(s['search_ms'], .5):.1f} ms, p95 {_pct(s['search_ms'], .95):.1f} ms;  "
          f"answer p50 {_pct(s['answer_ms'], .5):.1f} ms, p95 {_pct(s['answer_ms'], .95):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--json", type=Path, help="write per-question results here (JSON lines)")
    parser.add_argument("--show-misses", action="store_true", help="list dev misses (never test ones)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from knowledge.base import KnowledgeBase

    t0 = time.perf_counter()
    kb = KnowledgeBase()
    kb.encoder.model  # noqa: B018 - load now, so latency below is with the model loaded
    load_s = time.perf_counter() - t0
    sets = {"dev": DATA_DIR / "knowledge-dev.jsonl", "test": frozen_path("knowledge-test.jsonl")}
    chosen = ["dev", "test"] if args.set == "both" else [args.set]
    all_rows = []
    for name in chosen:
        rows = load_rows(sets[name])
        per = evaluate(kb, rows)
        print_summary(f"{name} ({sets[name].name}: {sum(r['in_scope'] for r in rows)} answerable, "
                      f"{sum(not r['in_scope'] for r in rows)} out of scope)", summary(per))
        all_rows += [{**r, "set": name} for r in per]
        if args.show_misses and name == "dev":
            for r in per:
                if r["in_scope"] and (r["rank"] is None or r["rank"] > 5):
                    print(f"MISS {r['id']} rank={r['rank']} {r['question']!r} gold={r['section']} top={r['top']}",
                          file=sys.stderr)
                if r["in_scope"] == r["refused"]:
                    print(f"SCOPE {r['id']} in_scope={r['in_scope']} p={r['answerable']:.2f} {r['question']!r}",
                          file=sys.stderr)
    m = kb.corpus.manifest
    print(f"\nmodel: {m['model_id']}")
    print(f"index: {m['passage_count']} passages, {m.get('question_count', 0)} written questions, "
          f"FAISS {m.get('faiss_index')}, built in {m.get('build_seconds')} s")
    print(f"knowledge base load (model + index): {load_s:.1f} s; peak memory (RSS): {_peak_rss_mb():.0f} MB")
    if args.json:
        args.json.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in all_rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
