"""Faults on the real stack: a service dies mid-conversation, the user database is not up yet.

(a) and (b) use the shared stack and leave every service running again; the test that takes the
action server away before any conversation, and checks /healthz, is test_action_server_down.
(c) starts its own gateway, action server and Rasa server against a PostgreSQL that is not
reachable at first.
"""
from __future__ import annotations

import re
import threading
import uuid

import httpx
import psycopg
import pytest

from scripts.processes import RunningService, free_port
from scripts.services import define
from tests.e2e.conftest import ARTIFACTS, START_TIMEOUT, wait_for
from tests.e2e.faults.proxy import LateProxy

POSTGRES = ("127.0.0.1", 5432)
# A question with a person's name and a place in it; no log may ever show either.
PRIVATE_QUESTION = "Hvordan får Kari Nordmann i Tromsø med seg innbyggerne i samskaping?"


def texts(response: httpx.Response) -> str:
    return "\n".join(m["text"] or "" for m in response.json()["messages"])


def step(response: httpx.Response) -> int | None:
    found = re.findall(r"\((\d+)/15\)", texts(response))
    return int(found[-1]) if found else None


def revive(stack, name: str) -> None:
    old = stack.services[name]
    stack.services[name] = RunningService(old.service, old.log_path, old.extra_env)
    stack.services[name].wait_until_healthy(START_TIMEOUT)


def assert_no_log_has(stack, *secrets: str) -> None:
    for name in stack.services:
        log = stack.log(name)
        for secret in secrets:
            assert secret not in log, f"the {name} log shows what a user wrote: {secret!r}"


def test_killing_the_action_server_mid_form_gives_an_apology_and_the_form_goes_on_once_it_is_back(stack):
    sender = "fault-actions-mid-form"
    assert step(stack.chat(sender, "Er vi klare for samskaping?")) == 1
    for answer in ["ja", "nei", "delvis"]:
        stack.chat(sender, answer)
    stack.services["actions"].kill()
    try:
        during = stack.chat(sender, "ja")
        assert during.status_code == 200
        assert texts(during).startswith("Beklager") and "Traceback" not in texts(during)
        assert texts(stack.chat(sender, PRIVATE_QUESTION)).startswith("Beklager")
    finally:
        revive(stack, "actions")
    # The answer that got the apology was never validated, so the form asks step 4 again; the
    # next answer fills it and the form moves on to step 5.
    after = stack.chat(sender, "ja")
    assert after.status_code == 200 and step(after) == 5, texts(after)
    answered = stack.chat(sender, PRIVATE_QUESTION)
    # The knowledge action runs again: an answer from the theses, or (the question names a person
    # and a place the theses never mention) their honest «not in the theses».
    assert any(m["citations"] for m in answered.json()["messages"]) or "finner jeg ikke" in texts(answered)
    assert not texts(answered).startswith("Beklager")
    assert_no_log_has(stack, PRIVATE_QUESTION, "Kari Nordmann", "Tromsø")


def test_after_rasa_crashes_mid_form_the_form_resumes_at_the_same_step_and_finishes(stack):
    sender = "fault-rasa-mid-form"
    stack.chat(sender, "Er vi klare for samskaping?")
    for answer in ["ja", "nei"]:
        last = stack.chat(sender, answer)
    assert step(last) == 3
    stack.services["rasa"].kill()  # SIGKILL: no chance to flush anything
    try:
        down = stack.chat(sender, "delvis")
        assert down.status_code == 503 and texts(down).startswith("Beklager")
    finally:
        revive(stack, "rasa")
    resumed = stack.chat(sender, "delvis")
    assert step(resumed) == 4, texts(resumed)
    final = None
    for answer in ["ja"] * 12:
        final = stack.chat(sender, answer)
    assert any(m["image"] for m in final.json()["messages"]), "the check did not finish after 15 answers"
    assert "Traceback" not in texts(final)


# --- (c) PostgreSQL not reachable at start ---------------------------------------------------------


@pytest.fixture
def late_postgres():
    """An empty database on the local PostgreSQL, reachable only through a proxy that starts closed."""
    name = f"samskaping_fault_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="postgres",
                                autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    proxy = LateProxy(*POSTGRES)
    yield proxy, name, f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/{name}"
    proxy.close()
    with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="postgres",
                         autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rasas_token(actions) -> dict:
    """The header Rasa sends with every action call (the action server refuses calls without it)."""
    return {"Authorization": f"Bearer {actions.service.env['SAMSKAPING_ACTION_TOKEN']}"}


def show_result_request(sender: str) -> dict:
    """What Rasa sends the action server for «vis resultatet mitt» (rasa-sdk's webhook format)."""
    return {
        "next_action": "action_show_result",
        "sender_id": sender,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": sender, "slots": {}, "events": [], "paused": False, "followup_action": None,
            "active_loop": {}, "latest_action_name": "action_listen", "latest_event_time": None,
            "latest_message": {"text": "vis resultatet mitt", "intent": {"name": "show_result", "confidence": 1.0},
                               "entities": []},
        },
    }


