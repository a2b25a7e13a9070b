"""End-to-end latency and memory of the running product: questions through POST /api/chat.

    .venv/bin/python -m bench.chat_latency [--rounds 3]

Starts the three services on free ports (like the e2e tests), asks a fixed set of questions
sequentially, each followed by a follow-up on it («si mer om det» / «tell me more»), and prints
start-up times, p50/p95 latency of first questions and of follow-ups, each service's resident
memory with its processes, and the machine's load average before and after.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from bench.stack import running_stack

QUESTIONS = [
    "Hva betyr samskaping?",
    "Hvordan bygger jeg tillit i en samskapingsgruppe?",
    "Korleis kan leiarar gi frå seg kontroll?",
    "How do leaders anchor co-creation with politicians?",
    "Hvor mye tid bør vi sette av til samskaping?",
    "Hva er tillitsbasert ledelse?",
    "Hva er været i Bergen i morgen?",
    "hei",
]


def process_rss_mb(pid: int) -> list[tuple[int, str, float]]:
    """(pid, role, resident MB) of a service's process and its children (rasa-sdk's Sanic runs a
    supervisor and a worker process)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    out = []
    for i, proc in enumerate(procs):
        try:
            role = "main" if i == 0 else "child"
            out.append((proc.pid, role, proc.memory_info().rss / 2**20))
        except psutil.NoSuchProcess:
            continue
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, running_stack(
            Path(tmp), report=lambda name, seconds: print(f"{name:8s} healthy after {seconds:5.1f} s")) as running:
        gateway = running["gateway"].url()
        loadavg_before = [round(x, 2) for x in os.getloadavg()]
        started = time.monotonic()
        httpx.post(f"{gateway}/api/chat", json={"sender": "bench-warm", "message": QUESTIONS[0]}, timeout=300)
        print(f"first answer (knowledge index loaded) after {time.monotonic() - started:5.1f} s more")

        latencies: dict[str, list[float]] = {"question": [], "follow-up": [], "small talk": []}

        # One client for the run, as a browser keeps its connection: a new httpx client per request
        # (TLS context, connection) added ~40 ms of the bench's own to every figure.
        client = httpx.Client(timeout=120)

        def ask(sender: str, message: str) -> float:
            t0 = time.perf_counter()
            response = client.post(f"{gateway}/api/chat", json={"sender": sender, "message": message})
            response.raise_for_status()
            return (time.perf_counter() - t0) * 1000

        for round_ in range(args.rounds):
            for i, question in enumerate(QUESTIONS):
                sender = f"bench-{round_}-{i}"
                if question == "hei":
                    latencies["small talk"].append(ask(sender, question))
                    continue
                latencies["question"].append(ask(sender, question))
                more = "tell me more" if question.startswith(("How", "What")) else "si mer om det"
                latencies["follow-up"].append(ask(sender, more))
        print(f"\n{'kind':12s} {'n':>4s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
        for kind, values in latencies.items():
            print(f"{kind:12s} {len(values):4d} {statistics.median(values):8.0f} "
                  f"{percentile(values, 0.95):8.0f} {max(values):8.0f}")
        print(f"\n{'service':8s} {'RSS MB':>8s}  processes (pid role MB)")
        total = 0.0
        for name, service in running.items():
            procs = process_rss_mb(service.process.pid)
            tree = sum(mb for _, _, mb in procs)
            total += tree
            print(f"{name:8s} {tree:8.0f}  " + ", ".join(f"{pid} {role} {mb:.0f}" for pid, role, mb in procs))
        print(f"{'all':8s} {total:8.0f}")
        print(f"\nload average (1/5/15 min): before {loadavg_before}, after "
              f"{[round(x, 2) for x in os.getloadavg()]}")


if __name__ == "__main__":
    main()
