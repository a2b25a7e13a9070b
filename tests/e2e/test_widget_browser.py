"""The chat widget in a real browser (Debian Chromium through Playwright) on the demo intranet page,
talking to the real gateway, Rasa and action server.

Screenshots for a person to look at are written to test-artifacts/widget/ (not committed)."""
from __future__ import annotations

import re
from pathlib import Path

import httpx

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from scripts.services import ROOT
from tests.e2e.stack_userdata import make_cohort

SCREENSHOTS = ROOT / "test-artifacts" / "widget"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# A knowledge answer waits for the action server's embedding of candidate sentences; a busy CI
# machine can take many seconds for the first one.
ANSWER_TIMEOUT_MS = 120_000
READINESS_QUESTIONS = 15


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, stack) -> Page:
    """A fresh browser profile (so a fresh sender id) on the demo intranet page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(stack.gateway + "/")
    yield page
    context.close()


def widget(page: Page):
    return page.locator("#samskaping-widget")


def open_widget(page: Page) -> None:
    page.get_by_role("button", name="Spør Samskapingsrådgiveren").click()
    expect(page.get_by_role("dialog", name="Samskapingsrådgiveren")).to_be_visible()


def ask(page: Page, text: str) -> None:
    field = page.get_by_label("Skriv spørsmålet ditt")
    field.fill(text)
    field.press("Enter")


def bot_messages(page: Page):
    return widget(page).locator(".smk-bot")


def focused(page: Page) -> str:
    """The text (or label) of the element focused inside the widget's shadow root."""
    return page.evaluate("""() => {
        const active = document.querySelector('#samskaping-widget').shadowRoot.activeElement;
        return active ? (active.getAttribute('aria-label') || active.id || active.textContent) : '';
    }""")


def wait_for_question(page: Page, number: int) -> None:
    expect(widget(page).locator(".smk-log")).to_contain_text(f"({number}/{READINESS_QUESTIONS})",
                                                              timeout=ANSWER_TIMEOUT_MS)


def test_a_question_is_answered_with_an_expandable_citation_card(page):
    open_widget(page)
    ask(page, "Hva betyr samskaping?")
    card = widget(page).locator(".smk-cite").first
    expect(card).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(card.locator("summary")).to_contain_text(re.compile(r"Kilde: .+, \d+(\.\d+)* "))
    passage = card.locator("blockquote")
    expect(passage).to_be_hidden()
    card.locator("summary").click()
    expect(passage).to_be_visible()
    assert len(passage.inner_text()) > 100
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "widget-desktop.png")


def test_the_readiness_check_clicked_to_the_end_shows_the_chart(page):
    open_widget(page)
    ask(page, "Er vi klare for samskaping?")
    for number in range(1, READINESS_QUESTIONS + 1):
        wait_for_question(page, number)
        choices = widget(page).locator(".smk-choice:enabled")
        expect(choices).to_have_count(4)
        choices.get_by_text(["Ja", "Delvis", "Nei"][number % 3], exact=True).click()
    chart = widget(page).locator(".smk-chart img")
    expect(chart).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(chart).to_have_attribute("alt", re.compile("Diagram"))
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart image did not load"
    chart.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "widget-readiness-chart.png")
    # The clicked answers show as the buttons' titles.
    expect(widget(page).locator(".smk-user p").last).to_have_text(re.compile("(Ja|Delvis|Nei)$"))


def test_the_conversation_survives_a_reload_and_moving_to_another_page_and_new_conversation_starts_fresh(page):
    open_widget(page)
    ask(page, "Hva betyr samskaping?")
    expect(widget(page).locator(".smk-cite").first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    answers_before = bot_messages(page).count()

    page.reload()
    # The panel was open, so it opens again with the history.
    expect(widget(page).locator(".smk-user p")).to_have_text(["Hva betyr samskaping?"])
    expect(bot_messages(page)).to_have_count(answers_before)
    expect(widget(page).locator(".smk-cite").first).to_be_visible()

    page.get_by_role("link", name="Nyheter").click()
    expect(page).to_have_url(re.compile("/demo/nyheter$"))
    expect(widget(page).locator(".smk-user p")).to_have_text(["Hva betyr samskaping?"])

    sender = page.evaluate("() => localStorage.getItem('samskaping.sender')")
    page.get_by_role("button", name="Ny samtale").click()
    expect(widget(page).locator(".smk-user p")).to_have_count(0)
    assert page.evaluate("() => localStorage.getItem('samskaping.sender')") != sender
    page.reload()
    expect(bot_messages(page)).to_have_count(1)  # only the greeting
    expect(widget(page).locator(".smk-user p")).to_have_count(0)


def test_the_widget_can_be_used_with_the_keyboard_only(page):
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page) == "Spør Samskapingsrådgiveren":
            break
    assert focused(page) == "Spør Samskapingsrådgiveren"
    page.keyboard.press("Enter")
    assert focused(page) == "smk-input"  # opening moves focus to the message field
    page.keyboard.type("Er vi klare for samskaping?")
    page.keyboard.press("Enter")
    wait_for_question(page, 1)
    # The choices come just before the message field.
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Vet ikke"
    page.keyboard.press("Enter")
    wait_for_question(page, 2)
    # Answering with a choice puts focus on the next question's first choice.
    expect(widget(page).locator(".smk-choice:enabled").first).to_be_focused()
    page.keyboard.press("Enter")
    wait_for_question(page, 3)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert focused(page) == "Spør Samskapingsrådgiveren"


