"""The gateway process's settings: typed sections, read once at start and passed in.

    Settings
    ├── gateway:  GatewaySettings   (this module: HTTP, Rasa, limits, Telegram, trainer pages)
    └── userdata: UserdataSettings  (userdata/settings.py: databases, group size, retention, …)

Each section is a pydantic-settings class in the package it configures, reading environment
variables prefixed SAMSKAPING_ (or a .env file) under their field names, so a field `rasa_url`
is SAMSKAPING_RASA_URL whatever section it is in. `load_settings()` reads every section once;
the app factory (bot.app.create_app), the Telegram bot in polling mode and the tests call it and
hand the result on. Routers get it through FastAPI dependencies (bot/dependencies.py).

A new setting goes into the section of the package that uses it; a new section is one field here
and one line in load_settings.
"""
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, IPvAnyNetwork, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from userdata.settings import UserdataSettings


# `make run` writes its random gateway token here (scripts/serve.py), so that the Telegram bot in
# polling mode, started beside it, can talk to Rasa too. The environment and .env come first.
RUN_SECRETS = Path(__file__).resolve().parent.parent / "var" / "service-secrets.env"


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMSKAPING_", env_file=(RUN_SECRETS, ".env"), extra="ignore")

    rasa_url: str = "http://127.0.0.1:5005"
    # Sent to Rasa's REST channel in X-Samskaping-Rasa-Token on every message; Rasa refuses
    # messages without it (rasa_addons/rest_channel.py), so nobody else on the network can talk
    # to Rasa as any user. `make run` and the tests make a random one per run.
    rasa_token: SecretStr | None = None
    # Rasa may wait for the action server, which waits for the knowledge index on its first call.
    rasa_timeout_seconds: float = 60.0
    health_timeout_seconds: float = 2.0
    # A leader's question is a few lines; 4,000 characters leaves room for pasted context.
    max_message_chars: int = 4000
    # Requests larger than this are refused before they are parsed.
    max_body_bytes: int = 16 * 1024
    # Intranet pages on other hosts that may embed the widget and call the API, comma-separated
    # (e.g. "https://intranett.kommune.no,https://ansatt.kommune.no"). Empty: same origin only.
    allowed_origins: Annotated[list[str], NoDecode] = []
    # Limits in the `limits` notation ("60/minute", "5/second;100/hour"). A person clicking
    # through the readiness check sends ~1 message every few seconds; per-client is generous
    # because a whole town hall may reach the gateway through one NAT address.
    rate_limit_per_sender: str = "60/minute"
    rate_limit_per_client: str = "1200/minute"
    # How many user and bot events the widget gets back when it reloads a conversation.
    history_limit: int = 200
    # What one sender may add to the stored conversation per day (the tracker store's bytes:
    # messages, replies, their metadata). A person asking questions all day stores well under a
    # megabyte; without a cap one sender could store ~25 MB a minute for a year.
    max_stored_bytes_per_sender_per_day: int = 5_000_000
    # Join codes tried per client address (every tried code counts, in the API and typed in the
    # chat), and wrong codes after which the address may try none until the window has passed.
    # Generous, because a whole class may join at once through one town hall address.
    join_tries_per_client: str = "60/hour"
    join_misses_per_client: str = "20/hour"
    # Seconds a client may take to send a request's headers, and then its body, before the
    # connection is closed with 408 (bot/http_protocol.py; a reverse proxy should cut sooner).
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 30.0
    # FastAPI's /docs and /redoc load Swagger UI from a CDN and /openapi.json lists every route;
    # off unless wanted (e.g. on a developer's machine).
    api_docs: bool = False

    # Telegram (bot/telegram/). "off": no Telegram; "polling": run `python -m bot.telegram`
    # (no inbound HTTPS needed); "webhook": the gateway serves POST /telegram/webhook.
    telegram_mode: Literal["off", "polling", "webhook"] = "off"
    telegram_token: SecretStr | None = None
    # Telegram sends it back in X-Telegram-Bot-Api-Secret-Token on every webhook update.
    telegram_webhook_secret: SecretStr | None = None
    # The public HTTPS address of /telegram/webhook; when set, the gateway registers it at start.
    telegram_webhook_url: str | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    # Key of the HMAC that turns a Telegram user id into the Rasa sender id (tg-…), so Telegram
    # user ids are not stored in Rasa. Required with Telegram on; changing it starts every Telegram
    # user on a new conversation.
    telegram_sender_secret: SecretStr | None = None
    # A burst from one Telegram user gets one polite "slow down", not one Rasa call per message.
    rate_limit_per_telegram_user: str = "20/minute"
    # How often polling mode asks for updates when Telegram has none (long polling waits anyway).
    telegram_poll_interval_seconds: float = 0.0

    # Trainer pages (/trainer). The key that signs trainers' login cookies; with several gateway
    # processes they must share it. Unset: a random key per process, so logins end at a restart.
    session_secret: SecretStr | None = None
    # Hours a trainer stays logged in.
    session_hours: int = 8
    # Send the login cookie over HTTPS only; on for any deployment behind TLS.
    secure_cookies: bool = False
    # Password guessing: attempts per client address (any username) …
    rate_limit_trainer_login: str = "10/minute;50/day"
    # … and per (username, address): this many wrong passwords are free, then each one doubles the
    # wait before the next try from that address, up to the maximum. Nobody can lock a trainer
    # out by failing from other addresses; the trainer's own address keeps its own count.
    login_free_failures: int = 3
    login_max_delay_seconds: int = 900
    # The address the trainer pages are served at (e.g. "https://radgiveren.kommune.no"), for the
    # check that a form was posted from them. Empty: the request's own Host.
    public_origin: str = ""

    # Scale-out: several Rasa servers, comma-separated ("http://rasa-1:5005,http://rasa-2:5005").
    # They share one tracker store and lock store, so any of them can take any message; the
    # gateway takes turns and passes a message to the next one when a server cannot be reached.
    # Empty: rasa_url alone. Each Rasa server has its own action server, which only Rasa may reach;
    # /healthz asks each Rasa server whether its action server answers.
    rasa_urls: Annotated[list[str], NoDecode] = []
    # A server that does not accept the connection in this time is treated as down and the next one
    # is tried; a connection refused fails over at once.
    rasa_connect_timeout_seconds: float = 2.0

    # Operations (bot/metrics.py, bot/routers/health.py, bot/limit_storage.py).
    # GET /metrics (Prometheus) answers only clients in these networks (comma-separated, CIDR);
    # others get 403. Loopback by default, so only the machine itself can read them; compose names
    # the network Prometheus scrapes from. "0.0.0.0/0,::/0" opens it to everyone.
    metrics_allowed_networks: Annotated[list[IPvAnyNetwork], NoDecode] = ["127.0.0.0/8", "::1/128"]
    # Where the rate limits count, as a `limits` storage URL: "memory://" counts in this process;
    # "redis://:PASSWORD@HOST:6379/1" counts in Redis, so several gateway processes share every
    # limit (per sender, per client address, join codes, trainer logins, Telegram users).
    rate_limit_storage_url: str = "memory://"
    # Every key in a shared storage starts with this, so deployments (or test runs) that share one
    # Redis count apart.
    rate_limit_key_prefix: str = "samskaping"

    @field_validator("metrics_allowed_networks", mode="before")
    @classmethod
    def _comma_separated_networks(cls, value):
        if isinstance(value, str):
            return [network.strip() for network in value.split(",") if network.strip()]
        return value

    @field_validator("rasa_urls", mode="before")
    @classmethod
    def _comma_separated_urls(cls, value):
        if isinstance(value, str):
            return [url.strip().rstrip("/") for url in value.split(",") if url.strip()]
        return value

    @property
    def rasa_servers(self) -> list[str]:
        return self.rasa_urls or [self.rasa_url]

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value


class Settings(BaseModel):
    """Everything the gateway process is configured by, one typed section per package."""

    model_config = ConfigDict(frozen=True)

    gateway: GatewaySettings
    userdata: UserdataSettings


def load_settings(**gateway: object) -> Settings:
    """Reads every section from the environment (and .env) once. Keyword arguments override
    gateway fields (a test's or a tool's own choice, e.g. ``telegram_mode="off"``)."""
    return Settings(gateway=GatewaySettings(**gateway), userdata=UserdataSettings())
