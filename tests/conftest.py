"""What every test gets: its own empty databases, and a guard that no test touches var/.

var/ holds a developer's real conversations and user data (`make run`). Settings default to SQLite
files there, so every test runs with SAMSKAPING_USERDATA_URL and SAMSKAPING_TRACKER_DB_URL
pointing into its own temporary folder, the process's userdata database (userdata.database.use)
made from them, and the gateway's settings not reading var/service-secrets.env."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


def var_state() -> dict[str, tuple[int, int]]:
    """Every file under var/ with its size and modification time (nanoseconds)."""
    if not VAR.exists():
        return {}
    return {str(path.relative_to(VAR)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(VAR.rglob("*")) if path.is_file()}


@pytest.fixture(scope="session", autouse=True)
def var_is_left_alone():
    """Fails the run (as an error of its last test) if any test created, changed or deleted a
    file under var/."""
    before = var_state()
    yield
    after = var_state()
    assert after == before, f"a test touched var/: {sorted(set(after.items()) ^ set(before.items()))}"


@pytest.fixture(autouse=True)
def temporary_databases(tmp_path, monkeypatch):
    """This test's own user-data database and tracker store (SQLite files under tmp_path)."""
    from bot.settings import GatewaySettings
    from userdata.database import Database, use
    from userdata.settings import UserdataSettings

    monkeypatch.setenv("SAMSKAPING_USERDATA_URL", f"sqlite:///{tmp_path / 'userdata.db'}")
    monkeypatch.setenv("SAMSKAPING_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'rasa.db'}")
    # `make run` leaves its random gateway token in var/service-secrets.env; tests use their own.
    monkeypatch.setitem(GatewaySettings.model_config, "env_file", ".env")
    database = use(Database(UserdataSettings()))
    yield database
    use(None)
