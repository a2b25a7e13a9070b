#!/usr/bin/env bash
# Held-out intent quality of the NLU model: macro F1, per intent, per language, worst confusions,
# and how often a held-out message would hit nlu_fallback.
#
#   bench/nlu_f1.sh            (from the project root; ~1 min on 2 cores)
#   KEEP=1 bench/nlu_f1.sh     keep the temp dir (split, model, Rasa's reports) for a closer look
#   SEED=7 bench/nlu_f1.sh     another split, to see how much the number depends on the draw
#   CONFIG=/tmp/x.yml bench/nlu_f1.sh   try a pipeline variant without touching config.yml
#
# Reads only config.yml and data/nlu.yml, so it works while domain/rules/stories are mid-edit, and
# never writes into models/ or results/.
set -euo pipefail

cd "$(dirname "$0")/.."
RASA=.venv-rasa/bin/rasa
PY=.venv-rasa/bin/python
SEED="${SEED:-42}"
CONFIG="${CONFIG:-config.yml}"
export RASA_TELEMETRY_ENABLED=false PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=3

WORK="$(mktemp -d -t nlu-f1.XXXXXX)"
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; else echo "outputs kept in $WORK"; fi

# A fixed seed makes runs comparable while the data and pipeline are tuned. Rasa's split is
# stratified per intent, so every intent is in the test set.
"$RASA" data split nlu -u data/nlu.yml --training-fraction 0.8 --random-seed "$SEED" \
  --out "$WORK/split" --quiet >"$WORK/split.log" 2>&1

"$RASA" train nlu -c "$CONFIG" --nlu "$WORK/split/training_data.yml" --out "$WORK/model" \
  --fixed-model-name nlu --quiet >"$WORK/train.log" 2>&1

# Rasa's own evaluation is the reference number. It undoes fallback predictions before scoring
# (so a confusion is not hidden behind nlu_fallback); the fallback rate is measured separately
# below. --no-plot: the confusion-matrix PNG alone costs ~10 s.
"$RASA" test nlu -m "$WORK/model/nlu.tar.gz" --nlu "$WORK/split/test_data.yml" \
  --out "$WORK/results" --no-plot --successes --quiet >"$WORK/test.log" 2>&1

# Second pass over the same test messages with the full pipeline, FallbackClassifier included,
# because Rasa's report cannot tell how many messages would have fallen back. The language of
# each message comes from the `metadata: {lang: ...}` of its block in data/nlu.yml.
"$PY" - "$WORK" 2>"$WORK/parse.log" <<'PY'
import asyncio, json, logging, sys, collections
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

work = Path(sys.argv[1])
report = json.loads((work / "results/intent_report.json").read_text())
ignore = {"accuracy", "macro avg", "weighted avg", "micro avg"}

print(f"\n== intent macro F1 (rasa test nlu, held-out 20 %): {report['macro avg']['f1-score']:.3f}"
      f"   accuracy {report['accuracy']:.3f}")
print(f"{'intent':22} {'f1':>6} {'prec':>6} {'rec':>6} {'n':>4}")
for name, r in sorted(((k, v) for k, v in report.items() if k not in ignore),
                      key=lambda kv: kv[1]["f1-score"]):
    print(f"{name:22} {r['f1-score']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} {r['support']:4d}")

errors = json.loads((work / "results/intent_errors.json").read_text()) \
    if (work / "results/intent_errors.json").exists() else []
pairs = collections.Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
print("\n== worst confusions (gold -> predicted: count)")
for (gold, pred), n in pairs.most_common(10):
    print(f"  {gold} -> {pred}: {n}")
print("\n== misclassified test messages")
for e in sorted(errors, key=lambda e: e["intent"]):
    print(f"  [{e['intent']} -> {e['intent_prediction']['name']} "
          f"{e['intent_prediction']['confidence']:.2f}] {e['text']}")

