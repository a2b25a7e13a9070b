"""The action server going away: an apology, health says so, and answers resume once it is back.

It kills a service of the shared stack, so it is marked `takes_a_service_down` and runs after the
tests that need every service up (tests/e2e/conftest.py), whatever its file is called."""
import httpx
import pytest

from tests.e2e.conftest import START_TIMEOUT


@pytest.mark.takes_a_service_down
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
