"""The gateway's limits hold against input built to get around them: a body without a declared
length, a Rasa that accepts connections but never answers, and many senders from one address."""
from __future__ import annotations

import socket
import threading
import time

import pytest


@pytest.fixture
def silent_rasa():
    """A server that accepts connections and reads requests but never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for connection in accepted:
        connection.close()
    listener.close()


def chunks():
    yield b'{"sender": "u1", "message": "'
    for _ in range(10):
        yield b"x" * 512
    yield b'"}'


def test_a_chunked_body_without_a_length_is_refused_past_the_limit_before_reaching_rasa(make_client):
    client = make_client(max_body_bytes="1024")
    response = client.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    # Refused (4xx) rather than passed on to Rasa (which would be the 503 apology here).
    assert 400 <= response.status_code < 500


def test_a_chunked_body_past_the_limit_is_called_too_large(make_client):
    client = make_client(max_body_bytes="1024")
    response = client.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_a_body_just_under_the_limit_is_accepted(make_client):
    client = make_client(max_body_bytes="1024")
    body = b'{"sender": "u1", "message": "' + b"x" * 900 + b'"}'
    response = client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 503  # accepted and passed on; Rasa is absent here


def test_a_rasa_that_never_answers_gives_the_apology_within_the_timeout(make_client, silent_rasa):
    client = make_client(rasa_url=silent_rasa, rasa_timeout_seconds="0.5")
    started = time.monotonic()
    response = client.post("/api/chat", json={"sender": "u1", "message": "hei"})
    assert response.status_code == 503
    assert response.json()["messages"][0]["text"].startswith("Beklager")
    assert time.monotonic() - started < 5


def test_many_senders_from_one_address_hit_the_per_client_limit(make_client):
    client = make_client(rate_limit_per_client="5/minute", rate_limit_per_sender="100/minute")
    statuses = [client.post("/api/chat", json={"sender": f"s{i}", "message": "hei"}).status_code
                for i in range(7)]
    assert statuses == [503] * 5 + [429] * 2


def test_one_sender_over_its_limit_does_not_use_up_another_senders(make_client):
    client = make_client(rate_limit_per_sender="3/minute")
    assert [client.post("/api/chat", json={"sender": "a", "message": "hei"}).status_code
            for _ in range(4)] == [503, 503, 503, 429]
    assert client.post("/api/chat", json={"sender": "b", "message": "hei"}).status_code == 503
