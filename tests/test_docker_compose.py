"""docker-compose.yml must start the same programs, with the same arguments and ports, as `make run`."""
from pathlib import Path

import pytest
import yaml

from scripts.services import RunSettings, define

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
DEFAULTS = RunSettings()
EXPECTED = define(
    host="0.0.0.0",  # inside a container a service must listen on the compose network
    gateway_port=DEFAULTS.gateway_port,
    rasa_port=DEFAULTS.rasa_port,
    action_port=DEFAULTS.action_port,
    tracker_db="/app/var/rasa.db",
    userdata_db="/app/var/userdata.db",
    rasa_host="rasa",
    action_host="actions",
)


def test_compose_has_the_services_of_the_local_run():
    assert set(EXPECTED) <= set(COMPOSE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_compose_command_matches_the_local_command(name):
    service, command = EXPECTED[name], COMPOSE[name]["command"]
    if name == "rasa":
        # The rasa/rasa image's entrypoint is `rasa`, so the command holds only its arguments.
        assert command == service.args
    else:
        assert command == [service.program, *service.args]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_compose_environment_matches_the_local_environment(name):
    environment = {key: str(value) for key, value in COMPOSE[name].get("environment", {}).items()}
    assert environment.items() >= EXPECTED[name].env.items()


def test_only_the_gateway_is_published_on_the_host():
    gateway = EXPECTED["gateway"]
    assert COMPOSE["gateway"]["ports"] == [f"{gateway.port}:{gateway.port}"]
    for name in ("rasa", "actions"):
        assert "ports" not in COMPOSE[name]
        assert COMPOSE[name]["expose"] == [str(EXPECTED[name].port)]


def test_rasa_waits_for_its_trained_model_and_the_action_server():
    depends = COMPOSE["rasa"]["depends_on"]
    assert depends["rasa-train"]["condition"] == "service_completed_successfully"
    assert depends["actions"]["condition"] == "service_healthy"
    assert "--enable-api" not in COMPOSE["rasa"]["command"]
