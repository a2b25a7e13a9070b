"""Retrieval quality, scope decisions, latency and memory of ``knowledge/``.

    .venv/bin/python -m bench.knowledge_eval [--devset tests/knowledge/devset.jsonl]
                                             [--rebuild] [--json FILE] [--no-dense|--no-bm25]

Reads the development set (one JSON object per line: ``question``, ``lang``,
``in_scope``, ``gold`` = the sections that answer it, ``split`` = dev |
heldout) and prints recall@1/5/10 and MRR@10 per language, thesis and split,
out-of-scope precision/recall, wrongly refused answerable questions, query and
answer latency (model loaded, p50/p95), index build and adaptation time (from
the manifests, or measured with ``--rebuild``) and the peak memory of this
process.

A hit is a top-k passage from any gold section. The scope threshold was set on
the ``dev`` split; ``heldout`` was not looked at while tuning (see README).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

DEFAULT_DEVSET = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "devset.jsonl"


def load_devset(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _gold(row: dict) -> set[tuple[str, str]]:
    return {(g["thesis"], g["section"]) for g in row["gold"]}


def first_hit_rank(results, gold: set[tuple[str, str]]) -> int | None:
    for r in results:
        p = r.passage
        if (p.thesis, p.section or p.section_key) in gold:
            return r.rank
    return None


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def evaluate(kb, rows: list[dict], k_max: int = 10) -> dict:
    """Rank, scope decision and latency for every question (after one warm-up)."""
    kb.retrieve("Hva betyr samskaping?", top_k=k_max)
    per_row = []
    for row in rows:
        t0 = time.perf_counter()
        retrieval = kb.retrieve(row["question"], top_k=k_max)
        elapsed = time.perf_counter() - t0
        rank = first_hit_rank(retrieval.results, _gold(row)) if row["in_scope"] else None
        per_row.append({**row, "rank": rank, "predicted_in_scope": retrieval.in_scope,
                        "scope_score": retrieval.scope_score, "dense_best": retrieval.best_dense_score,
                        "coverage": retrieval.lexical_coverage,
                        "search_ms": elapsed * 1000,
                        "top": [f"{r.passage.thesis}:{r.passage.section or r.passage.section_key}"
                                for r in retrieval.results[:5]]})
    return {"rows": per_row}


def recall_table(rows: list[dict]) -> list[tuple[str, int, float, float, float, float]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if not r["in_scope"]:
            continue
        groups["all"].append(r)
        groups[f"lang={r['lang']}"].append(r)
        groups[f"thesis={r['thesis']}"].append(r)
        groups[f"split={r['split']}"].append(r)
        if r.get("typo"):
            groups["typos"].append(r)
    out = []
    for name in sorted(groups, key=lambda g: (g != "all", g)):
        rs = groups[name]
        ranks = [r["rank"] for r in rs]
        rec = lambda k: sum(1 for x in ranks if x is not None and x <= k) / len(ranks)  # noqa: E731
        mrr = sum(1 / x for x in ranks if x is not None and x <= 10) / len(ranks)
        out.append((name, len(rs), rec(1), rec(5), rec(10), mrr))
    return out


def scope_stats(rows: list[dict]) -> dict[str, dict]:
    out = {}
    for split in ("all", "dev", "heldout"):
        rs = [r for r in rows if split == "all" or r["split"] == split]
        oos = [r for r in rs if not r["in_scope"]]
        ins = [r for r in rs if r["in_scope"]]
        refused = [r for r in rs if not r["predicted_in_scope"]]
        true_refusals = [r for r in refused if not r["in_scope"]]
        out[split] = {
            "oos": len(oos), "answerable": len(ins),
            "oos_recall": len(true_refusals) / len(oos) if oos else float("nan"),
            "oos_precision": len(true_refusals) / len(refused) if refused else float("nan"),
            "wrongly_refused": len(refused) - len(true_refusals),
        }
    return out


def answer_latency(kb, rows: list[dict]) -> list[float]:
    times = []
    for row in rows:
        # A fresh query each time: the query-embedding cache must not flatter it.
        kb._query_cache.clear() if hasattr(kb, "_query_cache") else None
        t0 = time.perf_counter()
        kb.answer(row["question"])
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--rebuild", action="store_true",
                        help="time a full index build in a temporary cache dir (model adaptation reused)")
    parser.add_argument("--json", type=Path, help="also write per-question results here")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--quick", action="store_true", help="skip the answer() latency run")
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from knowledge.retrieval import KnowledgeBase
    from knowledge.settings import get_settings

    settings = get_settings()
    t0 = time.perf_counter()
    kb = KnowledgeBase(settings)
    kb.encoder.model  # noqa: B018 - load now, so latency below is with the model loaded
    load_s = time.perf_counter() - t0
    rows = load_devset(args.devset)

    result = evaluate(kb, rows)
    per = result["rows"]
    search_ms = [r["search_ms"] for r in per]
    answer_ms = [] if args.quick else answer_latency(kb, rows)

    print(f"\nDevelopment set: {args.devset} ({len(rows)} questions, "
          f"{sum(r['in_scope'] for r in rows)} answerable, {sum(not r['in_scope'] for r in rows)} out of scope)\n")
    print(f"{'group':<14} {'n':>3} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7}")
    for name, n, r1, r5, r10, mrr in recall_table(per):
        print(f"{name:<14} {n:>3} {r1:>6.2f} {r5:>6.2f} {r10:>6.2f} {mrr:>7.3f}")
    print()
    for split, s in scope_stats(per).items():
        print(f"scope [{split:<7}] out-of-scope refused {s['oos_recall']:.2f} ({s['oos']}), "
              f"refusal precision {s['oos_precision']:.2f}, answerable wrongly refused "
              f"{s['wrongly_refused']}/{s['answerable']}")
    print()
    print(f"search latency   p50 {_pct(search_ms, .5):6.1f} ms   p95 {_pct(search_ms, .95):6.1f} ms")
    print(f"answer latency   p50 {_pct(answer_ms, .5):6.1f} ms   p95 {_pct(answer_ms, .95):6.1f} ms")
    print(f"knowledge base load (model + index): {load_s:.1f} s")
    manifest = kb.corpus.manifest
    print(f"index build (manifest): {manifest.get('build_seconds')} s, {manifest.get('passage_count')} passages")
    adapt = getattr(kb.encoder, "adaptation_manifest", None)
    if adapt:
        print(f"model adaptation (manifest): {adapt.get('train_seconds')} s, {adapt.get('pairs')} pairs")
    print(f"peak memory (this process, RSS): {_peak_rss_mb():.0f} MB")

    if args.rebuild:
        import tempfile

        from knowledge.index import build_index
        with tempfile.TemporaryDirectory() as tmp:
            tmp_settings = settings.model_copy(update={"index_dir": Path(tmp) / "index"})
            t0 = time.perf_counter()
            build_index(tmp_settings, kb.encoder)
            print(f"index build (measured now): {time.perf_counter() - t0:.1f} s")

    if args.show_misses:
        for r in per:
            if r["in_scope"] and (r["rank"] is None or r["rank"] > 5):
                print(f"MISS {r['id']} rank={r['rank']} {r['question']!r} gold={[g['section'] for g in r['gold']]} "
                      f"top={r['top']}", file=sys.stderr)
            if r["in_scope"] != r["predicted_in_scope"]:
                print(f"SCOPE {r['id']} in_scope={r['in_scope']} score={r['scope_score']:.3f} {r['question']!r}",
                      file=sys.stderr)
    if args.json:
        args.json.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in per) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
