"""Start a service as a child process, wait until it answers its health check, stop it cleanly."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from scripts.services import ROOT, Service, venv_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceFailed(RuntimeError):
    pass


class RunningService:
    def __init__(self, service: Service, log_path: Path, extra_env: dict[str, str] | None = None):
        self.service = service
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **service.env, **(extra_env or {})}
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen(
            service.argv(venv_for(service)),
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so stop() can end the service and anything it spawned
        )

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.service.port}"

    def is_healthy(self, host: str = "127.0.0.1") -> bool:
        try:
            with urllib.request.urlopen(self.url(host) + self.service.health_path, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_until_healthy(self, timeout: float, host: str = "127.0.0.1") -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise ServiceFailed(f"{self.service.name} exited with code {self.process.returncode}; see {self.log_path}")
            if self.is_healthy(host):
                return time.monotonic() - started
            time.sleep(0.5)
        raise ServiceFailed(f"{self.service.name} not healthy after {timeout:.0f} s; see {self.log_path}")

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()

    def kill(self) -> None:
        """An abrupt crash, as when a server dies mid-conversation."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._log.close()
