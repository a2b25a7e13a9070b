"""Start a service as a child process, wait until it answers its health check, stop it cleanly."""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from scripts.services import ROOT, Service, venv_for


# Files a service creates: readable and writable by its user only.
PRIVATE_UMASK = 0o077

# Ports handed out by this process. A port asked of the kernel (bind to port 0) is free only at
# that moment: the next request may get the same one back, and any outgoing connection may take it
# as its local port before the service binds it (Rasa binds ~20 s later, after loading its model).
_handed_out: set[int] = set()


def _ephemeral_ports() -> range:
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    return range(low, high + 1)


def free_port() -> int:
    """A port that is free now, never handed out before by this process, and outside the kernel's
    ephemeral range, so that no outgoing connection can take it before the service binds it."""
    ephemeral = _ephemeral_ports()
    candidates = [port for port in range(20000, 32768) if port not in ephemeral and port not in _handed_out]
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError("no free port between 20000 and 32767")


class ServiceFailed(RuntimeError):
    pass


class RunningService:
    def __init__(self, service: Service, log_path: Path, extra_env: dict[str, str] | None = None):
        self.service = service
        self.log_path = log_path
        self.extra_env = extra_env
        log_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        env = {**os.environ, **service.env, **(extra_env or {})}
        # Logs and everything a service writes (SQLite databases, their journals) are the user's
        # alone: 0600 files in 0700 folders, whatever the shell's umask.
        self._log = os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
        self.process = subprocess.Popen(
            service.argv(venv_for(service)),
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so stop() can end the service and anything it spawned
            umask=PRIVATE_UMASK,
        )

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.service.port}"

    def is_healthy(self, host: str = "127.0.0.1") -> bool:
        try:
            with urllib.request.urlopen(self.url(host) + self.service.health_path, timeout=2) as response:
                body = response.read().decode(errors="replace")
                return response.status == 200 and self.service.health_says in body
        except (urllib.error.URLError, OSError):
            return False

    def log_tail(self, lines: int = 30) -> str:
        """The end of the service's log (the services log no message text), for failure reports
        that must explain themselves where only the test output is kept, as in CI."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_until_healthy(self, timeout: float, host: str = "127.0.0.1") -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise ServiceFailed(f"{self.service.name} exited with code {self.process.returncode}; "
                                    f"the end of {self.log_path}:\n{self.log_tail()}")
            if self.is_healthy(host):
                return time.monotonic() - started
            time.sleep(0.5)
        raise ServiceFailed(f"{self.service.name} not healthy after {timeout:.0f} s; "
                            f"the end of {self.log_path}:\n{self.log_tail()}")

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
