"""Attacks of issue 14 that need the gateway but not Rasa: performed against the real app
in-process on real SQLite databases. Each got through before the fix.

The attacks that need the running services are in tests/e2e/test_security_attacks.py."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

from userdata import cohorts, trainers

PASSWORD = "a long password"


@pytest.fixture
def client(make_client):
    return make_client()


def at(client: TestClient, address: str) -> TestClient:
    """The same gateway, reached from another client address."""
    other = TestClient(client.app, client=(address, 50000))
    return other


def log_in(client: TestClient, username: str = "trude") -> None:
    response = client.post("/trainer/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text


# --- finding 3: locking a trainer out -------------------------------------------------------------------

def test_wrong_passwords_from_rotating_addresses_do_not_lock_the_trainer_out(client):
    trainers.create_trainer("trude", PASSWORD)
    for n in range(11):
        attacker = at(client, f"10.0.0.{n + 1}")
        assert attacker.post("/trainer/login", data={"username": "trude", "password": "wrong guess!"}).status_code == 401
    own = at(client, "192.168.1.20")
    log_in(own)
    assert own.get("/trainer", follow_redirects=False).status_code == 200


def test_guessing_from_one_address_waits_longer_after_each_wrong_password(client):
    from bot.trainer.login_throttle import LoginThrottle
    from bot.settings import GatewaySettings

    now = [0.0]
    throttle = LoginThrottle(GatewaySettings(login_free_failures=3, rate_limit_trainer_login="1000/minute"),
                             clock=lambda: now[0])
    waits = []
    for _ in range(7):
        assert throttle.wait("trude", "10.0.0.9") is None
        throttle.failed("trude", "10.0.0.9")
        waits.append(throttle.wait("trude", "10.0.0.9") or 0)
        now[0] += 10_000
    assert waits == [0, 0, 0, 1, 2, 4, 8]
    assert throttle.wait("trude", "192.168.1.20") is None  # the trainer's own address is untouched
    throttle.succeeded("trude", "10.0.0.9")
    assert throttle.wait("trude", "10.0.0.9") is None


# --- finding 5: sessions that outlive logout ------------------------------------------------------------

def test_a_cookie_copied_before_logout_no_longer_works_after_it(client):
    trainers.create_trainer("trude", PASSWORD)
    log_in(client)
    copied = dict(client.cookies)
    client.post("/trainer/logout")
    thief = TestClient(client.app, cookies=copied)
    assert thief.get("/trainer", follow_redirects=False).status_code == 303
    refused = thief.post("/trainer/cohorts", data={"name": "Stjålet", "starts": "2026-09-01"}, follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/trainer/login")


def test_a_cookie_stops_working_when_the_password_changes_or_the_trainer_is_deleted(client):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    log_in(client)
    trainers.set_password("trude", "another long password")
    assert client.get("/trainer", follow_redirects=False).status_code == 303

    trainers.set_password("trude", PASSWORD)
    log_in(client)
    assert trainers.delete_trainer("trude")
    page = client.get("/trainer", follow_redirects=False)
    assert page.status_code == 303 and "Innlogget som None" not in page.text
    client.post("/trainer/cohorts", data={"name": "Uten eier", "starts": "2026-09-01"})
    assert cohorts.cohorts_of(trainer_id) == []


def test_sqlite_keeps_cohorts_tied_to_a_trainer_and_the_admin_command_removes_orphans(client, tmp_path, capsys):
    from userdata.trainers import main

    with pytest.raises(IntegrityError):
        cohorts.create_cohort("no-such-trainer", "Uten eier", date(2026, 9, 1))
    # A cohort left without a trainer by a database from before foreign keys were enforced:
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    cohort = cohorts.create_cohort(trainer_id, "Gammel", date(2026, 9, 1))
    cohorts.join("web-anne", cohort.join_code)
    raw = sqlite3.connect(tmp_path / "userdata.db")
    raw.execute("DELETE FROM trainers")  # foreign keys are off on a plain connection
    raw.commit()
    raw.close()
    assert main(["orphans"]) == 0 and "Found 1 cohort(s)" in capsys.readouterr().out
    assert main(["orphans", "--delete"]) == 0
    assert cohorts.membership("web-anne") is None and cohorts.cohort_by_code(cohort.join_code) is None


# --- finding 9: cross-site form posts ---------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},
])
def test_a_trainer_form_posted_from_another_site_is_refused(client, headers):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    log_in(client)
    refused = client.post("/trainer/cohorts", data={"name": "Fra en annen side", "starts": "2026-09-01"},
                          headers=headers, follow_redirects=False)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "cross_site_request"
    assert cohorts.cohorts_of(trainer_id) == []


@pytest.mark.parametrize("headers", [
    {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    # What Chromium sends for a page's own form under a no-referrer policy.
    {"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    {},  # not a browser: no trainer's cookie rides along by accident
])
def test_a_trainer_form_from_the_trainer_pages_is_accepted(client, headers):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    log_in(client)
    assert client.get("/trainer").headers["referrer-policy"] == "same-origin"
    accepted = client.post("/trainer/cohorts", data={"name": "Herfra", "starts": "2026-09-01"},
                           headers=headers, follow_redirects=False)
    assert accepted.status_code == 303 and [c.name for c in cohorts.cohorts_of(trainer_id)] == ["Herfra"]


# --- finding 10: a lone surrogate ------------------------------------------------------------------------

@pytest.mark.parametrize("path, body", [
    ("/api/chat", b'{"sender": "web-x", "message": "hei \\ud800"}'),
    ("/api/cohort/join", b'{"sender": "web-x", "code": "K7M\\udfff2QX"}'),
])
def test_a_lone_surrogate_is_invalid_input_not_an_outage(client, caplog, path, body):
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "UnicodeEncodeError" not in caplog.text
    assert client.get("/healthz").json()["gateway"] == "ok"


def test_bidirectional_controls_are_dropped_from_course_names(client):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    cohort = cohorts.create_cohort(trainer_id, "Kurs \u202egnp.exe", date(2026, 9, 1))
    assert cohort.name == "Kurs gnp.exe"


# --- finding 12: API docs, media caching --------------------------------------------------------------------

def test_the_api_docs_are_off_unless_turned_on(make_client):
    client = make_client()
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(path).status_code == 404
    assert make_client(api_docs="true").get("/openapi.json").status_code == 200


def test_personal_media_are_never_kept_in_a_browser_cache(client):
    import userdata

    chart = userdata.save_readiness("web-anne", {}, b"\x89PNG", "nb")
    plan = userdata.save_plan("web-anne", {}, "# Plan", "nb")
    for path in (f"/media/readiness/{chart}.png", f"/media/plans/{plan}.md"):
        assert client.get(path).headers["cache-control"] == "no-store"


def test_the_widget_makes_its_id_with_the_browsers_csprng_only():
    from bot.routers.pages import STATIC_DIR

    script = (STATIC_DIR / "widget" / "samskaping.js").read_text()
    assert "Math.random" not in script and "crypto.getRandomValues" in script
    assert "/api/history/\" +" not in script and "encodeURIComponent(sender)" not in script


# --- finding 1 on the trainer page: seats and the member list ---------------------------------------------

def test_the_trainer_sets_the_seats_sees_the_members_and_removes_one(client):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    cohort = cohorts.create_cohort(trainer_id, "Gruppe", date(2026, 9, 1))
    real = cohorts.join("web-real", cohort.join_code)
    fake = cohorts.join("web-fake", cohort.join_code)
    log_in(client)
    client.post(f"/trainer/cohorts/{cohort.id}/seats", data={"seats": "2"})
    page = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert 'data-testid="seats">2<' in page and real.member_label in page and fake.member_label in page
    assert client.post("/api/cohort/join", json={"sender": "web-third", "code": cohort.join_code}).status_code == 409
    fake_id = next(m.id for m in cohorts.members(cohort.id) if m.label == fake.member_label)
    client.post(f"/trainer/cohorts/{cohort.id}/members/{fake_id}/remove")
    assert [m.label for m in cohorts.members(cohort.id)] == [real.member_label]
    assert client.post(f"/trainer/cohorts/{cohort.id}/seats", data={"seats": "0"}).status_code == 200
    assert "Antall plasser må være et tall" in client.get(f"/trainer/cohorts/{cohort.id}?problem=seats").text


def test_another_trainer_cannot_remove_members_or_close_the_cohort(client):
    owner = trainers.create_trainer("trude", PASSWORD)
    trainers.create_trainer("ola", PASSWORD)
    cohort = cohorts.create_cohort(owner, "Gruppe", date(2026, 9, 1))
    cohorts.join("web-anne", cohort.join_code)
    log_in(client, "ola")
    member = cohorts.members(cohort.id)[0]
    assert client.post(f"/trainer/cohorts/{cohort.id}/members/{member.id}/remove").status_code == 404
    assert client.post(f"/trainer/cohorts/{cohort.id}/close").status_code == 404
    assert len(cohorts.members(cohort.id)) == 1 and cohorts.cohort_by_code(cohort.join_code).closed is None


def test_join_codes_tried_through_the_api_lock_the_address_even_for_the_right_code(make_client):
    client = make_client(join_misses_per_client="3/hour")
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    cohort = cohorts.create_cohort(trainer_id, "Gruppe", date(2026, 9, 1))
    for n in range(3):
        assert client.post("/api/cohort/join", json={"sender": f"web-{n}", "code": f"ZZZZZ{n + 2}"}).status_code == 404
    locked = client.post("/api/cohort/join", json={"sender": "web-new", "code": cohort.join_code})
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "join_locked"
    assert cohorts.membership("web-new") is None
