"""Every gateway setting, from environment variables prefixed SAMSKAPING_ (or a .env file)."""
from functools import lru_cache
from typing import Annotated

from pydantic import field_validator
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

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
