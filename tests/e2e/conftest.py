"""Starts the real action server, Rasa server (trained model) and gateway on free local ports.

`stack` is the embedded shape (SQLite, one Rasa server) that most e2e tests share; `start_all`
starts any set of services from scripts.services.define, e.g. the scale-out shape in
test_scale_out.py."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scripts.processes import RunningService, free_port
from scripts.services import ROOT, Service, define, sqlite_url

ARTIFACTS = ROOT / "test-artifacts" / "e2e-logs"
# Rasa loads its model in ~20 s here, the action server imports torch in ~10 s; leave headroom
# for a busy 2-core CI machine.
START_TIMEOUT = 300
# Group figures come from a snapshot taken at the start of each period (a day in production). The
# e2e stack's period is 15 seconds, so that a test can see the next snapshot being taken (or held
# back) without waiting a day; the release rules are the same.
SNAPSHOT_PERIOD_SECONDS = 15
STACK_GATEWAY_ENV = {"SAMSKAPING_SNAPSHOT_INTERVAL_HOURS": str(SNAPSHOT_PERIOD_SECONDS / 3600)}


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
        self.services[name] = RunningService(old.service, old.log_path, old.extra_env)
        self.services[name].wait_until_healthy(START_TIMEOUT)


def start_all(definitions: dict[str, Service], log_dir: Path,
              extra_env: dict[str, dict[str, str]] | None = None) -> dict[str, RunningService]:
    """Starts every service at once (they load their models in parallel) and waits until each is
    healthy; stops the ones already started if one fails. `extra_env` is per service name."""
    log_dir.mkdir(parents=True, exist_ok=True)
    running: dict[str, RunningService] = {}
    try:
        for name, service in definitions.items():
            log = log_dir / f"{name}.log"
            log.unlink(missing_ok=True)  # RunningService makes it anew, readable by this user only
            running[name] = RunningService(service, log, (extra_env or {}).get(name))
        for service in running.values():
            service.wait_until_healthy(START_TIMEOUT)
    except BaseException:
        stop_all(running)
        raise
    return running


def stop_all(running: dict[str, RunningService]) -> None:
    for service in reversed(list(running.values())):
        service.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used the shared stack reports whether each service still runs and how
    its log ends, so that a failure in CI, where only the test output is kept, explains itself."""
    outcome = yield
    report = outcome.get_result()
    stack = item.funcargs.get("stack") if report.when == "call" else None
    if report.failed and isinstance(stack, Stack):
        for name, service in stack.services.items():
            state = "running" if service.process.poll() is None else f"exited ({service.process.returncode})"
            report.sections.append((f"{name}: {state}, {service.url()}", service.log_tail(15)))


def pytest_collection_modifyitems(config, items):
    """Tests marked `takes_a_service_down` stop a service of the shared stack (and start it
    again); they run after every other test, so no test depends on file names for its order."""
    items.sort(key=lambda item: item.get_closest_marker("takes_a_service_down") is not None)


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    models = list((ROOT / "models").glob("*.tar.gz"))
    assert models, "no trained Rasa model: run `make test` (it trains one) or scripts/train_rasa.sh"
    data = tmp_path_factory.mktemp("stack")
    definitions = define(
        host="127.0.0.1",
        gateway_port=free_port(),
        rasa_ports=[free_port()],
        action_ports=[free_port()],
        tracker_store_url=sqlite_url(data / "rasa.db"),
        userdata_url=sqlite_url(data / "userdata.db"),
    )
    running = start_all(definitions, ARTIFACTS, extra_env={"gateway": STACK_GATEWAY_ENV})
    try:
        yield Stack(running, data / "rasa.db")
    finally:
        stop_all(running)


def next_snapshot_period() -> None:
    """Sleeps until a new snapshot period of the e2e stack has begun (plus a second)."""
    period = SNAPSHOT_PERIOD_SECONDS
    time.sleep(period - time.time() % period + 1)


def start_gateway(stack: Stack, name: str, env: dict[str, str] | None = None,
                  forwarded_allow_ips: str | None = None) -> RunningService:
    """Another gateway process on a free port, in front of the stack's Rasa server and on its
    databases, with its own settings (e.g. production rate limits): for attacks that would use up
    the shared gateway's per-address limits for the other tests. The caller stops it."""
    from dataclasses import replace

    gateway = stack.services["gateway"].service
    port = free_port()
    args = list(gateway.args)
    args[args.index("--port") + 1] = str(port)
    if forwarded_allow_ips is not None:
        args[args.index("--forwarded-allow-ips") + 1] = forwarded_allow_ips
    service = replace(gateway, name=name, port=port, args=args, env={**gateway.env, **STACK_GATEWAY_ENV, **(env or {})})
    log = ARTIFACTS / f"{name}.log"
    log.unlink(missing_ok=True)
    running = RunningService(service, log)
    try:
        running.wait_until_healthy(START_TIMEOUT)
    except BaseException:
        running.stop()
        raise
    return running


def wait_for(condition, timeout: float = 60, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False
