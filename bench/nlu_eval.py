"""Intent quality on the frozen NLU test file and by 5-fold cross-validation on the training data.

    .venv/bin/python -m bench.nlu_eval [--skip-cv] [--json FILE]

1. Frozen test (bench/data/nlu-test.yml, checksum in bench/frozen.py): a model trained on all of
   data/nlu.yml with config.yml parses every test message. Reported: macro F1 and accuracy, per
   language; per intent; the content questions (ask_question, and the look-alikes among them)
   that the classifier gives to small talk, help, «vis resultatet», a check start or a command;
   and, because the product does not act on the intent alone, the same after routing
   (actions/routing.py with the real knowledge base): which of them would still be hijacked.
   Commands and small talk: recall of those intents (how many are still recognised).
2. 5-fold cross-validation on data/nlu.yml (Rasa's own ``rasa test nlu --cross-validation``),
   macro F1 overall and per language.

Rasa lives in .venv-rasa, the knowledge base in .venv: the Rasa side runs as a subprocess that
writes its predictions as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

from bench.frozen import frozen_path

ROOT = Path(__file__).resolve().parent.parent
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
# Intents a content question must never end up in (the hijacks the issue measured).
HIJACKERS = {"chitchat", "help", "show_result", "show_plan", "start_readiness", "start_plan", "greet",
             "goodbye", "thanks", "insult", "stop", "resume", "delete_data", "affirm", "deny"}
# Commands and small talk that must still be recognised.
COMMANDS = ["greet", "goodbye", "thanks", "help", "chitchat", "insult", "stop", "resume", "delete_data",
            "switch_to_english", "switch_to_norwegian", "show_result", "show_plan", "start_readiness",
            "start_plan", "join_cohort", "leave_cohort", "feedback_good", "feedback_bad", "affirm", "deny"]

_PARSE = r'''
import asyncio, json, logging, sys
from rasa.core.agent import Agent
from rasa.utils.log_utils import configure_structlog
configure_structlog(logging.WARNING)
agent = Agent.load(sys.argv[1])
texts = json.load(open(sys.argv[2]))
async def run():
    out = []
    for t in texts:
        p = await agent.parse_message(t)
        ranking = [r for r in p["intent_ranking"] if r["name"] != "nlu_fallback"]
        out.append({"text": t, "intent": p["intent"]["name"], "top": ranking[0]["name"],
                    "confidence": ranking[0]["confidence"]})
    return out
json.dump(asyncio.run(run()), open(sys.argv[3], "w"), ensure_ascii=False)
'''


def examples(path: Path) -> list[tuple[str, str, str, bool]]:
    """(text, intent, lang, look-alike) for every example of a Rasa NLU YAML file."""
    out = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" not in block:
            continue
        meta = block.get("metadata") or {}
        lookalikes = set(meta.get("lookalikes") or [])
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                text = line.strip()[2:].strip()
                out.append((text, block["intent"], meta.get("lang", "?"), text in lookalikes))
    return out


def _env() -> dict:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"}


def train_and_parse(work: Path, texts: list[str]) -> list[dict]:
    subprocess.run([str(RASA), "train", "nlu", "-c", "config.yml", "--nlu", "data/nlu.yml", "--out", str(work),
                    "--fixed-model-name", "nlu", "--quiet"], cwd=ROOT, env=_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (work / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    subprocess.run([str(RASA_PY), "-c", _PARSE, str(work / "nlu.tar.gz"), str(work / "texts.json"),
                    str(work / "parsed.json")], cwd=ROOT, env=_env(), check=True, stderr=subprocess.DEVNULL)
    return json.loads((work / "parsed.json").read_text(encoding="utf-8"))


def macro_f1(gold: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0))


def routed(parsed: dict, gold: str, kb) -> str:
    """What the product does with a message: the routing decision on top of the intent."""
    from actions.routing import FORM_STARTS, question_shaped, route

    intent = parsed["intent"]
    if intent == "nlu_fallback":
        return "ask_question"  # the rules send it to the knowledge action
    if intent not in HIJACKERS or intent in ("affirm", "deny", "resume"):
        return intent
    answerable = question_shaped(parsed["text"]) and intent not in FORM_STARTS and kb.search(parsed["text"]).in_scope
    decision = route(parsed["text"], intent, parsed["confidence"], answerable)
    return {"intent": intent, "answer": "ask_question", "ask": "ask_to_choose"}[decision]


def frozen_test(kb) -> dict:
    rows = examples(frozen_path("nlu-test.yml"))
    with tempfile.TemporaryDirectory() as tmp:
        parsed = train_and_parse(Path(tmp), [t for t, _, _, _ in rows])
    gold = [i for _, i, _, _ in rows]
    pred = [p["top"] for p in parsed]
    result = {"n": len(rows), "macro_f1": macro_f1(gold, pred),
              "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(rows), "by_language": {}}
    for lang in ("nb", "nn", "en"):
        idx = [k for k, (_, _, lg, _) in enumerate(rows) if lg == lang]
        result["by_language"][lang] = macro_f1([gold[k] for k in idx], [pred[k] for k in idx])
    questions = [(row, p) for row, p in zip(rows, parsed) if row[1] == "ask_question"]
    hijacked = [(row, p) for row, p in questions if p["intent"] in HIJACKERS]
    after = [(row, p, routed(p, row[1], kb)) for row, p in hijacked]
    still = [(row, p, r) for row, p, r in after if r != "ask_question"]
    result.update({
        "questions": len(questions), "lookalikes": sum(row[3] for row, _ in questions),
        "questions_to_other_intents": [(row[0], p["intent"]) for row, p in hijacked],
        "questions_hijacked_after_routing": [(row[0], p["intent"], r) for row, p, r in still],
    })
    commands = [(row, p) for row, p in zip(rows, parsed) if row[1] in COMMANDS]
    kept = [(row, p) for row, p in commands if routed(p, row[1], kb) == row[1]]
    result["commands_recognised"] = len(kept) / len(commands)
    result["commands_lost"] = [(row[0], row[1], routed(p, row[1], kb)) for row, p in commands
                               if routed(p, row[1], kb) != row[1]]
    per_intent = defaultdict(lambda: [0, 0])
    for g, p in zip(gold, pred):
        per_intent[g][1] += 1
        per_intent[g][0] += g == p
    result["recall_by_intent"] = {k: v[0] / v[1] for k, v in sorted(per_intent.items())}
    return result


def cross_validation(show: bool) -> dict:
    rows = examples(ROOT / "data" / "nlu.yml")
    lang_of = {t: lang for t, _, lang, _ in rows}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([str(RASA), "test", "nlu", "--nlu", "data/nlu.yml", "-c", "config.yml", "--cross-validation",
                        "-f", "5", "--out", tmp, "--successes", "--no-plot", "--quiet"], cwd=ROOT, env=_env(),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        outcomes = []
        for name in ("intent_successes.json", "intent_errors.json"):
            path = Path(tmp) / name
            if path.exists():
                outcomes += json.loads(path.read_text())
    gold = [o["intent"] for o in outcomes]
    pred = [o["intent_prediction"]["name"] for o in outcomes]
    result = {"n": len(outcomes), "macro_f1": macro_f1(gold, pred), "by_language": {}}
    for lang in ("nb", "nn", "en"):
        idx = [k for k, o in enumerate(outcomes) if lang_of.get(o["text"]) == lang]
        result["by_language"][lang] = macro_f1([gold[k] for k in idx], [pred[k] for k in idx])
    commands = [(g, p) for g, p in zip(gold, pred) if g in COMMANDS]
    result["commands_recognised"] = sum(g == p for g, p in commands) / len(commands)
    questions = [(o, p) for o, g, p in zip(outcomes, gold, pred) if g == "ask_question"]
    result["questions_to_hijackers"] = sum(p in HIJACKERS for _, p in questions) / len(questions)
    if show:  # the training data is the dev side: its misses may be read and worked on
        for o, g, p in zip(outcomes, gold, pred):
            if g != p and (g in COMMANDS or (g == "ask_question" and p in HIJACKERS)):
                print(f"   cv miss [{g} -> {p}] {o['text']}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--show-cv-misses", action="store_true", help="list cross-validation misses (dev data)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from knowledge import get_knowledge_base

    out = {"frozen_test": frozen_test(get_knowledge_base())}
    t = out["frozen_test"]
    print(f"frozen test ({t['n']} messages): intent macro F1 {t['macro_f1']:.3f}, accuracy {t['accuracy']:.3f}; "
          + ", ".join(f"{k} {v:.3f}" for k, v in t["by_language"].items()))
    print(f"content questions: {t['questions']} ({t['lookalikes']} look-alikes); given another intent by the "
          f"classifier: {len(t['questions_to_other_intents'])}; still hijacked after routing: "
          f"{len(t['questions_hijacked_after_routing'])}")
    # Only counts for the frozen file: its messages are never read while tuning (see --json).
    hijacks = defaultdict(int)
    for _, intent, r in t["questions_hijacked_after_routing"]:
        hijacks[f"{intent}->{r}"] += 1
    print("   after routing: " + (", ".join(f"{k} {v}" for k, v in hijacks.items()) or "none"))
    print(f"commands and small talk recognised after routing: {t['commands_recognised']:.3f} "
          f"({len(t['commands_lost'])} lost)")
    if not args.skip_cv:
        out["cross_validation"] = cv = cross_validation(args.show_cv_misses)
        print(f"5-fold cross-validation on data/nlu.yml ({cv['n']} messages): macro F1 {cv['macro_f1']:.3f}; "
              + ", ".join(f"{k} {v:.3f}" for k, v in cv["by_language"].items())
              + f"; commands recognised {cv['commands_recognised']:.3f}; content questions given a command "
              f"or small-talk intent {cv['questions_to_hijackers']:.3f} (before routing)")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
