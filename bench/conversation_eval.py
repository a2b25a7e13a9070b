"""Conversations with follow-ups, played through the running product as a user would.

    .venv/bin/python -m bench.conversation_eval [--set dev|test|both]

Starts gateway, Rasa and action server (SQLite, free ports), plays every conversation of a file
through POST /api/chat with a fresh sender, and judges each turn as a reader would check it:

* answered: the reply quotes the theses;
* right thesis: its first quote is from the thesis the turn expects;
* on topic: a quote comes from one of the sections the turn lists for that thesis.

A turn counts when all three hold. Reported per turn kind (question, more, other_thesis, example,
practice, define, why, elliptical) and per language. Files: the dev conversations
(tests/conversations/followups.yml, also played by tests/e2e/test_followup_conversations.py) and
the frozen test conversations (bench/data/conversations-test.yml, checksum in bench/frozen.py).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import httpx
import yaml

from bench.frozen import frozen_path

ROOT = Path(__file__).resolve().parent.parent
DEV_FILE = ROOT / "tests" / "conversations" / "followups.yml"


def load_conversations(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]


def judge(turn: dict, messages: list[dict]) -> tuple[bool, str]:
    """Whether a reply answers the turn on its topic, and if not, why not."""
    citations = [c for m in messages for c in m.get("citations") or []]
    if not citations:
        return False, "not answered: " + " | ".join((m.get("text") or "")[:80] for m in messages)
    expected = str(turn["thesis"])
    first = citations[0]
    if expected != "any" and first["thesis"] != expected:
        return False, f"thesis {first['thesis']}, expected {expected}"
    cited = {(c["thesis"], c["passage_id"].split(":")[1]) for c in citations}
    wanted = {(t, str(s)) for s in turn["sections"] for t in ((expected,) if expected != "any" else ("000", "001"))}
    if not cited & wanted:
        return False, f"sections {sorted(cited)}, expected one of {sorted(s for _, s in wanted)}"
    return True, ""


def play(chat, conversation: dict, sender: str) -> list[dict]:
    """Plays one conversation; returns one record per turn."""
    out = []
    for number, turn in enumerate(conversation["turns"], start=1):
        response = chat(sender, turn["user"])
        messages = response.json().get("messages", []) if response.status_code == 200 else []
        ok, why = judge(turn, messages) if response.status_code == 200 else (False, f"HTTP {response.status_code}")
        out.append({"conversation": conversation["id"], "turn": number, "kind": turn["kind"],
                    "lang": conversation.get("lang"), "ok": ok, "why": why, "user": turn["user"]})
    return out


def report(name: str, records: list[dict]) -> None:
    def rate(rs):
        return f"{sum(r['ok'] for r in rs)}/{len(rs)} ({sum(r['ok'] for r in rs) / len(rs):.0%})" if rs else "-"

    follow = [r for r in records if r["kind"] != "question"]
    print(f"\n== {name}: all turns {rate(records)}; follow-ups {rate(follow)}; first questions "
          f"{rate([r for r in records if r['kind'] == 'question'])}")
    by_kind, by_lang = defaultdict(list), defaultdict(list)
    for r in records:
        by_kind[r["kind"]].append(r)
        by_lang[r["lang"]].append(r)
    print("   by kind: " + ", ".join(f"{k} {rate(v)}" for k, v in sorted(by_kind.items())))
    print("   by language: " + ", ".join(f"{k} {rate(v)}" for k, v in sorted(by_lang.items())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--show-misses", action="store_true", help="list the dev turns that failed")
    args = parser.parse_args(argv)
    from bench.stack import running_stack

    files = {"dev": DEV_FILE, "test": frozen_path("conversations-test.yml")}
    chosen = ["dev", "test"] if args.set == "both" else [args.set]
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as running:
        gateway = running["gateway"].url()

        def chat(sender: str, message: str) -> httpx.Response:
            return httpx.post(f"{gateway}/api/chat", json={"sender": sender, "message": message}, timeout=120)

        for name in chosen:
            records = []
            for conversation in load_conversations(files[name]):
                records += play(chat, conversation, f"bench-{name}-{conversation['id']}")
            report(f"{name} ({files[name].name}, {len({r['conversation'] for r in records})} conversations)", records)
            if args.show_misses and name == "dev":
                for r in records:
                    if not r["ok"]:
                        print(f"   MISS {r['conversation']}.{r['turn']} [{r['kind']}] «{r['user']}»: {r['why']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
