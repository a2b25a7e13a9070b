"""The secrets between the services (issue 14, finding 6): every way of starting them passes
tokens, random per run unless configured, and neither Rasa's channel nor the action server runs
without one. The attacks themselves are in tests/e2e/test_security_attacks.py."""
import os
import subprocess

import pytest

from scripts.services import RASA_VENV, ROOT, RunSettings, local


def test_make_run_and_the_tests_give_every_service_its_tokens_random_per_run():
    first, second = local(RunSettings()), local(RunSettings())
    rasa_token = first["gateway"].env["SAMSKAPING_RASA_TOKEN"]
    assert len(rasa_token) >= 32 and first["rasa"].env["SAMSKAPING_RASA_TOKEN"] == rasa_token
    action_token = first["actions"].env["SAMSKAPING_ACTION_TOKEN"]
    assert len(action_token) >= 32 and first["rasa"].env["SAMSKAPING_ACTION_TOKEN"] == action_token
    assert action_token != rasa_token
    assert second["gateway"].env["SAMSKAPING_RASA_TOKEN"] != rasa_token


def test_configured_tokens_are_used(monkeypatch):
    monkeypatch.setenv("SAMSKAPING_RASA_TOKEN", "r" * 40)
    monkeypatch.setenv("SAMSKAPING_ACTION_TOKEN", "a" * 40)
    services = local(RunSettings())
    assert services["gateway"].env["SAMSKAPING_RASA_TOKEN"] == "r" * 40
    assert services["actions"].env["SAMSKAPING_ACTION_TOKEN"] == "a" * 40


def test_the_gateway_trusts_no_forwarded_header_unless_a_proxy_is_configured(monkeypatch):
    args = local(RunSettings())["gateway"].args
    assert args[args.index("--forwarded-allow-ips") + 1] == ""
    monkeypatch.setenv("SAMSKAPING_FORWARDED_ALLOW_IPS", "10.1.2.3")
    args = local(RunSettings())["gateway"].args
    assert args[args.index("--forwarded-allow-ips") + 1] == "10.1.2.3"
    for option in ("--timeout-keep-alive", "--limit-concurrency", "--h11-max-incomplete-event-size", "--http"):
        assert option in args


def test_the_action_server_does_not_start_without_its_token(monkeypatch):
    import rasa_sdk_plugins

    monkeypatch.delenv("SAMSKAPING_ACTION_TOKEN", raising=False)
    with pytest.raises(RuntimeError, match="SAMSKAPING_ACTION_TOKEN"):
        rasa_sdk_plugins.expected_header()


@pytest.mark.parametrize("token", ["", "short"])
def test_rasas_channel_does_not_start_without_a_token(token):
    code = ("from rasa_addons.rest_channel import GatewayRestInput\n"
            f"GatewayRestInput.from_credentials({{'token': {token!r}}})")
    done = subprocess.run([str(RASA_VENV / "bin" / "python"), "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": ".", "PYTHONWARNINGS": "ignore"})
    assert done.returncode != 0 and "SAMSKAPING_RASA_TOKEN must be set" in done.stderr


def test_a_process_started_beside_make_run_finds_the_runs_gateway_token(tmp_path, monkeypatch):
    """`make run` writes its random token to var/service-secrets.env (0600); the gateway's settings
    read it after the environment and .env, so `python -m bot.telegram` (polling) can reach Rasa."""
    from bot import settings as gateway_settings

    secrets_file = tmp_path / "service-secrets.env"
    secrets_file.write_text("SAMSKAPING_RASA_TOKEN=" + "t" * 40 + "\n")
    monkeypatch.delenv("SAMSKAPING_RASA_TOKEN", raising=False)
    monkeypatch.setitem(gateway_settings.GatewaySettings.model_config, "env_file", (secrets_file, ".env"))
    assert gateway_settings.GatewaySettings().rasa_token.get_secret_value() == "t" * 40
