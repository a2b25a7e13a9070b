"""Operators' metrics through the real stack: a question, 👍 and the start of the readiness check
show up in the gateway's and the action server's /metrics, the message text and the sender id do
not, and the gateway is ready while everything runs."""
from __future__ import annotations

import secrets

import httpx
import psutil

from tests.prometheus_text import sample


def metrics(url: str) -> str:
    response = httpx.get(f"{url}/metrics", timeout=30)
    assert response.status_code == 200, response.text
    return response.text


def test_a_question_feedback_and_a_form_start_are_counted_without_text_or_sender(stack):
    gateway, actions = stack.gateway, stack.services["actions"].url()
    sender = f"e2e-metrics-{secrets.token_hex(6)}"
    # A word no metric could contain unless the text leaked into a label.
    place = f"Kvitfjellvik{secrets.token_hex(3)}"
    before_gateway, before_actions = metrics(gateway), metrics(actions)

    answer = stack.chat(sender, "Hva betyr samskaping?")
    assert any(m["citations"] for m in answer.json()["messages"])
    stack.chat(sender, f"Hvordan bygger jeg tillit med innbyggerne i {place}?")
    assert stack.chat(sender, "/feedback_good").status_code == 200
    assert "(1/15)" in " ".join(m["text"] or "" for m in stack.chat(sender, "Er vi klare for samskaping?").json()["messages"])
    after_gateway, after_actions = metrics(gateway), metrics(actions)

    def grew(before: str, after: str, name: str, by: float = 1, **labels: str) -> bool:
        return sample(after, name, **labels) >= sample(before, name, **labels) + by

    # The gateway: every turn timed, the cited answer counted as answered, the HTTP route counted.
    assert grew(before_gateway, after_gateway, "samskaping_rasa_request_seconds_count", 4, outcome="ok")
    assert grew(before_gateway, after_gateway, "samskaping_turns_total", outcome="answered")
    assert grew(before_gateway, after_gateway, "http_requests_total", 4, handler="/api/chat", method="POST", status="200")
    # The action server: the answer by stage and outcome, the 👍, the check started.
    assert grew(before_actions, after_actions, "samskaping_answers_total", outcome="answered")
    for stage in ("embed", "search", "compose"):
        assert grew(before_actions, after_actions, "samskaping_answer_stage_seconds_count", stage=stage)
    assert grew(before_actions, after_actions, "samskaping_feedback_total", rating="good")
    assert grew(before_actions, after_actions, "samskaping_forms_started_total", form="readiness", how="new")

    for text in (after_gateway, after_actions):
        assert sender not in text
        assert place not in text
        assert "samskaping?" not in text.lower()


def test_the_gateway_is_live_and_ready_while_every_service_runs(stack):
    assert httpx.get(f"{stack.gateway}/livez").json() == {"status": "ok"}
    ready = httpx.get(f"{stack.gateway}/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "rasa": "ok", "action_server": "ok", "database": "ok"}


def test_the_action_server_serves_metrics_without_its_token_but_nothing_else(stack):
    actions = stack.services["actions"].url()
    assert httpx.get(f"{actions}/metrics", timeout=30).status_code == 200
    # The token still guards everything that runs or lists actions.
    assert httpx.get(f"{actions}/actions", timeout=30).status_code == 401


def test_the_action_server_serves_from_one_process_and_its_metrics_count_there(stack):
    # rasa_sdk_plugins/serve.py: no Sanic supervisor with a worker process beneath it; the counts
    # a scrape shows are that process's own.
    server = psutil.Process(stack.services["actions"].process.pid)
    assert not [child for child in server.children(recursive=True) if "python" in child.name()]
    before = sample(metrics(stack.services["actions"].url()), "samskaping_answers_total", outcome="answered")
    stack.chat(f"e2e-one-process-{secrets.token_hex(6)}", "Hva betyr samskaping?")
    after = sample(metrics(stack.services["actions"].url()), "samskaping_answers_total", outcome="answered")
    assert after == before + 1