def test_html_typed_by_the_user_is_shown_as_text_and_never_run(page):
    attack = "<img src=x onerror=alert(1)>"
    open_widget(page)
    ask(page, attack)
    expect(widget(page).locator(".smk-user p")).to_have_text([attack])
    expect(bot_messages(page)).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)  # greeting + the reply
    page.reload()
    expect(widget(page).locator(".smk-user p")).to_have_text([attack])  # and from the history
    assert widget(page).locator("img[src='x']").count() == 0
    assert page.dialogs == []


def test_the_widget_fits_a_320_px_screen(browser, stack):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    try:
        page.goto(stack.gateway + "/")
        open_widget(page)
        ask(page, "Hvordan bygger jeg tillit?")
        expect(widget(page).locator(".smk-bot")).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
        box = page.get_by_role("dialog").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        for name in ["Send", "Kurs", "Ny samtale", "Lukk samtalen"]:
            button = page.get_by_role("button", name=name, exact=True).bounding_box()
            assert 0 <= button["x"] and button["x"] + button["width"] <= 320, name
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "widget-320px.png")
    finally:
        context.close()


def test_an_intranet_editor_can_choose_english_a_title_and_colours(browser, stack):
    context = browser.new_context()
    page = context.new_page()
    try:
        # What an editor puts before the embed script tag.
        page.add_init_script("window.samskapingWidget = {lang: 'en', title: 'Ask HR about co-creation',"
                             " colors: {accent: '#2d5d3b'}};")
        page.goto(stack.gateway + "/")
        launcher = page.get_by_role("button", name="Ask the co-creation advisor")
        expect(launcher).to_have_css("background-color", "rgb(45, 93, 59)")
        launcher.click()
        expect(page.get_by_role("dialog", name="Ask HR about co-creation")).to_be_visible()
        expect(page.get_by_label("Type your question")).to_be_focused()
        expect(page.get_by_role("button", name="New conversation")).to_be_visible()
    finally:
        context.close()


# --- joining a trainer's course ----------------------------------------------------------------------

def membership(page: Page, stack) -> dict | None:
    sender = page.evaluate("() => localStorage.getItem('samskaping.sender')")
    # 128 random bits from crypto.getRandomValues, as 32 hex digits.
    assert re.fullmatch(r"web-[0-9a-f]{32}", sender), sender
    return httpx.get(f"{stack.gateway}/api/cohort", headers={"X-Samskaping-Sender": sender}, timeout=10).json()["cohort"]


def member_of(name: str, lang: str = "nb") -> re.Pattern:
    """The course line: the course and the member number the trainer sees in the member list
    (userdata/cohort_texts.py, as in the chat and Telegram)."""
    if lang == "en":
        return re.compile(rf"^You are in the course «{name}», with member number [A-Z0-9]{{5}}\. «Leave the course»")
    return re.compile(rf"^Du er med i kurset «{name}», med deltakernummer [A-Z0-9]{{5}}\. «Forlat kurset»")


def joined(name: str, lang: str = "nb") -> re.Pattern:
    """What joining says: the member number and what the trainer can see, with the group size."""
    if lang == "en":
        return re.compile(rf"^Welcome to the course «{name}»! Your member number is [A-Z0-9]{{5}};.* at least 5 "
                          "participants")
    return re.compile(rf"^Velkommen til kurset «{name}»! Deltakernummeret ditt er [A-Z0-9]{{5}};.* minst 5 deltakere")