def test_with_postgresql_not_up_yet_the_services_say_so_retry_and_work_once_it_is(late_postgres):
    proxy, database, url = late_postgres
    definitions = define(host="127.0.0.1", gateway_port=free_port(), rasa_ports=[free_port()],
                         action_ports=[free_port()], tracker_store_url=url, userdata_url=url)
    logs = ARTIFACTS / "faults"
    logs.mkdir(parents=True, exist_ok=True)
    env = {"SAMSKAPING_USERDATA_URL": url, "SAMSKAPING_DB_RETRY_INTERVAL_SECONDS": "1"}
    services = {}
    try:
        for name, timeout in (("gateway", "120"), ("actions", "5"), ("rasa", "240")):
            (logs / f"{name}.log").write_text("")
            services[name] = RunningService(definitions[name], logs / f"{name}.log",
                                            {**env, "SAMSKAPING_DB_CONNECT_TIMEOUT_SECONDS": timeout})
        gateway, actions, rasa = services["gateway"], services["actions"], services["rasa"]
        actions.wait_until_healthy(START_TIMEOUT)
        # /healthz stays 503 here (no Rasa); the gateway serving its page is what counts.
        assert wait_for(lambda: _answers(gateway.url()), timeout=120)

        # The action server gives up after its (short) timeout with a clear error, and says why.
        refused = httpx.post(actions.url() + "/webhook", json=show_result_request("pg-fault"), headers=rasas_token(actions), timeout=60)
        assert refused.status_code >= 400
        actions_log = (logs / "actions.log").read_text(errors="replace")
        assert f"/{database} is not reachable" in actions_log and "retrying in 1 s" in actions_log
        assert f"/{database} was not reachable for 5 s" in actions_log
        assert "Check SAMSKAPING_USERDATA_URL" in actions_log

        # The gateway is retrying meanwhile (its retention purge at start uses the database), and so
        # is Rasa's tracker store (Rasa 3.6's own would start at once, without its tables).
        assert wait_for(lambda: "is not reachable" in (logs / "gateway.log").read_text(errors="replace"), timeout=30)
        assert wait_for(lambda: f"/{database} is not reachable (OperationalError); retrying in 1 s"
                        in (logs / "rasa.log").read_text(errors="replace"), timeout=START_TIMEOUT)
        assert not rasa.is_healthy()

        proxy.open()
        shown = {}
        call = threading.Thread(target=lambda: shown.update(
            response=httpx.post(actions.url() + "/webhook", json=show_result_request("pg-fault"), headers=rasas_token(actions), timeout=90)))
        call.start()
        call.join(100)
        assert shown["response"].status_code == 200
        assert shown["response"].json()["responses"][0]["response"] == "utter_no_result_yet"
        assert wait_for(lambda: "Retention (" in (logs / "gateway.log").read_text(errors="replace"), timeout=90)
        chart = httpx.get(gateway.url() + "/media/readiness/0123456789abcdef.png")
        assert chart.status_code == 404 and chart.json()["error"]["code"] == "not_found"
        with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname=database) as db:
            tables = {row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert {"readiness_results", "plans", "feedback"} <= tables

        # Rasa made its tables once the database came up, and keeps the conversation there.
        rasa.wait_until_healthy(START_TIMEOUT)
        reply = httpx.post(gateway.url() + "/api/chat", json={"sender": "pg-fault", "message": "hei"}, timeout=120)
        assert reply.status_code == 200 and reply.json()["messages"]
        with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname=database) as db:
            senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
        assert senders == {"pg-fault"}
    finally:
        for service in services.values():
            service.stop()


def test_rasa_stops_with_a_clear_error_when_its_tracker_database_never_answers():
    # A port nothing listens on: the database is down for good.
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/samskaping_tracker"
    definitions = define(host="127.0.0.1", gateway_port=free_port(), rasa_ports=[free_port()],
                         action_ports=[free_port()], tracker_store_url=url, userdata_url=url)
    log = ARTIFACTS / "faults" / "rasa-gives-up.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    rasa = RunningService(definitions["rasa"], log, {"SAMSKAPING_DB_CONNECT_TIMEOUT_SECONDS": "3",
                                                     "SAMSKAPING_DB_RETRY_INTERVAL_SECONDS": "1"})
    try:
        # Rather than serving conversations it cannot keep; a restart policy starts it again.
        assert wait_for(lambda: rasa.process.poll() is not None, timeout=START_TIMEOUT)
        assert rasa.process.returncode != 0
        text = log.read_text(errors="replace")
        assert "is not reachable (OperationalError); retrying in 1 s (attempt 1, giving up after 3 s)" in text
        assert "was not reachable for 3 s (OperationalError). Check RASA_TRACKER_STORE_URL" in text
    finally:
        rasa.stop()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
