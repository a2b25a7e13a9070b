"""Where user data lives (SAMSKAPING_ env vars or .env). SQLite files under var/ by default."""
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class UserdataSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMSKAPING_", env_file=".env", extra="ignore")

    userdata_url: str = f"sqlite:///{ROOT / 'var' / 'userdata.db'}"
    # Rasa's tracker store, so that "delete my data" can erase the conversation itself.
    tracker_db_url: str = f"sqlite:///{ROOT / 'var' / 'rasa.db'}"


@lru_cache
def get_settings() -> UserdataSettings:
    return UserdataSettings()
