"""Webhook mode: the gateway serves POST /telegram/webhook, accepts only updates that carry the
secret token, and answers Telegram before it handles them (the update goes on the Application's
queue). The Application talks to the telegram-test-api emulator (no Rasa is needed for the updates
sent here)."""
import socket
import time

import pytest
from fastapi.testclient import TestClient

from scripts.processes import free_port as closed_port
from tests.e2e.conftest import ARTIFACTS
from tests.telegram_emulator import Emulator

TOKEN = "654321:TEST-webhook-token"
SECRET = "webhook-secret-0123456789"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture(scope="module")
def emulator():
    running = Emulator(ARTIFACTS / "telegram-emulator-webhook.log")
    yield running
    running.stop()


@pytest.fixture
def make_gateway(monkeypatch, emulator):
    """The gateway in webhook mode against the emulator; keyword arguments set more settings."""
    clients = []

    def make(**settings: str) -> TestClient:
        env = {"RASA_URL": f"http://127.0.0.1:{closed_port()}", "TELEGRAM_MODE": "webhook", "TELEGRAM_TOKEN": TOKEN,
               "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_BASE_URL": emulator.base_url(),
               "TELEGRAM_SENDER_SECRET": "sender-secret", **{k.upper(): v for k, v in settings.items()}}
        for name, value in env.items():
            monkeypatch.setenv(f"SAMSKAPING_{name}", value)
        from bot.app import create_app

        clients.append(TestClient(create_app()).__enter__())
        return clients[-1]

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def gateway(make_gateway):
    return make_gateway()


_update_ids = iter(range(1, 10_000))
# Chats of their own for tests that run several times against the one emulator.
_chat_ids = iter(range(600, 700))


def start_update(chat_id: int, kind: str = "message", text: str = "/start") -> dict:
    message = {"message_id": 1, "date": int(time.time()), "text": text,
               "chat": {"id": chat_id, "type": "private", "first_name": "Leder"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "Leder"}}
    if text.startswith("/"):
        message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
    if kind == "edited_message":
        message["edit_date"] = int(time.time())
    return {"update_id": next(_update_ids), kind: message}


def replies(emulator, chat_id: int) -> list[str]:
    return [item["message"].get("text", "") for item in emulator.history(TOKEN)
            if str(item["message"].get("chat_id")) == str(chat_id)]


def wait_for_replies(emulator, chat_id: int, count: int = 1, timeout: float = 30) -> list[str]:
    """The chat's replies once there are ``count`` (updates are handled after the 200)."""
    deadline = time.monotonic() + timeout
    while len(found := replies(emulator, chat_id)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def test_an_update_with_the_right_secret_is_handled(gateway, emulator):
    response = gateway.post("/telegram/webhook", json=start_update(501), headers={HEADER: SECRET})
    assert response.status_code == 200
    assert any("Samskapingsrådgiveren" in text for text in wait_for_replies(emulator, 501))


def test_telegram_gets_its_200_before_the_update_is_handled(make_gateway, emulator):
    # A Rasa that takes the connection and never answers: the reply (an apology after the timeout)
    # comes long after Telegram's request has been answered.
    silent_rasa = socket.create_server(("127.0.0.1", 0))
    try:
        gateway = make_gateway(rasa_url=f"http://127.0.0.1:{silent_rasa.getsockname()[1]}", rasa_timeout_seconds="3")
        update = start_update(507, text="Hva betyr samskaping?")
        assert gateway.post("/telegram/webhook", json=update, headers={HEADER: SECRET}).status_code == 200
        assert replies(emulator, 507) == []
        assert wait_for_replies(emulator, 507) == [
            "Beklager, rådgiveren er ikke tilgjengelig akkurat nå. Prøv igjen om litt – samtalen din er tatt vare på."]
    finally:
        silent_rasa.close()


@pytest.mark.parametrize("headers", [{}, {HEADER: "wrong"}, {HEADER: ""}, {HEADER: SECRET + "x"}],
                         ids=["missing", "wrong", "empty", "longer"])
def test_an_update_without_the_right_secret_is_refused_with_403_and_not_handled(gateway, emulator, headers):
    chat_id = next(_chat_ids)
    response = gateway.post("/telegram/webhook", json=start_update(chat_id), headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    # An accepted update of the same chat afterwards: one chat's updates are handled in order, so
    # once its welcome is there, a refused update that had been handled would have answered first.
    gateway.post("/telegram/webhook", json=start_update(chat_id), headers={HEADER: SECRET})
    [welcome] = wait_for_replies(emulator, chat_id)
    assert "Samskapingsrådgiveren" in welcome


def test_an_edited_message_gets_a_short_reply_and_is_not_a_new_turn(gateway, emulator):
    update = start_update(503, kind="edited_message", text="Hva betyr samskaping?")
    assert gateway.post("/telegram/webhook", json=update, headers={HEADER: SECRET}).status_code == 200
    assert wait_for_replies(emulator, 503) == ["Jeg ser ikke endringer i meldinger. Send heller en ny melding."]


def test_the_webhook_is_not_served_unless_webhook_mode_is_on(monkeypatch):
    monkeypatch.setenv("SAMSKAPING_TELEGRAM_MODE", "off")

    from bot.app import create_app

    with TestClient(create_app()) as client:
        assert client.post("/telegram/webhook", json=start_update(504), headers={HEADER: SECRET}).status_code == 404


def test_the_token_and_secrets_do_not_appear_in_the_log(gateway, emulator, caplog):
    caplog.set_level("DEBUG")
    gateway.post("/telegram/webhook", json=start_update(505), headers={HEADER: SECRET})
    gateway.post("/telegram/webhook", json=start_update(506), headers={HEADER: "wrong"})
    wait_for_replies(emulator, 505)
    assert TOKEN not in caplog.text and SECRET not in caplog.text
