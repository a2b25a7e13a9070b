"""Runs last in the e2e folder: it takes the action server away and brings it back."""
import httpx

from tests.e2e.conftest import START_TIMEOUT


def test_with_the_action_server_down_the_user_gets_an_apology_and_health_says_so(stack):
    actions = stack.services["actions"]
    actions.kill()
    try:
        response = stack.chat("e2e-down", "Hva betyr samskaping?")
        assert response.status_code == 200
        [message] = response.json()["messages"]
        assert message["text"].startswith("Beklager")
        assert "Traceback" not in message["text"]

        health = httpx.get(f"{stack.gateway}/healthz")
        assert health.status_code == 503
        assert health.json()["action_server"] == "down"
        # Not ready (no answers can be given), but alive: an orchestrator must not restart it.
        ready = httpx.get(f"{stack.gateway}/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"status": "not_ready", "rasa": "ok", "action_server": "down", "database": "ok"}
        assert httpx.get(f"{stack.gateway}/livez").status_code == 200
    finally:
        stack.services["actions"] = type(actions)(actions.service, actions.log_path)
        stack.services["actions"].wait_until_healthy(START_TIMEOUT)

    # Once it is back, the next message is answered again.
    answer = stack.chat("e2e-down", "Hva betyr samskaping?").json()["messages"]
    assert any(m["citations"] for m in answer)


def test_no_service_logs_what_users_wrote(stack):
    # Every message the e2e tests sent; the logs may carry paths and status codes, never text.
    sent = ["Hva betyr samskaping?", "Hvordan bygger jeg tillit i en samskapingsgruppe?",
            "Hva er været i Bergen i morgen?"]
    for name in stack.services:
        log = stack.log(name)
        for text in sent:
            assert text not in log, f"{name} logged a user's message"
