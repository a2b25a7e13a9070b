"""Starts the real action server, Rasa server (trained model) and gateway on free local ports."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scripts.processes import RunningService, free_port
from scripts.services import ROOT, define

ARTIFACTS = ROOT / "test-artifacts" / "e2e-logs"
# Rasa loads its model in ~20 s here, the action server imports torch in ~10 s; leave headroom
# for a busy 2-core CI machine.
START_TIMEOUT = 300


@dataclass
class Stack:
    services: dict[str, RunningService]
    tracker_db: Path

    @property
    def gateway(self) -> str:
        return self.services["gateway"].url()

    def chat(self, sender: str, message: str, timeout: float = 120) -> httpx.Response:
        return httpx.post(f"{self.gateway}/api/chat", json={"sender": sender, "message": message}, timeout=timeout)

    def log(self, name: str) -> str:
        return self.services[name].log_path.read_text(errors="replace")

    def restart(self, name: str) -> None:
        old = self.services[name]
        old.stop()
        self.services[name] = RunningService(old.service, old.log_path)
        self.services[name].wait_until_healthy(START_TIMEOUT)


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    models = list((ROOT / "models").glob("*.tar.gz"))
    assert models, "no trained Rasa model: run `make test` (it trains one) or scripts/train_rasa.sh"
    data = tmp_path_factory.mktemp("stack")
    definitions = define(
        host="127.0.0.1",
        gateway_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        tracker_db=str(data / "rasa.db"),
        userdata_db=str(data / "userdata.db"),
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    running: dict[str, RunningService] = {}
    try:
        for name, service in definitions.items():
            log = ARTIFACTS / f"{name}.log"
            log.write_text("")
            running[name] = RunningService(service, log)
        for service in running.values():
            service.wait_until_healthy(START_TIMEOUT)
        yield Stack(running, data / "rasa.db")
    finally:
        for service in running.values():
            service.stop()


def wait_for(condition, timeout: float = 60, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False
