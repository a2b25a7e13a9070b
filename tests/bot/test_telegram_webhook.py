"""Webhook mode: the gateway serves POST /telegram/webhook and accepts only updates that carry the
secret token. The Application talks to the telegram-test-api emulator (no Rasa is needed for the
updates sent here)."""
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
def gateway(monkeypatch, tmp_path, emulator):
    env = {"RASA_URL": f"http://127.0.0.1:{closed_port()}", "TRACKER_DB_URL": f"sqlite:///{tmp_path / 'rasa.db'}",
           "TELEGRAM_MODE": "webhook", "TELEGRAM_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET,
           "TELEGRAM_BASE_URL": emulator.base_url(), "TELEGRAM_SENDER_SECRET": "sender-secret"}
    for name, value in env.items():
        monkeypatch.setenv(f"SAMSKAPING_{name}", value)

    from bot.app import create_app

    with TestClient(create_app()) as client:
        yield client


_update_ids = iter(range(1, 10_000))


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


def test_an_update_with_the_right_secret_is_handled(gateway, emulator):
    response = gateway.post("/telegram/webhook", json=start_update(501), headers={HEADER: SECRET})
    assert response.status_code == 200
    assert any("Samskapingsrådgiveren" in text for text in replies(emulator, 501))


@pytest.mark.parametrize("headers", [{}, {HEADER: "wrong"}, {HEADER: ""}, {HEADER: SECRET + "x"}],
                         ids=["missing", "wrong", "empty", "longer"])
def test_an_update_without_the_right_secret_is_refused_with_403_and_not_handled(gateway, emulator, headers):
    response = gateway.post("/telegram/webhook", json=start_update(502), headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert replies(emulator, 502) == []


def test_an_edited_message_gets_a_short_reply_and_is_not_a_new_turn(gateway, emulator):
    update = start_update(503, kind="edited_message", text="Hva betyr samskaping?")
    assert gateway.post("/telegram/webhook", json=update, headers={HEADER: SECRET}).status_code == 200
    assert replies(emulator, 503) == ["Jeg ser ikke endringer i meldinger. Send heller en ny melding."]


def test_the_webhook_is_not_served_unless_webhook_mode_is_on(monkeypatch, tmp_path):
    monkeypatch.setenv("SAMSKAPING_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'rasa.db'}")
    monkeypatch.setenv("SAMSKAPING_TELEGRAM_MODE", "off")

    from bot.app import create_app

    with TestClient(create_app()) as client:
        assert client.post("/telegram/webhook", json=start_update(504), headers={HEADER: SECRET}).status_code == 404


def test_the_token_and_secrets_do_not_appear_in_the_log(gateway, emulator, caplog):
    caplog.set_level("DEBUG")
    gateway.post("/telegram/webhook", json=start_update(505), headers={HEADER: SECRET})
    gateway.post("/telegram/webhook", json=start_update(506), headers={HEADER: "wrong"})
    assert TOKEN not in caplog.text and SECRET not in caplog.text
