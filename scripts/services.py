"""The services of the product and how each one is started.

One definition serves the local run (scripts/serve.py), the end-to-end tests (on free ports), the
benchmark and the check that docker-compose.yml starts the same programs with the same arguments.
It describes one Rasa server with its action server (the embedded default: SQLite tracker store,
in-memory lock store) or several Rasa servers, each with its own action server, sharing one
PostgreSQL tracker store and one Redis lock store behind one gateway.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class RunSettings(BaseSettings):
    """Where the local run listens and keeps its files (SAMSKAPING_ env vars or .env)."""

    model_config = SettingsConfigDict(env_prefix="SAMSKAPING_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    gateway_port: int = 8000
    rasa_port: int = 5005
    action_port: int = 5055
    # Conversations (SQLite tracker store) and service logs; ignored by git.
    data_dir: Path = ROOT / "var"
    # SQLAlchemy URLs; unset means SQLite files in data_dir. The same variables tell the gateway
    # and the action server where the data is (userdata/settings.py), so they mean the same here.
    tracker_db_url: str | None = None
    userdata_url: str | None = None


@dataclass
class Service:
    name: str
    program: str  # the executable's name; locally it lives in a virtualenv, in a container on PATH
    args: list[str]
    port: int
    health_path: str
    # What the health response must contain, so that a check answered by another program on the
    # same port (a port taken between choosing and binding it) does not count as this service.
    health_says: str = ""
    env: dict[str, str] = field(default_factory=dict)
    kind: str = ""  # "rasa", "actions" or "gateway"; the name carries a number when there are several

    def __post_init__(self) -> None:
        self.kind = self.kind or self.name

    def argv(self, venv: Path) -> list[str]:
        return [str(venv / "bin" / self.program), *self.args]


@dataclass(frozen=True)
class RedisLockStore:
    """Rasa's lock store in Redis: required as soon as two Rasa servers share conversations."""

    host: str
    port: int = 6379
    db: int = 1
    password: str = ""
    # Alphanumeric (Rasa ignores any other prefix); keeps deployments or test runs that share one
    # Redis apart. Empty: Rasa's default prefix.
    key_prefix: str = ""

    def rasa_env(self) -> dict[str, str]:
        return {
            "RASA_LOCK_STORE": "redis",
            "RASA_LOCK_STORE_HOST": self.host,
            "RASA_LOCK_STORE_PORT": str(self.port),
            "RASA_LOCK_STORE_DB": str(self.db),
            "RASA_LOCK_STORE_PASSWORD": self.password,
            "RASA_LOCK_STORE_KEY_PREFIX": self.key_prefix,
        }


# endpoints.yml names every lock store variable, and Rasa refuses to start when one is unset, so
# the in-memory lock store sets them too (Rasa ignores them for it).
IN_MEMORY_LOCK_STORE_ENV = {
    "RASA_LOCK_STORE": "in_memory",
    "RASA_LOCK_STORE_HOST": "",
    "RASA_LOCK_STORE_PORT": "6379",
    "RASA_LOCK_STORE_DB": "1",
    "RASA_LOCK_STORE_PASSWORD": "",
    "RASA_LOCK_STORE_KEY_PREFIX": "",
}

MAIN_VENV = ROOT / ".venv"
RASA_VENV = ROOT / ".venv-rasa"
MODELS_DIR = "models"


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{path}"


def rasa_sql_url(url: str) -> str:
    """The tracker store URL as Rasa must get it. Rasa 3.6 runs SQLAlchemy 1.4 with psycopg2 (its
    own dependency); the main environment runs SQLAlchemy 2 with psycopg 3. Only the scheme changes,
    so a password written as ${VAR} for compose stays as it is."""
    scheme, separator, rest = url.partition("://")
    if separator and scheme.split("+")[0] in ("postgresql", "postgres"):
        return f"postgresql+psycopg2://{rest}"
    return url


def _names(kind: str, count: int) -> list[str]:
    # One of a kind keeps its plain name, as `make run` and the e2e tests know it.
    return [kind] if count == 1 else [f"{kind}-{i}" for i in range(1, count + 1)]


def _database_label(name: str) -> dict[str, str]:
    # libpq (psycopg2 in Rasa, psycopg 3 elsewhere) names each connection after its service in
    # PostgreSQL's pg_stat_activity, so one can see which server holds which connections and when
    # each last used the tracker store (the scale-out test tells the Rasa servers apart this way).
    return {"PGAPPNAME": name}


