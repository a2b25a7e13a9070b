"""The gateway's settings and database are FastAPI dependencies (bot/dependencies.py): a test or a
tool replaces them with `app.dependency_overrides`, and the routes follow."""
from datetime import date

from fastapi.testclient import TestClient

from bot.app import create_app
from bot.dependencies import get_database, get_userdata_settings
from bot.settings import load_settings
from userdata import cohorts, trainers
from userdata.database import Database, bound
from userdata.settings import UserdataSettings


def test_overriding_the_database_moves_every_route_to_it(tmp_path):
    app = create_app(load_settings())
    other = Database(UserdataSettings(userdata_url=f"sqlite:///{tmp_path / 'other.db'}"))
    with bound(other):
        cohort = cohorts.create_cohort(trainers.create_trainer("trude", "et langt passord"), "Kull A", date(2025, 3, 1))
    with TestClient(app) as client:
        assert client.post("/api/cohort/join", json={"sender": "web-anne", "code": cohort.join_code}).status_code == 404
        app.dependency_overrides[get_database] = lambda: other
        assert client.post("/api/cohort/join", json={"sender": "web-anne", "code": cohort.join_code}).status_code == 200
    with bound(other):
        assert cohorts.membership("web-anne").name == "Kull A"
    assert cohorts.membership("web-anne") is None  # the app's own database was not touched
    other.dispose()


def test_overriding_the_settings_changes_what_the_routes_say():
    app = create_app(load_settings())
    app.dependency_overrides[get_userdata_settings] = lambda: UserdataSettings(min_group_size=9)
    with TestClient(app) as client:
        privacy = client.get("/api/cohort", headers={"X-Samskaping-Sender": "web-anne"}).json()["privacy"]
    assert "minst 9 deltakere" in privacy