def course_status(page: Page):
    return widget(page).locator(".smk-status")


def test_a_participant_joins_a_course_with_the_code_field_and_leaves_again(page, stack):
    cohort = make_cohort(stack, "Lederprogram Vest")
    open_widget(page)
    course = page.get_by_role("button", name="Kurs", exact=True)
    expect(course).to_have_attribute("aria-expanded", "false")
    course.click()
    expect(course).to_have_attribute("aria-expanded", "true")
    code_field = page.get_by_label("Kurskode")
    expect(code_field).to_be_focused()

    code_field.fill("ZZZZZZ")
    code_field.press("Enter")
    expect(course_status(page)).to_contain_text("Fant ingen kurs med den koden")
    expect(code_field).to_have_attribute("aria-invalid", "true")
    assert membership(page, stack) is None

    code_field.fill(f"{cohort.join_code[:3].lower()} {cohort.join_code[3:].lower()}")
    page.get_by_role("button", name="Bli med").click()
    expect(course_status(page)).to_have_text(joined("Lederprogram Vest"))
    leave = page.get_by_role("button", name="Forlat kurset")
    expect(leave).to_be_focused()
    assert membership(page, stack)["name"] == "Lederprogram Vest"

    # The state comes from the gateway when the panel opens again.
    page.reload()
    page.get_by_role("button", name="Kurs", exact=True).click()
    expect(course_status(page)).to_have_text(member_of("Lederprogram Vest"))
    leave.click()
    expect(course_status(page)).to_have_text(
        "Du er ikke lenger med i kurset «Lederprogram Vest». Resultatene og planene dine er fortsatt dine.")
    expect(leave).to_be_hidden()
    expect(code_field).to_be_focused()
    assert membership(page, stack) is None


def test_the_join_link_page_explains_opens_the_widget_and_joins_only_when_asked_to(browser, stack):
    cohort = make_cohort(stack, "Lederprogram Øst")
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    try:
        page.goto(f"{stack.gateway}/kurs/{cohort.join_code.lower()}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Bli med i kurset «Lederprogram Øst»")
        expect(page.get_by_role("dialog", name="Samskapingsrådgiveren")).to_be_visible()
        expect(course_status(page)).to_have_text("Vil du bli med i kurset «Lederprogram Øst»?")
        assert membership(page, stack) is None  # asked, not joined
        join = page.get_by_role("button", name="Bli med")
        expect(join).to_be_focused()
        for name in ["Bli med", "Nei takk", "Kurs"]:
            box = page.get_by_role("button", name=name, exact=True).bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= 320, name
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "widget-join-link-320px.png")
        page.keyboard.press("Enter")
        expect(course_status(page)).to_have_text(joined("Lederprogram Øst"))
        assert membership(page, stack)["name"] == "Lederprogram Øst"
        # Answered once, the link does not ask again on the next visit in this tab.
        page.reload()
        expect(widget(page).locator(".smk-course")).to_be_hidden()
    finally:
        context.close()


def test_a_kurs_link_to_any_intranet_page_asks_and_no_thanks_joins_nothing(page, stack):
    cohort = make_cohort(stack, "Lederprogram Nord")
    page.goto(f"{stack.gateway}/demo/nyheter?kurs={cohort.join_code}")
    expect(course_status(page)).to_have_text(f"Vil du bli med i kurset {cohort.join_code}?")
    expect(page.get_by_label("Kurskode")).to_have_value(cohort.join_code)
    page.get_by_role("button", name="Nei takk").click()
    expect(widget(page).locator(".smk-course")).to_be_hidden()
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_be_focused()
    assert membership(page, stack) is None


def test_an_intranet_editor_can_put_the_join_code_in_the_config(browser, stack):
    cohort = make_cohort(stack, "Lederprogram Sør")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.add_init_script(f"window.samskapingWidget = {{lang: 'en', joinCode: '{cohort.join_code}'}};")
        page.goto(stack.gateway + "/")
        expect(course_status(page)).to_have_text(f"Do you want to join the course {cohort.join_code}?")
        page.get_by_role("button", name="Join", exact=True).click()
        expect(course_status(page)).to_have_text(joined("Lederprogram Sør", "en"))
        page.get_by_role("button", name="Leave the course").click()
        expect(course_status(page)).to_have_text(
            "You are no longer in the course «Lederprogram Sør». Your results and plans are still yours.")
    finally:
        context.close()
