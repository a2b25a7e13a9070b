"""The userdata section of the settings: where user data lives, and the rules that protect it
(SAMSKAPING_ env vars or .env). SQLite files under var/ by default.

Read once per process and given to userdata.database.Database (see userdata.database.use).
"""
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class UserdataSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMSKAPING_", env_file=".env", extra="ignore")

    userdata_url: str = f"sqlite:///{ROOT / 'var' / 'userdata.db'}"
    # Rasa's tracker store, so that "delete my data" can erase the conversation itself.
    tracker_db_url: str = f"sqlite:///{ROOT / 'var' / 'rasa.db'}"
    # A database server that is still starting (or restarting) is waited for this long, with one
    # log line per attempt, before the service gives up with a clear error.
    db_connect_timeout_seconds: float = 60.0
    db_retry_interval_seconds: float = 2.0
    # Trainers see group figures only when at least this many participants contributed, so that
    # no individual can be singled out.
    min_group_size: int = 5
    # Group figures come from snapshots taken at most once per this many hours (aligned to UTC
    # midnight for 24), and a snapshot is released only when at least min_group_size participants
    # changed since the last released one (userdata/cohort_snapshots.py).
    snapshot_interval_hours: float = 24.0
    # Seats a new cohort gets until the trainer sets the size of the group.
    default_seats: int = 30
    max_seats: int = 500
    # Join codes tried per sender (web sender id or Telegram user): every tried code counts, and
    # after this many wrong codes in an hour the sender may not try any code, right or wrong,
    # until the hour has passed. The gateway limits each client address the same way.
    join_tries_per_sender_per_hour: int = 10
    join_misses_per_sender_per_hour: int = 5
    # Conversations and user records older than this many days are deleted (userdata/retention.py);
    # 0 keeps them forever. A year: a leader comes back to a result or plan over a planning year.
    retention_days: int = 365
    # How often the gateway purges (it also purges once at start).
    retention_interval_hours: float = 6.0
