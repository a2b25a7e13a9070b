import pytest
from fastapi.testclient import TestClient

from scripts.processes import free_port as closed_port


@pytest.fixture
def make_client(monkeypatch, tmp_path):
    """The real gateway app, in-process, on fresh SQLite databases, with Rasa and the action server
    on closed ports unless given; keyword arguments set SAMSKAPING_<NAME> settings."""

    clients = []

    def make(rasa_url: str | None = None, **env) -> TestClient:
        monkeypatch.setenv("SAMSKAPING_RASA_URL", rasa_url or f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("SAMSKAPING_ACTION_SERVER_URL", f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("SAMSKAPING_USERDATA_URL", f"sqlite:///{tmp_path / 'userdata.db'}")
        monkeypatch.setenv("SAMSKAPING_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'rasa.db'}")
        for name, value in env.items():
            monkeypatch.setenv(f"SAMSKAPING_{name.upper()}", value)
        from bot.app import create_app

        client = TestClient(create_app())
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
