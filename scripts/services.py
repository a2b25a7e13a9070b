"""The services of the product and how each one is started.

One definition serves the local run (scripts/serve.py), the end-to-end tests (on free ports), the
benchmark and the check that docker-compose.yml starts the same programs with the same arguments.
It describes one Rasa server with its action server (the embedded default: SQLite tracker store,
in-memory lock store) or several Rasa servers, each with its own action server, sharing one
PostgreSQL tracker store and one Redis lock store behind one gateway.
"""
from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr
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
    # The secrets between the services: gateway → Rasa's REST channel, Rasa → action server.
    # Unset: a random one for this run, so nothing ever runs unauthenticated.
    rasa_token: SecretStr | None = None
    action_token: SecretStr | None = None
    # The gateway's HTTP server (uvicorn). X-Forwarded-For and -Proto are believed only from these
    # addresses (comma-separated, e.g. the reverse proxy's); empty: from nobody, as for `make run`,
    # where clients connect directly. Otherwise any client could claim any address and so escape
    # every per-address limit.
    forwarded_allow_ips: str = ""
    # Idle keep-alive connections are closed after this; over this many connections and requests at
    # once, new requests get 503; a request's headers may not exceed this many bytes.
    keep_alive_seconds: int = 5
    limit_concurrency: int = 200
    max_header_bytes: int = 16 * 1024


@dataclass(frozen=True)
class ServiceSecrets:
    """Shared secrets between the services (random per run unless configured)."""

    rasa_token: str
    action_token: str

    @classmethod
    def random(cls) -> "ServiceSecrets":
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32))


@dataclass(frozen=True)
class GatewayServer:
    """uvicorn's options for the gateway (RunSettings)."""

    forwarded_allow_ips: str = ""
    keep_alive_seconds: int = 5
    limit_concurrency: int = 200
    max_header_bytes: int = 16 * 1024

    def args(self) -> list[str]:
        return [
            # h11 with a deadline for headers and body (bot/http_protocol.py).
            "--http", "bot.http_protocol:TimedH11Protocol",
            "--forwarded-allow-ips", self.forwarded_allow_ips,
            "--timeout-keep-alive", str(self.keep_alive_seconds),
            "--limit-concurrency", str(self.limit_concurrency),
            "--h11-max-incomplete-event-size", str(self.max_header_bytes),
        ]


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

    def gateway_env(self) -> dict[str, str]:
        """The gateways count their rate limits in the same Redis, so that every gateway process
        counts each sender and address together (bot/limit_storage.py)."""
        password = f":{self.password}@" if self.password else ""
        return {
            "SAMSKAPING_RATE_LIMIT_STORAGE_URL": f"redis://{password}{self.host}:{self.port}/{self.db}",
            "SAMSKAPING_RATE_LIMIT_KEY_PREFIX": self.key_prefix or "samskaping",
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

# Where `make run` leaves its run's gateway token for other processes of the run (bot/settings.py).
SECRETS_FILE = "service-secrets.env"

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
    service_secrets: ServiceSecrets | None = None,
    gateway_server: GatewayServer | None = None,
) -> dict[str, Service]:
    """Rasa server i talks to action server i. URLs are SQLAlchemy URLs as the main environment
    writes them (e.g. postgresql+psycopg://…); Rasa gets the tracker store URL in its own dialect.
    `rasa_hosts`/`action_hosts` are how the others reach each server (compose service names);
    by default `host`. `service_secrets`: random ones when not given."""
    service_secrets = service_secrets or ServiceSecrets.random()
    gateway_server = gateway_server or GatewayServer()
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
            args=["-m", "rasa_sdk_plugins.serve", "--actions", "actions", "--port", str(port)],
            port=port,
            health_path="/health",
            health_says='"status":"ok"',
            # rasa-sdk listens on all interfaces unless told otherwise.
            env={"SANIC_HOST": host, "SAMSKAPING_USERDATA_URL": userdata_url,
                 "SAMSKAPING_ACTION_TOKEN": service_secrets.action_token, **_database_label(name)},
        )
    for name, port, action_host, action_port in zip(_names("rasa", count), rasa_ports, action_hosts, action_ports):
        services[name] = Service(
            name=name,
            kind="rasa",
            program="python",
            # The `rasa` command, after one import that makes it start 5 s sooner (rasa_addons/run.py).
            # No --enable-api: Rasa's HTTP API stays closed; the gateway uses only the REST channel.
            args=[
                "-m", "rasa_addons.run",
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
                # credentials.yml (the gateway's channel) and endpoints.yml (the action server).
                "SAMSKAPING_RASA_TOKEN": service_secrets.rasa_token,
                "SAMSKAPING_ACTION_TOKEN": service_secrets.action_token,
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
        args=["-m", "uvicorn", "--factory", "bot.app:create_app", "--host", host, "--port", str(gateway_port), *gateway_server.args()],
        port=gateway_port,
        health_path="/healthz",
        health_says='"gateway":"ok"',
        env={
            "SAMSKAPING_RASA_URLS": ",".join(f"http://{h}:{p}" for h, p in zip(rasa_hosts, rasa_ports)),
            "SAMSKAPING_RASA_TOKEN": service_secrets.rasa_token,
            "SAMSKAPING_USERDATA_URL": userdata_url,
            # The gateway erases a conversation from Rasa's tracker store on «slett dataene mine».
            "SAMSKAPING_TRACKER_DB_URL": tracker_store_url,
            **_database_label("gateway"),
            **(lock_store.gateway_env() if lock_store else {}),
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
        service_secrets=_configured_or_random(settings),
        gateway_server=GatewayServer(settings.forwarded_allow_ips, settings.keep_alive_seconds,
                                     settings.limit_concurrency, settings.max_header_bytes),
    )


def _configured_or_random(settings: RunSettings) -> ServiceSecrets:
    generated = ServiceSecrets.random()
    return ServiceSecrets(
        settings.rasa_token.get_secret_value() if settings.rasa_token else generated.rasa_token,
        settings.action_token.get_secret_value() if settings.action_token else generated.action_token,
    )


def venv_for(service: Service) -> Path:
    return RASA_VENV if service.kind == "rasa" else MAIN_VENV
