"""GET /metrics on the action server (Prometheus), through rasa-sdk's plugin hook, for the metrics
actions/metrics.py defines.

One process (rasa_sdk_plugins/serve.py, the default) serves its own counts. With several Sanic
workers (ACTION_SERVER_SANIC_WORKERS) under a supervising process, a scrape reaches any one worker,
so the workers count in prometheus_client's multiprocess mode: the supervisor makes an empty folder
for their files before it starts them (or empties the one PROMETHEUS_MULTIPROC_DIR names) and each
/metrics adds up every worker's counts. Workers are started with "spawn", so they import
prometheus_client after the variable is set.

/metrics needs no token (Prometheus holds none, and the figures name nobody), but answers only
clients in SAMSKAPING_METRICS_ALLOWED_NETWORKS (comma-separated; loopback by default), like the
gateway's."""
from __future__ import annotations

import ipaddress
import os
import shutil
import tempfile
from pathlib import Path

import pluggy
from rasa_sdk.utils import number_of_sanic_workers
from sanic import Sanic, response

from network_access import Network, client_allowed

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
NETWORKS_VARIABLE = "SAMSKAPING_METRICS_ALLOWED_NETWORKS"
DEFAULT_NETWORKS = "127.0.0.0/8,::1/128"
PATH = "/metrics"

hookimpl = pluggy.HookimplMarker("rasa_sdk")


def allowed_networks() -> list[Network]:
    text = os.environ.get(NETWORKS_VARIABLE) or DEFAULT_NETWORKS
    try:
        return [ipaddress.ip_network(part.strip()) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise RuntimeError(f"{NETWORKS_VARIABLE}: {error} (write networks as 10.0.0.0/8, comma-separated)") from None


def prepare_multiprocess_folder() -> Path | None:
    """In the supervising process: a fresh folder for the workers' counts. Returns the folder to
    remove at the end when this process made it."""
    named = os.environ.get(MULTIPROC_VARIABLE)
    if named:
        # Counts left from a previous run would be added to this run's.
        folder = Path(named)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            # This process's own files (counter_<pid>.db) may exist already: it imported the
            # actions, and so made their metrics, before the plugins run.
            if not stale.stem.endswith(f"_{os.getpid()}"):
                stale.unlink()
        return None
    made = Path(tempfile.mkdtemp(prefix="samskaping-action-metrics-"))
    os.environ[MULTIPROC_VARIABLE] = str(made)
    return made


class ActionServerMetrics:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        networks = allowed_networks()
        several_workers = number_of_sanic_workers() > 1
        if not os.environ.get("SANIC_WORKER_NAME") and (several_workers or os.environ.get(MULTIPROC_VARIABLE)):
            made = prepare_multiprocess_folder()
            if made is not None:
                app.main_process_stop(lambda *_: shutil.rmtree(made, ignore_errors=True))

        @app.get(PATH)
        async def metrics(request):
            if not client_allowed(request.client_ip, networks):
                return response.json({"error": f"{PATH} is served to {NETWORKS_VARIABLE} only"}, status=403)
            # Imported here: in a worker, after the supervisor has set the folder.
            from prometheus_client import REGISTRY, CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess

            registry = REGISTRY
            if os.environ.get(MULTIPROC_VARIABLE):
                registry = CollectorRegistry()
                multiprocess.MultiProcessCollector(registry)
            return response.raw(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
