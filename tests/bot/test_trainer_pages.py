"""The trainer pages: login, own cohorts only, group figures only from five participants,
discussion material and CSV export. A real app and a real SQLite user-data database."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest

import userdata
from userdata import cohorts, trainers

PASSWORD = "a long password"


@pytest.fixture
def client(make_client):
    return make_client(rate_limit_trainer_login="5/minute")


def log_in(client, username="trude"):
    response = client.post("/trainer/login", data={"username": username, "password": PASSWORD, "next": "/trainer"})
    assert response.status_code == 200, response.text
    return response


def next_day(client) -> None:
    """Moves the gateway's clock a day on: group figures come from the snapshot taken at the next
    midnight (UTC), never live."""
    from bot.clock import get_now

    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    client.app.dependency_overrides[get_now] = lambda: tomorrow


def finished_check(sender: str, competence: float, room: float) -> None:
    scores = {"competence": competence, "room": room, "trust": 50.0, "facilitation": 100.0, "organisation": 50.0}
    userdata.save_readiness(sender, {"dimension_scores": scores}, b"png", "nb")


@pytest.fixture
def cohort(client):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    return cohorts.create_cohort(trainer_id, "Lederprogram høst", date(2026, 9, 1))


def test_the_trainer_pages_ask_for_a_login_first(client, cohort):
    response = client.get(f"/trainer/cohorts/{cohort.id}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/trainer/login?next=/trainer/cohorts/{cohort.id}"


def test_a_wrong_password_is_refused_and_repeated_guessing_is_slowed_down(client, cohort):
    # Three wrong passwords are free; the fourth makes this address wait before the next try.
    for _ in range(4):
        response = client.post("/trainer/login", data={"username": "trude", "password": "wrong one!"})
        assert response.status_code == 401 and "Feil brukernavn eller passord" in response.text
    response = client.post("/trainer/login", data={"username": "trude", "password": PASSWORD})
    assert response.status_code == 429 and "For mange forsøk" in response.text


def test_the_login_cookie_is_strict_and_http_only(client, cohort):
    response = client.post("/trainer/login", data={"username": "trude", "password": PASSWORD}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "samesite=strict" in cookie and "httponly" in cookie and "path=/trainer" in cookie


def test_login_never_redirects_off_the_trainer_pages(client, cohort):
    response = client.post("/trainer/login", data={"username": "trude", "password": PASSWORD,
                                                   "next": "//evil.example/phish"}, follow_redirects=False)
    assert response.headers["location"] == "/trainer"


def test_a_trainer_creates_a_cohort_and_gets_a_join_code(client, cohort):
    log_in(client)
    response = client.post("/trainer/cohorts", data={"name": "Gruppe 2", "starts": "2026-10-01", "ends": "2026-12-01"})
    assert response.status_code == 200 and "Gruppe 2" in response.text
    trainer_id = trainers.authenticate("trude", PASSWORD).id
    code = next(c.join_code for c in cohorts.cohorts_of(trainer_id) if c.name == "Gruppe 2")
    assert code in response.text and f"/kurs/{code}" in response.text and f"/kurs {code}" in response.text


def test_a_cohort_with_an_end_before_its_start_is_refused_with_a_reason(client, cohort):
    log_in(client)
    response = client.post("/trainer/cohorts", data={"name": "X", "starts": "2026-10-01", "ends": "2026-09-01"})
    assert response.status_code == 422 and "Sluttdatoen kan ikke være før startdatoen" in response.text


def test_another_trainers_cohort_is_not_found(client, cohort):
    trainers.create_trainer("ola", PASSWORD)
    log_in(client, "ola")
    for path in ("", "/chart.svg", "/discussion", "/results.csv"):
        assert client.get(f"/trainer/cohorts/{cohort.id}{path}").status_code == 404


def test_four_participants_show_counts_but_no_group_figures(client, cohort):
    for i in range(4):
        cohorts.join(f"p{i}", cohort.join_code)
        finished_check(f"p{i}", 0, 100)
    log_in(client)
    page = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert 'data-testid="joined">4<' in page and 'data-testid="completed">4<' in page
    assert "vises når minst 5 deltakere" in page and "chart.svg" not in page
    assert client.get(f"/trainer/cohorts/{cohort.id}/chart.svg").status_code == 404
    rows = list(csv.reader(io.StringIO(client.get(f"/trainer/cohorts/{cohort.id}/results.csv").text.lstrip("\ufeff"))))
    assert ["fullfoert_klarhetssjekk", "4"] in rows and not any(r and r[0] == "dimensjon" for r in rows)


def test_five_participants_show_the_chart_figures_and_weak_areas_with_sections_to_read(client, cohort):
    for i in range(5):
        cohorts.join(f"p{i}", cohort.join_code)
        finished_check(f"p{i}", competence=0, room=100)
    log_in(client)
    next_day(client)
    page = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert f"/trainer/cohorts/{cohort.id}/chart.svg" in page
    assert "Tilstrekkelig kompetanse om samskaping" in page
    assert "svakt område (lite på plass) for 5 av 5" in page
    # The sections to read are cited as everywhere else (citations.cite).
    assert "Borge og Kaasa (2023), Å lede samskaping, 4.2.1.1.1 Felles forståelse av samskaping" in page
    assert "Snitt" not in page  # band counts only, no mean
    assert "Lite på plass (under 40), Delvis (40–69), Godt på plass (70+)" in page  # checklists/bands.py
    chart = client.get(f"/trainer/cohorts/{cohort.id}/chart.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in chart.content
    rows = list(csv.reader(io.StringIO(client.get(f"/trainer/cohorts/{cohort.id}/results.csv").text.lstrip("\ufeff"))))
    header = rows.index(["dimensjon", "deltakere", "lite_paa_plass", "delvis", "godt_paa_plass"])
    assert rows[header + 1] == ["Tilstrekkelig kompetanse om samskaping", "5", "5", "0", "0"]


def test_the_discussion_material_puts_the_groups_weakest_areas_first_with_quotes_and_sources(client, cohort):
    for i in range(5):
        cohorts.join(f"p{i}", cohort.join_code)
        finished_check(f"p{i}", competence=100, room=0)
    log_in(client)
    next_day(client)
    page = client.get(f"/trainer/cohorts/{cohort.id}/discussion").text
    first_heading = page.index("<h2>", page.index("Samtaleunderlag"))
    assert page[first_heading:].startswith("<h2>Rom for samskaping")
    assert "gruppas svakeste" in page and "Refleksjonsspørsmål" in page
    assert "Informantene oppgir at tilstrekkelig avsatte ressurser er en forutsetning for samskaping." in page
    assert "Vedlegg 3: Intervjuguide" in page and "vedlegg-3" not in page


def test_a_cohort_name_cannot_become_a_spreadsheet_formula(client):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    cohort = cohorts.create_cohort(trainer_id, "=HYPERLINK(\"http://evil\")", date(2026, 9, 1))
    log_in(client)
    rows = list(csv.reader(io.StringIO(client.get(f"/trainer/cohorts/{cohort.id}/results.csv").text.lstrip("\ufeff"))))
    assert rows[0][1].startswith("'=")


def test_a_cohort_name_is_shown_as_text_not_markup(client):
    trainer_id = trainers.create_trainer("trude", PASSWORD)
    cohort = cohorts.create_cohort(trainer_id, "<img src=x onerror=alert(1)>", date(2026, 9, 1))
    log_in(client)
    page = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_deleting_a_cohort_keeps_participants_results(client, cohort):
    cohorts.join("anne", cohort.join_code)
    finished_check("anne", 50, 50)
    log_in(client)
    assert client.post(f"/trainer/cohorts/{cohort.id}/delete").status_code == 200
    assert cohorts.membership("anne") is None and userdata.latest_readiness("anne") is not None


def test_logging_out_ends_access(client, cohort):
    log_in(client)
    client.post("/trainer/logout")
    assert client.get("/trainer", follow_redirects=False).status_code == 303
