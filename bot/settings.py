"""Every gateway setting, from environment variables prefixed SAMSKAPING_ (or a .env file)."""
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


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


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
