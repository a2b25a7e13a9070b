"""The test harness's own guarantees: each service gets a port of its own, and a health check only
counts when the service itself answers it (a CI run once lost every end-to-end test to a Rasa
server whose health check the gateway answered)."""
from __future__ import annotations

import http.server
import threading

from scripts.processes import RunningService, _ephemeral_ports, free_port
from scripts.services import Service


def test_free_ports_are_distinct_and_outside_the_kernels_ephemeral_range():
    ports = [free_port() for _ in range(200)]
    assert len(set(ports)) == len(ports)
    assert not any(port in _ephemeral_ports() for port in ports)


class _AnotherProgram(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html>some other program</html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_health_check_answered_by_another_program_on_the_port_does_not_count(tmp_path):
    port = free_port()
    server = http.server.HTTPServer(("127.0.0.1", port), _AnotherProgram)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sleeper = Service(name="rasa", program="python", args=["-c", "import time; time.sleep(30)"],
                      port=port, health_path="/", health_says="Hello from Rasa")
    running = RunningService(sleeper, tmp_path / "rasa.log")
    try:
        assert not running.is_healthy()
        sleeper.health_says = "some other program"
        assert running.is_healthy()
    finally:
        running.stop()
        server.shutdown()
