"""No test touches var/, where `make run` keeps a developer's real conversations and user data:
every test gets its own databases (tests/conftest.py), and the whole run fails if a file under
var/ was created, changed or deleted (`var_is_left_alone`)."""
from fastapi.testclient import TestClient

from tests.conftest import VAR, var_state


def test_the_settings_a_test_reads_point_into_its_own_folder_not_var(tmp_path):
    from bot.settings import load_settings
    from userdata.database import current

    settings = load_settings()
    for url in (settings.userdata.userdata_url, settings.userdata.tracker_db_url,
                current().settings.userdata_url, current().settings.tracker_db_url):
        assert str(tmp_path) in url and str(VAR) not in url


def test_the_gateway_started_with_its_retention_purge_works_on_the_tests_databases(tmp_path):
    from bot.app import create_app

    before = var_state()
    with TestClient(create_app()) as client:  # the lifespan purges old data at start
        assert client.post("/api/cohort/leave", json={"sender": "web-anne"}).status_code == 200
        assert client.get("/api/history", headers={"X-Samskaping-Sender": "web-anne"}).status_code == 200
    assert var_state() == before
    # The purge and the requests reached the test's own database: it was made and migrated.
    assert (tmp_path / "userdata.db").stat().st_size > 0


def test_the_guard_sees_a_file_written_under_var(tmp_path, monkeypatch):
    # The guard's own check on a stand-in folder: a new file is a difference it reports.
    import tests.conftest as guard

    monkeypatch.setattr(guard, "VAR", tmp_path / "var")
    (tmp_path / "var").mkdir()
    before = guard.var_state()
    (tmp_path / "var" / "userdata.db").write_bytes(b"x")
    assert guard.var_state() != before