# Language tags from the source file (the split writer drops block metadata).
lang_of, intent_of = {}, collections.defaultdict(set)
for block in yaml.safe_load(Path("data/nlu.yml").read_text())["nlu"]:
    if "intent" not in block:
        continue
    lang = (block.get("metadata") or {}).get("lang", "?")
    for line in block["examples"].splitlines():
        if line.startswith("-"):
            text = line[1:].strip()
            lang_of[text] = lang
            intent_of[text.lower()].add(block["intent"])
clashes = {t: i for t, i in intent_of.items() if len(i) > 1}
if clashes:
    print("\n== WARNING: the same text (case-insensitive) is labelled with several intents")
    for t, i in clashes.items():
        print(f"  {t!r}: {sorted(i)}")

test = yaml.safe_load((work / "split/test_data.yml").read_text())["nlu"]
items = [(line[1:].strip(), b["intent"]) for b in test if "intent" in b
         for line in b["examples"].splitlines() if line.startswith("-")]

from rasa.core.agent import Agent
from rasa.utils.log_utils import configure_structlog

configure_structlog(logging.WARNING)  # else every parse is logged to stdout

agent = Agent.load(str(work / "model/nlu.tar.gz"))

async def parse_all():
    return [await agent.parse_message(text) for text, _ in items]

parsed = asyncio.run(parse_all())
fallbacks = []
golds, preds, langs, tops, gaps = [], [], [], [], []
for (text, gold), p in zip(items, parsed):
    ranking = [r for r in p["intent_ranking"] if r["name"] != "nlu_fallback"]
    golds.append(gold)
    preds.append(ranking[0]["name"])
    langs.append(lang_of.get(text, "?"))
    tops.append(ranking[0]["confidence"])
    gaps.append(ranking[0]["confidence"] - (ranking[1]["confidence"] if len(ranking) > 1 else 0))
    if p["intent"]["name"] == "nlu_fallback":
        fallbacks.append((gold, ranking[0]["name"], ranking[0]["confidence"], text))

labels = sorted(set(golds))
print("\n== per language (macro F1 over the intents present in that language's test messages)")
for lang in sorted(set(langs)):
    idx = [i for i, l in enumerate(langs) if l == lang]
    g = [golds[i] for i in idx]; p = [preds[i] for i in idx]
    f1 = f1_score(g, p, labels=sorted(set(g)), average="macro", zero_division=0)
    acc = sum(a == b for a, b in zip(g, p)) / len(g)
    print(f"  {lang}: n={len(idx):3d}  macro F1 {f1:.3f}  accuracy {acc:.3f}")

fb_non_q = [f for f in fallbacks if f[0] not in ("ask_question",)]
print(f"\n== nlu_fallback on held-out messages: {len(fallbacks)}/{len(items)} "
      f"({len(fallbacks) / len(items):.1%}); of these, gold not ask_question: {len(fb_non_q)}")
print("   (a fallback is routed to the knowledge action, i.e. treated like ask_question)")
for gold, pred, conf, text in sorted(fallbacks):
    print(f"  [{gold} -> {pred} {conf:.2f}] {text}")

# What other thresholds would do: a fallback on a correct prediction costs a canned reply (the
# knowledge action answers "takk" instead), a fallback on a wrong one saves a wrong canned reply.
# Ambiguity threshold kept at Rasa's default 0.1, as in config.yml.
print("\n== threshold   fallback   correct->fallback   wrong->caught   wrong left")
for th in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
    fb = [t < th or gp < 0.1 for t, gp in zip(tops, gaps)]
    ok = [g == p for g, p in zip(golds, preds)]
    print(f"   {th:.2f}       {sum(fb) / len(fb):6.1%}   {sum(f and o for f, o in zip(fb, ok)):10d}"
          f"          {sum(f and not o for f, o in zip(fb, ok)):8d}"
          f"     {sum(not f and not o for f, o in zip(fb, ok)):8d}")
PY
