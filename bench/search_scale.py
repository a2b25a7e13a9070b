"""Search latency on a synthetic corpus about 100× the real one (~40,000 passages).

    .venv/bin/python -m bench.search_scale [--passages 40000] [--queries 200]

Each real passage, its sentences and its written questions are copied until the corpus holds
``--passages`` passages; every copy's vectors get a little noise (so FAISS cannot take
shortcuts on duplicates) and its text a copy marker (so BM25 sees distinct documents). Then the
dev questions are searched through the real ``Searcher`` — query analysis, one embedding, four
first-stage retrievers, features, the learned ranker and the answerability model — once with
FAISS choosing by size as configured (``faiss_flat_max``) and once with exact (flat) search
forced, and the latencies are printed. The embedding itself is done once per question up front,
so the figures are the search proper; bench/knowledge_eval.py times whole answers.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time

import numpy as np

from bench.eval_data import DATA_DIR, load_rows
from bench.knowledge_eval import _pct


def synthetic_corpus(corpus, factor: int, flat_max: int, rng: np.random.Generator):
    from dataclasses import replace

    from knowledge.index import CorpusIndex, make_faiss_index

    def noisy(m: np.ndarray) -> np.ndarray:
        out = m + rng.normal(scale=0.02, size=m.shape).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    n = len(corpus.passages)
    P = corpus.passage_matrix()
    Q = corpus.question_matrix()
    passages, sentences, sentence_vectors, questions = [], [], [], []
    p_blocks, q_blocks = [], []
    for k in range(factor):
        passages += [replace(p, id=f"{p.id}~{k}", text=f"{p.text} kopi{k}") for p in corpus.passages]
        sentences += corpus.sentences
        sentence_vectors += [noisy(v) if len(v) else v for v in corpus.sentence_vectors]
        questions += [(i + k * n, q) for i, q in corpus.questions]
        p_blocks.append(noisy(P))
        q_blocks.append(noisy(Q))
    vectors = np.ascontiguousarray(np.concatenate(p_blocks), dtype=np.float32)
    qvectors = np.ascontiguousarray(np.concatenate(q_blocks), dtype=np.float32)
    return CorpusIndex(passages, make_faiss_index(vectors, flat_max), dict(corpus.manifest),
                       sentences=sentences, sentence_vectors=sentence_vectors, questions=questions,
                       question_vectors=make_faiss_index(qvectors, flat_max))


def time_searches(searcher, queries, vectors) -> list[float]:
    times = []
    for query, vector in zip(queries, vectors):
        searcher._cache[searcher.analyzer.normalise_query(query.dense_text)] = vector
        t0 = time.perf_counter()
        searcher.search(query)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=40_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    from knowledge.base import KnowledgeBase
    from knowledge.search import Searcher

    kb = KnowledgeBase()
    rows = load_rows(DATA_DIR / "knowledge-dev.jsonl")[:args.queries]
    queries = [kb.analyser.analyse(r["question"]) for r in rows]
    queries = [q for q in queries if not q.problem]
    vectors = [kb.searcher.embed(kb.searcher.analyzer.normalise_query(q.dense_text)) for q in queries]
    factor = max(1, round(args.passages / len(kb.passages)))
    print(f"real corpus: {len(kb.passages)} passages, {len(kb.corpus.questions)} written questions; "
          f"synthetic: ×{factor}")
    real = time_searches(kb.searcher, queries, vectors)
    print(f"real corpus search:       p50 {_pct(real, .5):6.1f} ms  p95 {_pct(real, .95):6.1f} ms")
    rng = np.random.default_rng(7)
    settings = kb.settings
    for label, flat_max in (("as configured", settings.faiss_flat_max), ("exact (flat) forced", 10**9)):
        t0 = time.perf_counter()
        corpus = synthetic_corpus(kb.corpus, factor, flat_max, rng)
        searcher = Searcher(corpus, kb.encoder, settings, kb.analyser, kb.searcher.ranker, kb.searcher.answerable_model)
        built = time.perf_counter() - t0
        times = time_searches(searcher, queries, vectors)
        print(f"{len(corpus.passages):,} passages, {len(corpus.questions):,} questions, "
              f"FAISS {type(corpus.vectors).__name__}/{type(corpus.question_vectors).__name__} "
              f"({label}; built in {built:.0f} s): search p50 {_pct(times, .5):6.1f} ms  p95 {_pct(times, .95):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
