"""Accessibility of every page people see, checked with axe-core (shipped by axe-playwright-python)
in Debian's Chromium against the real gateway, Rasa and action server.

Norwegian public bodies must meet WCAG 2.1 AA, so axe runs its WCAG 2.0/2.1 A and AA rules. A
test fails on any violation of impact «serious» or «critical» and names each rule and the
elements it found; every violation (moderate and minor too) is written to
test-artifacts/accessibility/<state>.json for a person to read. axe finds only part of what WCAG
asks; docs/tilgjengelighetserklaering.md says which criteria were checked by hand and which not."""
from __future__ import annotations

import json
import uuid
from datetime import date

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from scripts.services import ROOT
from tests.e2e.conftest import next_snapshot_period
from tests.e2e.stack_userdata import make_cohort, stack_userdata
from tests.e2e.test_trainer_cohort import finish_check
from tests.e2e.test_widget_browser import (  # noqa: F401  (browser and page are fixtures)
    ANSWER_TIMEOUT_MS, ask, bot_messages, browser, open_widget, page, wait_for_question, widget)

REPORTS = ROOT / "test-artifacts" / "accessibility"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe keeps this WCAG 2.5.3 (label in name) rule apart as experimental; voice control users
# say a button's visible text, so it runs too.
EXTRA_RULES = {"label-content-name-mismatch": {"enabled": True}}
BLOCKING = {"serious", "critical"}
PASSWORD = "et langt passord for tilgjengelighet"
# Figures are released for at least 5 participants (SAMSKAPING_MIN_GROUP_SIZE); questions for
# at least three who asked the same words.
PARTICIPANTS = 5

_axe = Axe()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            # Inside the widget's shadow root a target is [host, element].
            lines.append(f"    {' >> '.join(map(str, node['target']))}")
    return "\n".join(lines)


