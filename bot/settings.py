"""Every gateway setting, from environment variables prefixed SAMSKAPING_ (or a .env file)."""
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMSKAPING_", env_file=".env", extra="ignore")

    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
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
    # Password guessing: attempts per client address and per username.
    rate_limit_trainer_login: str = "10/minute;50/day"

    # Scale-out: several Rasa servers, comma-separated ("http://rasa-1:5005,http://rasa-2:5005").
    # They share one tracker store and lock store, so any of them can take any message; the
    # gateway takes turns and passes a message to the next one when a server cannot be reached.
    # Empty: rasa_url alone. action_server_urls lists the action servers for /healthz the same way.
    rasa_urls: Annotated[list[str], NoDecode] = []
    action_server_urls: Annotated[list[str], NoDecode] = []
    # A server that does not accept the connection in this time is treated as down and the next one
    # is tried; a connection refused fails over at once.
    rasa_connect_timeout_seconds: float = 2.0

    @field_validator("rasa_urls", "action_server_urls", mode="before")
    @classmethod
    def _comma_separated_urls(cls, value):
        if isinstance(value, str):
            return [url.strip().rstrip("/") for url in value.split(",") if url.strip()]
        return value

    @property
    def rasa_servers(self) -> list[str]:
        return self.rasa_urls or [self.rasa_url]

    @property
    def action_servers(self) -> list[str]:
        return self.action_server_urls or [self.action_server_url]

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
