"""The current time as a FastAPI dependency, so that tests can move it (snapshots are released
at fixed moments; a test cannot wait a day)."""
from datetime import datetime, timezone


def get_now() -> datetime:
    return datetime.now(timezone.utc)
