"""Bad input to /api/chat gets a clear 4xx and leaves the gateway healthy; Rasa being away is said kindly."""
import pytest
from fastapi.testclient import TestClient

from scripts.processes import free_port as closed_port


@pytest.fixture
def client(monkeypatch):
    # Rasa and the action server are deliberately absent: nothing listens on these ports.
    monkeypatch.setenv("SAMSKAPING_RASA_URL", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("SAMSKAPING_ACTION_SERVER_URL", f"http://127.0.0.1:{closed_port()}")

    from bot.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def post_raw(client, body: bytes):
    return client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})


def assert_still_serving(client):
    assert client.get("/").status_code == 200


def test_empty_message_is_refused_with_a_clear_message(client):
    response = client.post("/api/chat", json={"sender": "u1", "message": "   "})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "empty_message"
    assert "tom" in response.json()["error"]["message"]
    assert_still_serving(client)


def test_a_100_kb_message_is_refused_before_it_is_parsed(client):
    response = client.post("/api/chat", json={"sender": "u1", "message": "x" * 100_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert_still_serving(client)


def test_a_message_over_the_character_limit_is_refused(client):
    response = client.post("/api/chat", json={"sender": "u1", "message": "ord " * 1500})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "message_too_long"


def test_malformed_json_is_refused(client):
    response = post_raw(client, b'{"sender": "u1", "message": ')
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"
    assert_still_serving(client)


def test_bytes_that_are_not_utf8_are_refused(client):
    response = post_raw(client, b'{"sender": "u1", "message": "\xff\xfe hei"}')
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"
    assert_still_serving(client)


def test_missing_fields_are_named(client):
    response = client.post("/api/chat", json={"message": "hei"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "sender"


def test_a_sender_id_outside_the_safe_alphabet_is_refused(client):
    response = client.post("/api/chat", json={"sender": "../../etc", "message": "hei"})
    assert response.status_code == 422


def test_when_rasa_is_unreachable_the_user_gets_a_norwegian_apology(client):
    response = client.post("/api/chat", json={"sender": "u1", "message": "Hva betyr samskaping?"})
    assert response.status_code == 503
    [message] = response.json()["messages"]
    assert message["text"].startswith("Beklager")


def test_health_reports_which_service_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "gateway": "ok", "rasa": "down", "action_server": "down"}
