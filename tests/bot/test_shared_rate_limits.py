"""Rate limits in Redis (SAMSKAPING_RATE_LIMIT_STORAGE_URL): two gateway apps count one sender
together, and a Redis that is down is a clear 503, not a free pass. Needs the Redis that
scripts/test.sh starts (scripts/ensure_databases.sh); the scale-out e2e test does the same with two
gateway processes."""
from __future__ import annotations

import os
import secrets

from scripts.processes import free_port

REDIS = f"redis://{os.environ.get('SAMSKAPING_TEST_REDIS_HOST', '127.0.0.1')}:{os.environ.get('SAMSKAPING_TEST_REDIS_PORT', '6379')}/3"


def blank(client, sender: str) -> int:
    # A blank message is refused (422) after the limits have counted it, without Rasa.
    return client.post("/api/chat", json={"sender": sender, "message": " "}).status_code


def test_two_gateways_with_redis_count_one_senders_messages_together(make_client):
    settings = dict(rate_limit_storage_url=REDIS, rate_limit_key_prefix=f"test{secrets.token_hex(4)}",
                    rate_limit_per_sender="4/minute")
    first, second = make_client(**settings), make_client(**settings)
    assert first.app is not second.app
    sender = f"shared-{secrets.token_hex(4)}"
    assert [blank(client, sender) for client in (first, second, first, second)] == [422] * 4
    refused = second.post("/api/chat", json={"sender": sender, "message": " "})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    # Another sender still has all of its own.
    assert blank(first, f"other-{secrets.token_hex(4)}") == 422


def test_in_memory_each_gateway_counts_alone(make_client):
    first, second = make_client(rate_limit_per_sender="4/minute"), make_client(rate_limit_per_sender="4/minute")
    sender = f"alone-{secrets.token_hex(4)}"
    assert [blank(client, sender) for client in (first, second) * 3] == [422] * 6


def test_with_redis_down_messages_are_refused_clearly_and_the_gateway_is_not_ready(make_client):
    client = make_client(rate_limit_storage_url=f"redis://127.0.0.1:{free_port()}/0")
    response = client.post("/api/chat", json={"sender": "redis-down", "message": "Hei"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert client.get("/readyz").json()["rate_limit_storage"] == "down"
    assert client.get("/livez").status_code == 200
