"""Fit the second-stage ranker and the answerability classifier on the dev set.

    .venv/bin/python -m bench.learn_ranking [--dev bench/data/knowledge-dev.jsonl] [--dry-run]

Both are logistic regressions (scikit-learn), fitted on the DEV questions only; the frozen test
set is never read here.

* Ranker: for each answerable dev question, every first-stage candidate is a row; a candidate
  holding the answer sentence (or an ``also`` sentence) is a positive. The regularisation is
  chosen by 5-fold cross-validation over questions (grouped, so no question is in both halves),
  by MRR@10.
* Answerability: one row per dev question (answerable = 1, near-domain out of scope = 0), on
  features computed with the ranker's cross-validated scores. The threshold is the 5th percentile
  of the cross-validated probabilities of the answerable questions, so at most ~5 % of them are
  refused.

* Sentence chooser: for each answerable dev question, the sentences of the passage holding the
  answer; the answer sentence (or an ``also`` one) is a positive. Regularisation by grouped
  5-fold cross-validation, by how often the best-scored sentence is an answering one.

Writes ``knowledge/weights/ranker.json``, ``answerable.json`` and ``sentences.json`` with what
they were fitted on and their cross-validated dev figures.
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

import numpy as np

from bench.eval_data import DATA_DIR, file_sha256, gold_passages, load_rows, overlap, words

DEV_FILE = DATA_DIR / "knowledge-dev.jsonl"
SEED = 42
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def _kb_without_models():
    """The knowledge base with no learned models, so the searcher yields raw candidates."""
    from knowledge.base import KnowledgeBase
    from knowledge.settings import get_settings

    settings = get_settings().model_copy(update={"weights_dir": Path(tempfile.mkdtemp(prefix="no-weights-"))})
    return KnowledgeBase(settings)


def collect(kb, rows: list[dict]):
    """Candidates, labels and groups for every dev question."""
    data = []
    for row in rows:
        query = kb.analyser.analyse(row["question"])
        cand = kb.searcher.candidates(query)
        if row["in_scope"]:
            _, gold = gold_passages(row, kb.passages)
            labels = np.array([kb.passages[i].id in gold for i in cand.indices], dtype=int)
        else:
            labels = np.zeros(len(cand.indices), dtype=int)
        data.append((row, cand, labels))
    return data


def _mrr(scores_per_q: list[np.ndarray], labels_per_q: list[np.ndarray], k: int = 10) -> float:
    total = 0.0
    for scores, labels in zip(scores_per_q, labels_per_q):
        order = np.argsort(-scores, kind="stable")[:k]
        hit = next((r for r, j in enumerate(order, start=1) if labels[j]), None)
        total += 1.0 / hit if hit else 0.0
    return total / max(len(scores_per_q), 1)


def _recall(scores_per_q, labels_per_q, k: int = 5) -> float:
    return float(np.mean([labels[np.argsort(-scores, kind="stable")[:k]].any()
                          for scores, labels in zip(scores_per_q, labels_per_q)]))


def _fit_lr(x: np.ndarray, y: np.ndarray, c: float, balanced: bool = False):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
    model.fit((x - scaler.mean_) / scale, y)
    return scaler.mean_, scale, model.coef_[0], float(model.intercept_[0])


def _logits(params, x: np.ndarray) -> np.ndarray:
    mean, scale, coef, intercept = params
    return ((x - mean) / scale) @ coef + intercept


def fit_ranker(data, folds: int = 5):
    from sklearn.model_selection import GroupKFold

    answerable = [(row, cand, labels) for row, cand, labels in data if row["in_scope"] and len(cand.indices)]
    groups = np.concatenate([[n] * len(c.indices) for n, (_, c, _) in enumerate(answerable)])
    x = np.concatenate([c.features for _, c, _ in answerable])
    y = np.concatenate([labels for _, _, labels in answerable])
    splitter = GroupKFold(n_splits=folds)
    best = None
    cv_scores: dict[float, list[np.ndarray]] = {}
    for c in C_GRID:
        out = [None] * len(answerable)
        for train, test in splitter.split(x, y, groups):
            params = _fit_lr(x[train], y[train], c)
            test_q = sorted(set(groups[test]))
            for q in test_q:
                mask = groups == q
                out[q] = _logits(params, x[mask])
        mrr = _mrr(out, [lab for _, _, lab in answerable])
        rec = _recall(out, [lab for _, _, lab in answerable])
        print(f"  ranker C={c:<5} cross-validated dev MRR@10 {mrr:.3f}  recall@5 {rec:.3f}")
        cv_scores[c] = out
        if best is None or mrr > best[1]:
            best = (c, mrr, rec)
    c, mrr, rec = best
    # How good the answering passage's (cross-validated) score is: a follow-up on a topic already
    # found answerable shows a passage only if it scores like the answering passage of 90 % of
    # answerable dev questions (knowledge/search.py, SearchOptions.on_topic).
    gold_scores = [float(s[lab.astype(bool)].max()) for s, (_, _, lab) in zip(cv_scores[c], answerable) if lab.any()]
    floor = float(np.percentile(gold_scores, 10))
    first_stage = [c_.fused for _, c_, _ in answerable]
    info = {"C": c, "on_topic_floor": round(floor, 4), "dev_questions": len(answerable), "dev_rows": int(len(y)),
            "dev_positives": int(y.sum()),
            "cv_dev_mrr10": round(mrr, 4), "cv_dev_recall5": round(rec, 4),
            "first_stage_dev_mrr10": round(_mrr(first_stage, [lab for _, _, lab in answerable]), 4),
            "first_stage_dev_recall5": round(_recall(first_stage, [lab for _, _, lab in answerable]), 4)}
    print(f"  first stage alone (fused ranks): dev MRR@10 {info['first_stage_dev_mrr10']:.3f}  "
          f"recall@5 {info['first_stage_dev_recall5']:.3f}")
    # Cross-validated scores of every dev question (answerable ones from the folds above; the
    # out-of-scope ones, never in the ranker's training data, from the final model).
    params = _fit_lr(x, y, c)
    cv_by_id = {row["id"]: s for (row, _, _), s in zip(answerable, cv_scores[c])}
    return params, info, cv_by_id


def fit_answerable(kb, data, cv_rank_scores: dict, params, folds: int = 5, max_refused: float = 0.05):
    from sklearn.model_selection import StratifiedKFold

    rows, xs, ys = [], [], []
    for row, cand, _ in data:
        if not len(cand.indices):
            continue
        scores = cv_rank_scores.get(row["id"])
        if scores is None:
            scores = _logits(params, cand.features)
        rows.append(row)
        xs.append(kb.searcher.answerability_row(cand, scores))
        ys.append(int(row["in_scope"]))
    x, y = np.array(xs), np.array(ys)
    best = None
    for c in C_GRID:
        prob = np.zeros(len(y))
        for train, test in StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED).split(x, y):
            p = _fit_lr(x[train], y[train], c, balanced=True)
            prob[test] = 1 / (1 + np.exp(-_logits(p, x[test])))
        threshold = float(np.quantile(prob[y == 1], max_refused))
        refused_in = float(np.mean(prob[y == 1] < threshold))
        refused_out = float(np.mean(prob[y == 0] < threshold))
        print(f"  answerable C={c:<5} threshold {threshold:.3f}: cross-validated dev answerable refused "
              f"{refused_in:.1%}, out of scope refused {refused_out:.1%}")
        if best is None or refused_out > best[2]:
            best = (c, threshold, refused_out, refused_in)
    c, threshold, refused_out, refused_in = best
    final = _fit_lr(x, y, c, balanced=True)
    info = {"C": c, "dev_answerable": int(y.sum()), "dev_out_of_scope": int((1 - y).sum()),
            "cv_dev_out_of_scope_refused": round(refused_out, 4), "cv_dev_answerable_refused": round(refused_in, 4)}
    return final, threshold, info


def _answers_it(sentence: str, row: dict) -> bool:
    needle_sets = [words(row["answer"])] + [words(a) for a in row.get("also", [])]
    have = words(sentence)
    return any(overlap(have, needle) >= 0.6 or overlap(needle, have) >= 0.8 for needle in needle_sets if needle)


def fit_sentences(kb, data, folds: int = 5):
    """Rows: the sentences of each answerable dev question's gold passage(s)."""
    from sklearn.model_selection import GroupKFold

    from knowledge.features import idf

    xs, ys, groups = [], [], []
    searcher = kb.searcher
    for n, (row, cand, labels) in enumerate(data):
        if not row["in_scope"]:
            continue
        terms = searcher.query_terms(cand.query)
        weights = {t: idf(searcher._df.get(t, 0), len(kb.passages)) for t in terms}
        for j in np.flatnonzero(labels):
            i = int(cand.indices[j])
            sentences = searcher._sentences[i]
            y = np.array([_answers_it(s, row) for s in sentences], dtype=int)
            if not y.any():
                continue
            xs.append(searcher.sentence_rows(i, cand.question_vector, terms, weights))
            ys.append(y)
            groups.append(n)
    groups_arr = np.concatenate([[g] * len(y) for g, y in zip(groups, ys)])
    x, y = np.concatenate(xs), np.concatenate(ys)
    baseline = float(np.mean([yy[np.argmax(xx[:, 0])] for xx, yy in zip(xs, ys)]))
    best = None
    for c in C_GRID:
        hits = []
        for train, test in GroupKFold(n_splits=folds).split(x, y, groups_arr):
            params = _fit_lr(x[train], y[train], c)
            test_groups = set(groups_arr[test])
            hits += [yy[np.argmax(_logits(params, xx))] for g, xx, yy in zip(groups, xs, ys) if g in test_groups]
        rate = float(np.mean(hits))
        print(f"  sentences C={c:<5} cross-validated dev: best-scored sentence answers {rate:.3f} "
              f"(by cosine alone {baseline:.3f}; {len(xs)} passages)")
        if best is None or rate > best[1]:
            best = (c, rate)
    c, rate = best
    info = {"C": c, "dev_passages": len(xs), "cv_dev_top_sentence_answers": round(rate, 4),
            "cosine_top_sentence_answers": round(baseline, 4)}
    return _fit_lr(x, y, c), info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV_FILE)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    from knowledge.features import RANK_FEATURES, answerable_feature_names
    from knowledge.features import SENTENCE_FEATURES
    from knowledge.learned import ANSWERABLE_FILE, RANKER_FILE, SENTENCES_FILE, LinearModel
    from knowledge.settings import get_settings

    rows = load_rows(args.dev)
    kb = _kb_without_models()
    print(f"dev set {args.dev.name}: {sum(r['in_scope'] for r in rows)} answerable, "
          f"{sum(not r['in_scope'] for r in rows)} out of scope")
    data = collect(kb, rows)
    params, rank_info, cv_scores = fit_ranker(data)
    answer_params, threshold, answer_info = fit_answerable(kb, data, cv_scores, params)
    sentence_params, sentence_info = fit_sentences(kb, data)
    source = {"dev_file": args.dev.name, "dev_sha256": file_sha256(args.dev),
              "index_corpus_checksum": kb.corpus.manifest["corpus_checksum"], "model_id": kb.corpus.manifest["model_id"]}
    ranker = LinearModel(RANK_FEATURES, *params, info={**rank_info, **source})
    answerable = LinearModel(answerable_feature_names(kb.corpus.vectors.d), *answer_params, threshold=threshold, info={**answer_info, **source})
    sentences = LinearModel(SENTENCE_FEATURES, *sentence_params, info={**sentence_info, **source})
    for name, model in (("ranker", ranker), ("answerable", answerable), ("sentences", sentences)):
        top = sorted(((f, w) for f, w in zip(model.features, model.coef) if not f.startswith("embedding_")),
                     key=lambda fc: -abs(fc[1]))[:8]
        print(f"  {name} strongest weights: " + ", ".join(f"{f} {w:+.2f}" for f, w in top))
    if args.dry_run:
        return 0
    weights = get_settings().weights_dir
    ranker.save(weights / RANKER_FILE)
    answerable.save(weights / ANSWERABLE_FILE)
    sentences.save(weights / SENTENCES_FILE)
    print(f"wrote {RANKER_FILE}, {ANSWERABLE_FILE} and {SENTENCES_FILE} to {weights}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