def check(page: Page, state: str) -> list[dict]:
    """Runs axe's WCAG 2.1 A/AA rules on the page as it is now; fails on serious or critical
    violations. Returns all violations (for tests that look further)."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "rules": EXTRA_RULES,
                                      "resultTypes": ["violations"]}).response
    violations = results["violations"]
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{state}.json").write_text(json.dumps(
        {"url": results["url"], "axe": results["testEngine"]["version"], "violations": violations},
        indent=1, ensure_ascii=False))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{state}: axe found serious or critical WCAG 2.1 AA violations:\n{describe(blocking)}"
    return violations


def at_320_px(page: Page, state: str) -> None:
    """The page on a 320 px wide screen: checked again, and nothing scrolls sideways (WCAG 1.4.10,
    the same as 400 % zoom on a 1280 px screen)."""
    page.set_viewport_size({"width": 320, "height": 640})
    check(page, state)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{state}: the page is {width} px wide at 320 px and scrolls sideways"


def launcher_shown(page: Page) -> None:
    # The widget shows itself once its stylesheet has loaded.
    expect(page.get_by_role("button", name="Spør Samskapingsrådgiveren")).to_be_visible()


def open_with_greeting(page: Page) -> None:
    open_widget(page)
    expect(bot_messages(page).first).to_be_visible()


def cited_answer(page: Page) -> None:
    ask(page, "Hva betyr samskaping?")
    card = widget(page).locator(".smk-cite").first
    expect(card).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    card.locator("summary").click()
    expect(card.locator("blockquote")).to_be_visible()


# --- the checker itself ------------------------------------------------------------------------------

def test_the_check_fails_and_names_the_rule_and_the_element_when_a_field_has_no_label(browser):  # noqa: F811
    context = browser.new_context()
    try:
        blank = context.new_page()
        blank.set_content('<!doctype html><html lang="nb"><head><title>Skjema</title></head>'
                          '<body><main><input id="unnamed" type="text"></main></body></html>')
        with pytest.raises(AssertionError) as failure:
            check(blank, "self-check-unlabelled-field")
        assert "label (critical)" in str(failure.value) and "#unnamed" in str(failure.value)
    finally:
        context.close()


# --- the demo intranet page with the chat widget ---------------------------------------------------------

def test_the_demo_page_with_the_widget_closed_has_no_serious_violations(page):  # noqa: F811
    launcher_shown(page)
    check(page, "demo-widget-closed")


def test_the_open_widget_with_its_greeting_and_the_course_row_has_no_serious_violations(page):  # noqa: F811
    open_with_greeting(page)
    page.get_by_role("button", name="Kurs", exact=True).click()
    expect(page.get_by_label("Kurskode")).to_be_focused()
    check(page, "demo-widget-open")


def test_a_cited_answer_with_its_source_card_opened_has_no_serious_violations(page):  # noqa: F811
    open_with_greeting(page)
    cited_answer(page)
    check(page, "demo-widget-cited-answer")


def test_the_readiness_check_with_answer_buttons_has_no_serious_violations(page):  # noqa: F811
    open_with_greeting(page)
    ask(page, "Er vi klare for samskaping?")
    wait_for_question(page, 1)
    widget(page).locator(".smk-choice:enabled").get_by_text("Delvis", exact=True).click()
    # The next question's buttons, with the previous question's buttons disabled above them.
    wait_for_question(page, 2)
    expect(widget(page).locator(".smk-choice:enabled")).to_have_count(4)
    check(page, "demo-widget-readiness-buttons")


def test_the_readiness_result_with_its_chart_has_no_serious_violations(page, stack):  # noqa: F811
    launcher_shown(page)
    # The check is answered through the API under the browser's own sender id; opening the widget
    # then shows the whole conversation, chart included, from the history.
    sender = page.evaluate("() => localStorage.getItem('samskaping.sender')")
    finish_check(stack, sender, offset=0)
    open_widget(page)
    chart = widget(page).locator(".smk-chart img")
    expect(chart).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_js_property("complete", True)
    check(page, "demo-widget-readiness-chart")


def test_the_widget_at_320_px_with_a_cited_answer_has_no_serious_violations(browser, stack):  # noqa: F811
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nb-NO")
    narrow = context.new_page()
    narrow.set_default_timeout(ANSWER_TIMEOUT_MS)
    try:
        narrow.goto(stack.gateway + "/")
        launcher_shown(narrow)
        check(narrow, "demo-320px-widget-closed")
        open_with_greeting(narrow)
        cited_answer(narrow)
        at_320_px(narrow, "demo-320px-widget-cited-answer")
    finally:
        context.close()


def test_the_widget_in_english_has_no_serious_violations_and_says_its_language(browser, stack):  # noqa: F811
    context = browser.new_context()
    english = context.new_page()
    try:
        english.add_init_script("window.samskapingWidget = {lang: 'en'};")
        english.goto(stack.gateway + "/")
        english.get_by_role("button", name="Ask the co-creation advisor").click()
        dialog = english.get_by_role("dialog", name="Co-creation advisor")
        expect(dialog).to_have_attribute("lang", "en")
        check(english, "demo-widget-english")
    finally:
        context.close()


# --- keyboard use --------------------------------------------------------------------------------------

def test_space_opens_the_widget_focus_moves_into_it_and_escape_anywhere_in_it_returns_focus(page):  # noqa: F811
    launcher = page.get_by_role("button", name="Spør Samskapingsrådgiveren")
    launcher.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("dialog", name="Samskapingsrådgiveren")).to_be_visible()
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_be_focused()
    # Back from the message field to the conversation log, which can be scrolled with the keys.
    page.keyboard.press("Shift+Tab")
    expect(widget(page).locator(".smk-log")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_be_focused()


# --- the join page ---------------------------------------------------------------------------------------

def test_the_join_page_with_the_widget_asking_has_no_serious_violations(page, stack):  # noqa: F811
    cohort = make_cohort(stack, "Lederprogram Tilgjengelig")
    page.goto(f"{stack.gateway}/kurs/{cohort.join_code}")
    expect(widget(page).locator(".smk-status")).to_contain_text("Vil du bli med i kurset")
    check(page, "join-page")
    at_320_px(page, "join-page-320px")


def test_the_join_page_for_an_unknown_code_has_no_serious_violations(page, stack):  # noqa: F811
    page.goto(f"{stack.gateway}/kurs/ZZZZZZ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke kurset")
    check(page, "join-page-unknown-code")


# --- the trainer pages -------------------------------------------------------------------------------------

def make_trainer(stack) -> tuple[str, str]:
    """A trainer account as the admin command makes it: (username, id)."""
    from userdata import trainers

    username = f"tilgj-{uuid.uuid4().hex[:8]}"
    with stack_userdata(stack):
        return username, trainers.create_trainer(username, PASSWORD)


def log_in(page: Page, stack, username: str) -> None:
    page.goto(stack.gateway + "/trainer")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Kursene dine")).to_be_visible()


@pytest.fixture(scope="module")
def cohort_with_figures(stack) -> tuple[str, str]:
    """A trainer and a cohort whose group figures are shown: five participants joined, finished
    the readiness check and asked the same question, and the next snapshot has been taken."""
    from userdata import cohorts

    username, trainer_id = make_trainer(stack)
    with stack_userdata(stack):
        cohort = cohorts.create_cohort(trainer_id, "Lederprogram med tall", date.today())
    for k in range(PARTICIPANTS):
        sender = f"a11y-participant-{uuid.uuid4().hex[:8]}"
        joined = httpx.post(f"{stack.gateway}/api/cohort/join", json={"sender": sender, "code": cohort.join_code},
                            timeout=30)
        assert joined.status_code == 200, joined.text
        finish_check(stack, sender, offset=k)
        assert stack.chat(sender, "Hva betyr samskaping?").status_code == 200
    next_snapshot_period()
    return username, cohort.id


def test_the_login_page_and_its_error_message_have_no_serious_violations(page, stack):  # noqa: F811
    page.goto(stack.gateway + "/trainer")
    expect(page.get_by_role("heading", name="Logg inn som kursholder")).to_be_visible()
    check(page, "trainer-login")
    page.get_by_label("Brukernavn").fill("finnes-ikke")
    page.get_by_label("Passord").fill("feil passord")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_have_text("Feil brukernavn eller passord.")
    check(page, "trainer-login-error")
    at_320_px(page, "trainer-login-error-320px")


def test_the_cohort_list_and_the_new_cohort_form_have_no_serious_violations(page, stack):  # noqa: F811
    log_in(page, stack, make_trainer(stack)[0])
    check(page, "trainer-cohort-list-empty")
    page.get_by_label("Navn").fill("Lederprogram vår")
    page.get_by_role("button", name="Lag kurs og kode").click()
    expect(page.get_by_role("heading", name="Lederprogram vår")).to_be_visible()
    # The cohort page before any figures are shown.
    expect(page.get_by_test_id("too-few")).to_be_visible()
    check(page, "trainer-cohort-without-figures")
    at_320_px(page, "trainer-cohort-without-figures-320px")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="← Kursene dine").click()
    expect(page.get_by_role("link", name="Lederprogram vår")).to_be_visible()
    check(page, "trainer-cohort-list")
    at_320_px(page, "trainer-cohort-list-320px")


def test_the_cohort_page_with_the_groups_figures_chart_and_members_has_no_serious_violations(
        page, stack, cohort_with_figures):  # noqa: F811
    username, cohort_id = cohort_with_figures
    log_in(page, stack, username)
    page.goto(f"{stack.gateway}/trainer/cohorts/{cohort_id}")
    expect(page.get_by_role("img", name="Fordelingen av deltakernes poeng per tema")).to_be_visible()
    expect(page.get_by_test_id("members").get_by_role("row")).to_have_count(PARTICIPANTS + 1)
    expect(page.get_by_test_id("questions")).to_be_visible()
    # «Avslutt kurset» and «Slett kurset» opened, so their contents are checked too.
    page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    check(page, "trainer-cohort-with-figures")
    at_320_px(page, "trainer-cohort-with-figures-320px")


def test_the_discussion_material_has_no_serious_violations(page, stack, cohort_with_figures):  # noqa: F811
    username, cohort_id = cohort_with_figures
    log_in(page, stack, username)
    page.goto(f"{stack.gateway}/trainer/cohorts/{cohort_id}/discussion")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samtaleunderlag")
    check(page, "trainer-discussion")
    at_320_px(page, "trainer-discussion-320px")


def test_the_cohort_not_found_page_has_no_serious_violations(page, stack):  # noqa: F811
    log_in(page, stack, make_trainer(stack)[0])
    page.goto(f"{stack.gateway}/trainer/cohorts/{uuid.uuid4().hex}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke kurset")
    check(page, "trainer-cohort-not-found")
