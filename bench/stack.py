"""The embedded product (gateway, Rasa, action server on SQLite and free ports) for a bench run."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from scripts.processes import RunningService, free_port
from scripts.services import define, sqlite_url


@contextmanager
def running_stack(folder: Path, extra_env: dict[str, dict[str, str]] | None = None,
                  report=None, keep_logs: Path | None = None) -> Iterator[dict[str, RunningService]]:
    """Starts every service with its data and logs in ``folder`` and waits until each is healthy
    (``report(name, seconds)`` is told when); stops them all on the way out, and then copies their
    logs to ``keep_logs`` if given (also when the run failed, which is when they are wanted)."""
    services = define(host="127.0.0.1", gateway_port=free_port(), rasa_ports=[free_port()],
                      action_ports=[free_port()], tracker_store_url=sqlite_url(f"{folder}/rasa.db"),
                      userdata_url=sqlite_url(f"{folder}/userdata.db"))
    running = {name: RunningService(s, Path(folder) / f"{name}.log", (extra_env or {}).get(name))
               for name, s in services.items()}
    try:
        for name, service in running.items():
            seconds = service.wait_until_healthy(300)
            if report:
                report(name, seconds)
        yield running
    finally:
        for service in running.values():
            service.stop()
        if keep_logs:
            keep_logs.mkdir(parents=True, exist_ok=True)
            for name in running:
                (keep_logs / f"{name}.log").write_bytes((Path(folder) / f"{name}.log").read_bytes())
