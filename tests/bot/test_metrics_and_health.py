"""The gateway's operator endpoints in-process: /metrics (who may read it, what it counts, and that
it carries no message text, sender id or id from a path), and liveness apart from readiness.

Rasa is on a closed port here, as when it is down; the e2e tests (tests/e2e/test_metrics.py)
count real answers, feedback and forms through the running stack."""
from __future__ import annotations

import secrets

from fastapi.testclient import TestClient

from bot.messages import from_rasa
from tests.prometheus_text import sample


def scrape(client: TestClient, address: str = "127.0.0.1") -> TestClient:
    """A client of the same app that connects from ``address``."""
    return TestClient(client.app, client=(address, 40000))


def test_metrics_are_refused_from_an_address_outside_the_allowed_networks(make_client):
    client = make_client()
    outside = scrape(client, "203.0.113.7").get("/metrics")
    assert outside.status_code == 403
    assert outside.json()["error"]["code"] == "forbidden"
    assert "SAMSKAPING_METRICS_ALLOWED_NETWORKS" in outside.json()["error"]["message"]
    # The test client's own name is no address at all: refused too.
    assert client.get("/metrics").status_code == 403
    assert scrape(client, "127.0.0.1").get("/metrics").status_code == 200
    assert scrape(client, "::1").get("/metrics").status_code == 200


def test_the_allowed_networks_are_a_setting(make_client):
    client = make_client(metrics_allowed_networks="10.20.0.0/16")
    assert scrape(client, "10.20.3.4").get("/metrics").status_code == 200
    assert scrape(client, "::ffff:10.20.3.4").get("/metrics").status_code == 200
    assert scrape(client, "10.21.0.1").get("/metrics").status_code == 403
    assert scrape(client, "127.0.0.1").get("/metrics").status_code == 403


def test_requests_are_counted_by_route_template_and_status_without_the_id_in_the_path(make_client):
    client = make_client()
    chart_id = secrets.token_hex(16)
    before = sample(scrape(client).get("/metrics").text, "http_requests_total",
                    handler="/media/readiness/{id}.png", method="GET", status="404")
    assert client.get(f"/media/readiness/{chart_id}.png").status_code == 404
    text = scrape(client).get("/metrics").text
    assert sample(text, "http_requests_total", handler="/media/readiness/{id}.png", method="GET",
                  status="404") == before + 1
    assert 'http_request_duration_seconds_bucket{handler="/media/readiness/{id}.png"' in text
    assert chart_id not in text


def test_a_message_rasa_cannot_take_is_timed_and_counted_and_no_text_or_sender_reaches_the_metrics(make_client):
    client = make_client()
    sender, message = f"metrics-{secrets.token_hex(8)}", f"Hemmelig spørsmål {secrets.token_hex(8)}?"
    before = scrape(client).get("/metrics").text
    assert client.post("/api/chat", json={"sender": sender, "message": message}).status_code == 503
    after = scrape(client).get("/metrics").text
    assert sample(after, "samskaping_turns_total", outcome="unavailable") == \
        sample(before, "samskaping_turns_total", outcome="unavailable") + 1
    assert sample(after, "samskaping_rasa_request_seconds_count", outcome="unavailable") == \
        sample(before, "samskaping_rasa_request_seconds_count", outcome="unavailable") + 1
    assert sender not in after and message not in after and message.split()[-1] not in after


def test_rate_limit_hits_are_counted_by_limit(make_client):
    client = make_client(rate_limit_per_sender="2/minute")
    before = sample(scrape(client).get("/metrics").text, "samskaping_rate_limited_total", limit="sender")
    statuses = [client.post("/api/chat", json={"sender": "metrics-limited", "message": "  "}).status_code
                for _ in range(3)]
    assert statuses == [422, 422, 429]
    text = scrape(client).get("/metrics").text
    assert sample(text, "samskaping_rate_limited_total", limit="sender") == before + 1
    assert sample(text, "http_requests_total", handler="/api/chat", method="POST", status="429") >= 1
    assert "metrics-limited" not in text


def test_liveness_stays_up_while_readiness_fails_without_rasa(make_client):
    client = make_client()
    assert client.get("/livez").status_code == 200
    assert client.get("/livez").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "not_ready", "rasa": "down", "action_server": "down", "database": "ok"}


def test_readiness_fails_when_the_database_is_unreachable(make_client):
    # A PostgreSQL URL on a closed port: the probe answers at once, without the services' retries.
    from scripts.processes import free_port

    client = make_client(userdata_url=f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none",
                         db_connect_timeout_seconds="1", db_retry_interval_seconds="0.2")
    assert client.get("/readyz").json()["database"] == "down"
    assert client.get("/livez").status_code == 200


def test_the_gateway_reads_the_knowledge_verdict_from_the_reply_the_action_sends():
    answered = from_rasa([{"text": "Svar"}, {"custom": {"citations": [], "in_scope": True, "status": "answered"}}])
    refused = from_rasa([{"text": "Finner ikke"}, {"custom": {"citations": [], "in_scope": False, "status": "out_of_scope"}}])
    other = from_rasa([{"text": "Hei!"}])
    assert (answered.knowledge_status, refused.knowledge_status, other.knowledge_status) == \
        ("answered", "out_of_scope", None)
