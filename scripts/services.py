"""The three services of the product and how each one is started.

One definition serves the local run (scripts/serve.py), the end-to-end tests (on free ports) and
the check that docker-compose.yml starts the same programs with the same arguments.
"""
from __future__ import annotations

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


@dataclass
class Service:
    name: str
    program: str  # the executable's name; locally it lives in a virtualenv, in a container on PATH
    args: list[str]
    port: int
    health_path: str
    env: dict[str, str] = field(default_factory=dict)

    def argv(self, venv: Path) -> list[str]:
        return [str(venv / "bin" / self.program), *self.args]


MAIN_VENV = ROOT / ".venv"
RASA_VENV = ROOT / ".venv-rasa"
MODELS_DIR = "models"


def define(
    *,
    host: str,
    gateway_port: int,
    rasa_port: int,
    action_port: int,
    tracker_db: str,
    userdata_db: str,
    rasa_host: str | None = None,
    action_host: str | None = None,
) -> dict[str, Service]:
    """`rasa_host`/`action_host` are how the other services reach them (a compose service name)."""
    rasa_host = rasa_host or host
    action_host = action_host or host
    return {
        "actions": Service(
            name="actions",
            program="python",
            args=["-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
            port=action_port,
            health_path="/health",
            # rasa-sdk listens on all interfaces unless told otherwise.
            env={"SANIC_HOST": host, "SAMSKAPING_USERDATA_URL": f"sqlite:///{userdata_db}"},
        ),
        "rasa": Service(
            name="rasa",
            program="rasa",
            # No --enable-api: Rasa's HTTP API stays closed; the gateway uses only the REST channel.
            args=[
                "run",
                "--model", MODELS_DIR,
                "--endpoints", "endpoints.yml",
                "--credentials", "credentials.yml",
                "--logging-config-file", "rasa-logging.yml",
                "--interface", host,
                "--port", str(rasa_port),
            ],
            port=rasa_port,
            health_path="/",
            env={
                "ACTION_SERVER_URL": f"http://{action_host}:{action_port}/webhook",
                "RASA_TRACKER_DB": tracker_db,
                "RASA_TELEMETRY_ENABLED": "false",
            },
        ),
        "gateway": Service(
            name="gateway",
            program="python",
            args=["-m", "uvicorn", "bot.app:app", "--host", host, "--port", str(gateway_port)],
            port=gateway_port,
            health_path="/healthz",
            env={
                "SAMSKAPING_RASA_URL": f"http://{rasa_host}:{rasa_port}",
                "SAMSKAPING_ACTION_SERVER_URL": f"http://{action_host}:{action_port}",
                "SAMSKAPING_USERDATA_URL": f"sqlite:///{userdata_db}",
                # The gateway erases a conversation from Rasa's tracker store on «slett dataene mine».
                "SAMSKAPING_TRACKER_DB_URL": f"sqlite:///{tracker_db}",
            },
        ),
    }


def local(settings: RunSettings | None = None) -> dict[str, Service]:
    settings = settings or RunSettings()
    return define(
        host=settings.host,
        gateway_port=settings.gateway_port,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        tracker_db=str(settings.data_dir / "rasa.db"),
        userdata_db=str(settings.data_dir / "userdata.db"),
    )


def venv_for(service: Service) -> Path:
    return RASA_VENV if service.name == "rasa" else MAIN_VENV
