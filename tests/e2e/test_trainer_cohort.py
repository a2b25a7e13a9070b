"""A leadership programme end to end: a trainer account made with the admin command, a cohort
made on the trainer page, six participants joining with its code and finishing the readiness
check through the gateway, and the trainer page in Chromium showing the group's chart and figures.

Screenshots for a person to look at are written to test-artifacts/trainer/ (not committed)."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import httpx
import pytest
from playwright.sync_api import Page, expect

from scripts.services import ROOT
from tests.e2e.conftest import next_snapshot_period
from tests.e2e.stack_userdata import make_cohort, stack_userdata
from tests.e2e.test_widget_browser import browser  # noqa: F401  (the Chromium fixture)

SCREENSHOTS = ROOT / "test-artifacts" / "trainer"
PASSWORD = "kursholder-passord-1"
PARTICIPANTS = 6
ANSWERS = ["ja", "delvis", "nei"]


def make_trainer(stack, username: str) -> None:
    env = {"SAMSKAPING_USERDATA_URL": stack.services["gateway"].service.env["SAMSKAPING_USERDATA_URL"],
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "userdata.trainers", "create", username, "--password-stdin"],
                          input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr


def finish_check(stack, sender: str, offset: int) -> None:
    assert "(1/15)" in stack.chat(sender, "Er vi klare for samskaping?").text
    reply = None
    for i in range(15):
        # Participants answer differently, and everyone says «nei» about room for co-creation.
        answer = "nei" if 3 <= i <= 5 else ANSWERS[(i + offset) % 3]
        reply = stack.chat(sender, answer)
        assert reply.status_code == 200
    assert any(m["image"] for m in reply.json()["messages"])


@pytest.fixture
def trainer_page(browser, stack) -> Page:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def test_six_participants_finish_the_check_and_the_trainer_sees_the_groups_chart_and_figures(stack, trainer_page):
    page = trainer_page
    make_trainer(stack, "trude")

    page.goto(stack.gateway + "/trainer")
    expect(page.get_by_role("heading", name="Logg inn som kursholder")).to_be_visible()
    page.get_by_label("Brukernavn").fill("trude")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_label("Navn").fill("Lederprogram høst, gruppe 2")
    page.get_by_role("button", name="Lag kurs og kode").click()
    expect(page.get_by_role("heading", name="Lederprogram høst, gruppe 2")).to_be_visible()
    code = page.get_by_test_id("join-code").inner_text()
    expect(page.get_by_test_id("too-few")).to_be_visible()

    for k in range(PARTICIPANTS):
        sender = f"cohort-participant-{k}"
        joined = httpx.post(f"{stack.gateway}/api/cohort/join", json={"sender": sender, "code": code.lower()})
        assert joined.status_code == 200 and joined.json()["cohort"]["name"] == "Lederprogram høst, gruppe 2"
        finish_check(stack, sender, offset=k)
        if k < 5:
            assert stack.chat(sender, "Hva betyr samskaping?").status_code == 200

    # The figures are the snapshot taken at the start of the next period (a day; 15 s in the tests).
    next_snapshot_period()
    page.reload()
    expect(page.get_by_test_id("joined")).to_have_text(str(PARTICIPANTS))
    expect(page.get_by_test_id("completed")).to_have_text(str(PARTICIPANTS))
    chart = page.get_by_role("img", name="Fordelingen av deltakernes poeng per tema")
    expect(chart).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", chart.element_handle())
    table = page.get_by_test_id("dimension-table")
    expect(table.get_by_role("row", name="Rom for samskaping 6 6 0 0")).to_be_visible()
    expect(page.get_by_text("Rom for samskaping – svakt område (lite på plass) for 6 av 6")).to_be_visible()
    expect(page.get_by_test_id("members").get_by_role("row")).to_have_count(PARTICIPANTS + 1)
    expect(page.get_by_test_id("what-figures-reveal")).to_contain_text("oppdiktede deltakere")
    expect(page.get_by_text("«hva betyr samskaping» – 5 deltakere")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "cohort.png", full_page=True)

    page.get_by_role("link", name="Samtaleunderlag").click()
    expect(page.locator("section.discussion").first.get_by_role("heading", level=2)).to_contain_text("Rom for samskaping")
    page.screenshot(path=SCREENSHOTS / "discussion.png", full_page=True)
    # «Lagre som PDF» in the print dialog is Chromium printing the page; do it headless.
    page.pdf(path=SCREENSHOTS / "discussion.pdf")
    assert (SCREENSHOTS / "discussion.pdf").read_bytes().startswith(b"%PDF")

    download = page.request.get(page.url.replace("/discussion", "/results.csv"))
    rows = list(csv.reader(io.StringIO(download.text().lstrip("\ufeff"))))
    assert ["fullfoert_klarhetssjekk", str(PARTICIPANTS)] in rows
    assert any(r[:3] == ["Rom for samskaping", "6", "6"] for r in rows)


def test_a_participant_who_deletes_their_data_leaves_the_cohort(stack):
    from userdata import cohorts

    sender = "cohort-deleter"
    cohort = make_cohort(stack, "Gruppe 3")
    assert httpx.post(f"{stack.gateway}/api/cohort/join", json={"sender": sender, "code": cohort.join_code}).status_code == 200
    stack.chat(sender, "slett dataene mine")
    done = "\n".join(m["text"] or "" for m in stack.chat(sender, "/affirm").json()["messages"])
    assert "meldt ut av kurset" in done
    with stack_userdata(stack):
        assert cohorts.membership(sender) is None
