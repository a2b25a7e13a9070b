import pytest

from userdata.settings import get_settings


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh SQLite user-data database for one test."""
    monkeypatch.setenv("SAMSKAPING_USERDATA_URL", f"sqlite:///{tmp_path / 'userdata.db'}")
    monkeypatch.setenv("SAMSKAPING_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'rasa.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
