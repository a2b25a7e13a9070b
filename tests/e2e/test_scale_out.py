"""Scale-out on real infrastructure: two Rasa servers, each with its own action server, share one
PostgreSQL tracker store and one Redis lock store behind one gateway, and users notice nothing.

Which Rasa server handled a message is read from PostgreSQL itself: every service names its
connections (PGAPPNAME, set by scripts/services.py), and pg_stat_activity shows when each
connection last ran a query. Rasa reads and writes the tracker store on every message, so the
server whose connections moved handled it. No debug logging and no message text are involved.
scripts/ensure_databases.sh (called by scripts/test.sh) makes sure PostgreSQL and Redis run.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import socket
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from scripts.processes import RunningService, free_port
from scripts.services import RedisLockStore, define
from tests.prometheus_text import sample
from tests.e2e.conftest import ARTIFACTS, START_TIMEOUT, start_all, stop_all

# user@host:port of a PostgreSQL role that may create databases; the CI machine's trusts postgres.
POSTGRES = os.environ.get("SAMSKAPING_TEST_POSTGRES", "postgres@127.0.0.1:5432")
REDIS_HOST = os.environ.get("SAMSKAPING_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("SAMSKAPING_TEST_REDIS_PORT", "6379"))
LOGS = ARTIFACTS / "scale-out"
RASA_SERVERS = ("rasa-1", "rasa-2")
READINESS_QUESTIONS = 15
# Sent in turn; the check scores them 2, 1 and 0.
ANSWERS = ["ja", "delvis", "nei"]
SCORES = {"ja": "2", "delvis": "1", "nei": "0"}
CONCURRENT_USERS = 20


def postgres_url(database: str) -> str:
    return f"postgresql+psycopg://{POSTGRES}/{database}"


def texts(response: httpx.Response) -> str:
    return "\n".join(m["text"] or "" for m in response.json()["messages"])


def question_numbers(response: httpx.Response) -> list[int]:
    return [int(n) for n in re.findall(rf"\((\d+)/{READINESS_QUESTIONS}\)", texts(response))]


def expected_answer(step: int) -> str:
    return ANSWERS[step % len(ANSWERS)]


class RedisMonitor:
    """Every command Redis runs, through its MONITOR command on a plain socket. It proves that the
    Rasa servers lock conversations in Redis: the lines carry key names (sender ids), no text."""

    def __init__(self, host: str, port: int):
        self._socket = socket.create_connection((host, port), timeout=5)
        self._socket.sendall(b"MONITOR\r\n")
        self._socket.settimeout(None)
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._socket.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            *complete, buffer = buffer.split(b"\r\n")
            self.lines.extend(line.decode(errors="replace") for line in complete)

    def locked_conversations(self, key_prefix: str) -> set[str]:
        pattern = re.compile(rf'"set" "{key_prefix}:lock:([^"]+)"', re.IGNORECASE)
        return {m.group(1) for line in list(self.lines) for m in pattern.finditer(line)}

    def close(self) -> None:
        self._socket.close()
        self._thread.join(timeout=5)


@dataclass
class ScaleOut:
    services: dict[str, RunningService]
    tracker_db: str
    tracker: Engine
    userdata: Engine
    admin: Engine
    key_prefix: str
    redis: RedisMonitor

    @property
    def gateway(self) -> str:
        return self.services["gateway"].url()

    def chat(self, sender: str, message: str, client: httpx.Client | None = None) -> httpx.Response:
        post = client.post if client else httpx.post
        response = post(f"{self.gateway}/api/chat", json={"sender": sender, "message": message}, timeout=120)
        assert response.status_code == 200, response.text
        return response

    def last_tracker_use(self) -> dict[str, datetime]:
        """When each Rasa server last queried the tracker store (pg_stat_activity is a snapshot
        per transaction, so each call opens its own)."""
        with self.admin.connect() as connection:
            rows = connection.execute(text(
                "SELECT application_name, max(query_start) FROM pg_stat_activity "
                "WHERE datname = :db AND application_name = ANY(:names) GROUP BY application_name"
            ), {"db": self.tracker_db, "names": list(RASA_SERVERS)}).all()
        return {name: started for name, started in rows}

    def chat_and_see_who_answered(self, sender: str, message: str) -> tuple[httpx.Response, str]:
        before = self.last_tracker_use()
        response = self.chat(sender, message)
        after = self.last_tracker_use()
        moved = [name for name in RASA_SERVERS if name in after and after[name] != before.get(name)]
        assert len(moved) == 1, f"expected exactly one Rasa server to use the tracker store, saw {moved}"
        return response, moved[0]

    def tracker_events(self, sender: str) -> list[tuple[str, str | None, dict]]:
        with self.tracker.connect() as connection:
            rows = connection.execute(text(
                "SELECT type_name, action_name, data FROM events WHERE sender_id = :sender ORDER BY id"
            ), {"sender": sender}).all()
        return [(type_name, action, json.loads(data)) for type_name, action, data in rows]

    def stored_results(self, senders: list[str]) -> dict[str, list[dict]]:
        with self.userdata.connect() as connection:
            rows = connection.execute(text(
                "SELECT sender, result FROM readiness_results WHERE sender = ANY(:senders)"
            ), {"senders": senders}).all()
        results: dict[str, list[dict]] = {}
        for sender, result in rows:
            results.setdefault(sender, []).append(json.loads(result) if isinstance(result, str) else result)
        return results


@pytest.fixture(scope="module")
def scale_out() -> ScaleOut:
    run = secrets.token_hex(4)
    tracker_db, userdata_db = f"samskaping_e2e_{run}_tracker", f"samskaping_e2e_{run}_userdata"
    admin = create_engine(postgres_url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for database in (tracker_db, userdata_db):
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    key_prefix = f"e2e{run}"  # Rasa accepts only alphanumeric prefixes
    definitions = define(
        host="127.0.0.1",
        gateway_port=free_port(),
        rasa_ports=[free_port(), free_port()],
        action_ports=[free_port(), free_port()],
        tracker_store_url=postgres_url(tracker_db),
        userdata_url=postgres_url(userdata_db),
        lock_store=RedisLockStore(host=REDIS_HOST, port=REDIS_PORT, key_prefix=key_prefix),
    )
    redis = RedisMonitor(REDIS_HOST, REDIS_PORT)
    running: dict[str, RunningService] = {}
    tracker = create_engine(postgres_url(tracker_db))
    userdata = create_engine(postgres_url(userdata_db))
    try:
        started = time.monotonic()
        running = start_all(definitions, LOGS)
        print(f"\nscale-out stack healthy after {time.monotonic() - started:.0f} s")
        yield ScaleOut(running, tracker_db, tracker, userdata, admin, key_prefix, redis)
    finally:
        stop_all(running)
        redis.close()
        tracker.dispose()
        userdata.dispose()
        with admin.connect() as connection:
            for database in (tracker_db, userdata_db):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def finish_readiness(scale_out: ScaleOut, sender: str, client: httpx.Client | None = None,
                     start: int = 0) -> tuple[list[int], httpx.Response]:
    """Answers the rest of a started check; returns the question numbers asked and the last reply."""
    asked: list[int] = []
    reply = None
    for step in range(start, READINESS_QUESTIONS):
        reply = scale_out.chat(sender, expected_answer(step), client)
        asked += question_numbers(reply)
    return asked, reply


def assert_every_answer_was_kept(scale_out: ScaleOut, senders: list[str]) -> None:
    results = scale_out.stored_results(senders)
    assert sorted(results) == sorted(senders), "a finished check was not stored"
    expected = Counter(SCORES[expected_answer(step)] for step in range(READINESS_QUESTIONS))
    for sender in senders:
        [result] = results[sender]
        answers = result["answers"]
        assert len(answers) == READINESS_QUESTIONS and None not in answers.values(), sender
        assert Counter(str(value) for value in answers.values()) == expected, sender


def assert_each_question_asked_and_answered_once(scale_out: ScaleOut, sender: str) -> None:
    """Read from the tracker store: the form requested each slot once, the advisor asked each
    question once and in order, and the form validation scored each answer once."""
    events = scale_out.tracker_events(sender)
    requested = [data["value"] for kind, _, data in events
                 if kind == "slot" and data.get("name") == "requested_slot" and data.get("value")]
    assert len(requested) == READINESS_QUESTIONS == len(set(requested)), (sender, requested)
    asked = [int(n) for kind, _, data in events if kind == "bot"
             for n in re.findall(rf"\((\d+)/{READINESS_QUESTIONS}\)", data.get("text") or "")]
    assert asked == list(range(1, READINESS_QUESTIONS + 1)), (sender, asked)
    # The validation turns each answer ("ja") into its score ("2").
    scored = [(data["name"], data["value"]) for kind, _, data in events
              if kind == "slot" and data.get("name") in requested and data.get("value") in SCORES.values()]
    assert scored == [(slot, SCORES[expected_answer(step)]) for step, slot in enumerate(requested)], sender
    user_messages = [kind for kind, _, _ in events if kind == "user"]
    assert len(user_messages) == READINESS_QUESTIONS + 1, sender


def test_one_users_messages_are_spread_over_both_rasa_servers(scale_out):
    handled_by = [scale_out.chat_and_see_who_answered("scale-spread", "/greet")[1] for _ in range(6)]
    print(f"\nmessages of one user per Rasa server: {dict(Counter(handled_by))} (in order: {handled_by})")
    assert Counter(handled_by) == {"rasa-1": 3, "rasa-2": 3}
    # Whichever server took a message, it saw the whole conversation: every turn is in one tracker.
    users = [kind for kind, _, _ in scale_out.tracker_events("scale-spread") if kind == "user"]
    assert len(users) == 6


def test_a_readiness_check_started_on_one_rasa_server_and_finished_on_the_other_keeps_every_answer(scale_out):
    sender = "scale-handover"
    first, started_on = scale_out.chat_and_see_who_answered(sender, "/start_readiness")
    asked, handled_by = question_numbers(first), [started_on]
    for step in range(READINESS_QUESTIONS):
        reply, server = scale_out.chat_and_see_who_answered(sender, expected_answer(step))
        asked += question_numbers(reply)
        handled_by.append(server)
    print(f"\nreadiness check: started on {started_on}, finished on {handled_by[-1]}, "
          f"per server {dict(Counter(handled_by))}")
    assert handled_by[-1] != started_on
    assert asked == list(range(1, READINESS_QUESTIONS + 1))
    assert any(m["image"] for m in reply.json()["messages"]), "the check did not end with its chart"
    assert_every_answer_was_kept(scale_out, [sender])
    assert_each_question_asked_and_answered_once(scale_out, sender)


def test_twenty_users_at_once_each_finish_the_check_with_no_lost_or_duplicated_step(scale_out):
    senders = [f"scale-crowd-{i:02d}" for i in range(CONCURRENT_USERS)]
    before = scale_out.last_tracker_use()
    latencies: list[float] = []

    def one_user(sender: str) -> list[int]:
        with httpx.Client() as client:
            t0 = time.perf_counter()
            asked = question_numbers(scale_out.chat(sender, "/start_readiness", client))
            latencies.append(time.perf_counter() - t0)
            for step in range(READINESS_QUESTIONS):
                t0 = time.perf_counter()
                reply = scale_out.chat(sender, expected_answer(step), client)
                latencies.append(time.perf_counter() - t0)
                asked += question_numbers(reply)
            assert any(m["image"] for m in reply.json()["messages"]), sender
            return asked

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CONCURRENT_USERS) as pool:
        asked_per_user = dict(zip(senders, pool.map(one_user, senders)))
    elapsed = time.monotonic() - started
    latencies.sort()
    print(f"\n{CONCURRENT_USERS} users x {READINESS_QUESTIONS + 1} messages in {elapsed:.1f} s: "
          f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")

    for sender, asked in asked_per_user.items():
        assert asked == list(range(1, READINESS_QUESTIONS + 1)), sender
    assert_every_answer_was_kept(scale_out, senders)
    for sender in senders:
        assert_each_question_asked_and_answered_once(scale_out, sender)
    # Both servers took part, and each conversation was locked in Redis under this run's prefix.
    after = scale_out.last_tracker_use()
    assert all(after[name] != before.get(name) for name in RASA_SERVERS)
    assert set(senders) <= scale_out.redis.locked_conversations(scale_out.key_prefix)


def test_no_scale_out_service_logs_what_users_wrote(scale_out):
    marker = f"skaleringstest {secrets.token_hex(3)} hei"
    scale_out.chat("scale-privacy", marker)
    for name, service in scale_out.services.items():
        assert marker not in service.log_path.read_text(errors="replace"), f"{name} logged a user's message"


def start_second_gateway(scale_out: ScaleOut) -> RunningService:
    """Another gateway in front of the same Rasa servers, Redis and databases, on its own port."""
    gateway = scale_out.services["gateway"].service
    port = free_port()
    args = list(gateway.args)
    args[args.index("--port") + 1] = str(port)
    second = RunningService(replace(gateway, name="gateway-2", port=port, args=args), LOGS / "gateway-2.log")
    try:
        second.wait_until_healthy(START_TIMEOUT)
    except BaseException:
        second.stop()
        raise
    return second


def test_two_gateways_count_one_senders_messages_together_in_redis(scale_out):
    """Each gateway on its own would let a sender's 60 messages a minute through; counting in the
    shared Redis, the two refuse the 61st although neither saw more than 31."""
    second = start_second_gateway(scale_out)
    try:
        gateways = [scale_out.gateway, second.url()]
        sender, limit = f"scale-limit-{secrets.token_hex(4)}", 60  # SAMSKAPING_RATE_LIMIT_PER_SENDER
        limited_before = sample(httpx.get(f"{gateways[0]}/metrics").text, "samskaping_rate_limited_total", limit="sender")
        # Blank messages are refused (422) after the limits have counted them, without Rasa.
        statuses = [httpx.post(f"{gateways[i % 2]}/api/chat", json={"sender": sender, "message": " "},
                               timeout=30).status_code for i in range(limit + 1)]
        assert statuses[:limit] == [422] * limit
        assert statuses[limit] == 429  # the 61st, sent to the first gateway after its 30 and the second's 30
        assert sample(httpx.get(f"{gateways[0]}/metrics").text, "samskaping_rate_limited_total",
                      limit="sender") == limited_before + 1
        # The counts live in Redis under this run's prefix.
        assert any(f"{scale_out.key_prefix}:" in line and "sender" in line for line in list(scale_out.redis.lines))
        assert httpx.get(f"{second.url()}/readyz").json()["rate_limit_storage"] == "ok"
    finally:
        second.stop()


def test_when_a_rasa_server_dies_mid_check_the_other_one_finishes_it(scale_out):
    sender = "scale-failover"
    asked = question_numbers(scale_out.chat(sender, "/start_readiness"))
    for step in range(5):
        asked += question_numbers(scale_out.chat(sender, expected_answer(step)))
    # Runs last in this module: rasa-1 stays down.
    scale_out.services["rasa-1"].kill()
    health = httpx.get(f"{scale_out.gateway}/healthz")
    # One server left can still answer everyone: degraded, but not taken out of service.
    assert health.status_code == 200
    assert health.json()["rasa"] == "partial"
    assert sorted(health.json()["rasa_servers"].values()) == ["down", "ok"]

    more, reply = finish_readiness(scale_out, sender, start=5)
    assert asked + more == list(range(1, READINESS_QUESTIONS + 1))
    assert any(m["image"] for m in reply.json()["messages"])
    assert_every_answer_was_kept(scale_out, [sender])
    assert_each_question_asked_and_answered_once(scale_out, sender)
    # The gateway passed every other message on from the dead server (it logs no message text).
    assert "unreachable (ConnectError); trying the next" in scale_out.services["gateway"].log_path.read_text()