def define(
    *,
    host: str,
    gateway_port: int,
    rasa_ports: Sequence[int],
    action_ports: Sequence[int],
    tracker_store_url: str,
    userdata_url: str,
    lock_store: RedisLockStore | None = None,
    rasa_hosts: Sequence[str] | None = None,
    action_hosts: Sequence[str] | None = None,
) -> dict[str, Service]:
    """Rasa server i talks to action server i. URLs are SQLAlchemy URLs as the main environment
    writes them (e.g. postgresql+psycopg://…); Rasa gets the tracker store URL in its own dialect.
    `rasa_hosts`/`action_hosts` are how the others reach each server (compose service names);
    by default `host`."""
    count = len(rasa_ports)
    if count < 1 or len(action_ports) != count:
        raise ValueError("each Rasa server needs exactly one action server")
    if count > 1 and lock_store is None:
        raise ValueError("several Rasa servers need the Redis lock store, or two of them could "
                         "handle messages of one conversation at once")
    if count > 1 and tracker_store_url.startswith("sqlite"):
        raise ValueError("several Rasa servers need a shared tracker store (PostgreSQL), not SQLite")
    rasa_hosts = list(rasa_hosts or [host] * count)
    action_hosts = list(action_hosts or [host] * count)
    lock_env = lock_store.rasa_env() if lock_store else IN_MEMORY_LOCK_STORE_ENV

    services: dict[str, Service] = {}
    for name, port in zip(_names("actions", count), action_ports):
        services[name] = Service(
            name=name,
            kind="actions",
            program="python",
            args=["-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
            port=port,
            health_path="/health",
            health_says='"status":"ok"',
            # rasa-sdk listens on all interfaces unless told otherwise.
            env={"SANIC_HOST": host, "SAMSKAPING_USERDATA_URL": userdata_url, **_database_label(name)},
        )
    for name, port, action_host, action_port in zip(_names("rasa", count), rasa_ports, action_hosts, action_ports):
        services[name] = Service(
            name=name,
            kind="rasa",
            program="rasa",
            # No --enable-api: Rasa's HTTP API stays closed; the gateway uses only the REST channel.
            args=[
                "run",
                "--model", MODELS_DIR,
                "--endpoints", "endpoints.yml",
                "--credentials", "credentials.yml",
                "--logging-config-file", "rasa-logging.yml",
                "--interface", host,
                "--port", str(port),
            ],
            port=port,
            health_path="/",
            health_says="Hello from Rasa",
            env={
                "ACTION_SERVER_URL": f"http://{action_host}:{action_port}/webhook",
                "RASA_TRACKER_STORE_URL": rasa_sql_url(tracker_store_url),
                **lock_env,
                **_database_label(name),
                "RASA_TELEMETRY_ENABLED": "false",
                # endpoints.yml and rasa-logging.yml name classes in rasa_addons/, in the folder Rasa runs in.
                "PYTHONPATH": ".",
            },
        )
    services["gateway"] = Service(
        name="gateway",
        program="python",
        args=["-m", "uvicorn", "bot.app:app", "--host", host, "--port", str(gateway_port)],
        port=gateway_port,
        health_path="/healthz",
        health_says='"gateway":"ok"',
        env={
            "SAMSKAPING_RASA_URLS": ",".join(f"http://{h}:{p}" for h, p in zip(rasa_hosts, rasa_ports)),
            "SAMSKAPING_ACTION_SERVER_URLS": ",".join(f"http://{h}:{p}" for h, p in zip(action_hosts, action_ports)),
            "SAMSKAPING_USERDATA_URL": userdata_url,
            # The gateway erases a conversation from Rasa's tracker store on «slett dataene mine».
            "SAMSKAPING_TRACKER_DB_URL": tracker_store_url,
            **_database_label("gateway"),
        },
    )
    return services


def local(settings: RunSettings | None = None) -> dict[str, Service]:
    """`make run`: one Rasa server and one action server, SQLite files, in-memory lock store."""
    settings = settings or RunSettings()
    return define(
        host=settings.host,
        gateway_port=settings.gateway_port,
        rasa_ports=[settings.rasa_port],
        action_ports=[settings.action_port],
        tracker_store_url=settings.tracker_db_url or sqlite_url(settings.data_dir / "rasa.db"),
        userdata_url=settings.userdata_url or sqlite_url(settings.data_dir / "userdata.db"),
    )


def venv_for(service: Service) -> Path:
    return RASA_VENV if service.kind == "rasa" else MAIN_VENV
