"""/kurs in Telegram: the replies to joining, showing and leaving a course, on a real SQLite
userdata database (the Telegram round trip itself is in tests/e2e/test_telegram_bot.py)."""
from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from telegram import Chat, Message, Update, User

from bot import texts
from bot.telegram import courses


def update_from(language_code: str | None = None) -> Update:
    user = User(id=42, first_name="Leder", is_bot=False, language_code=language_code)
    message = Message(message_id=1, date=datetime.now(), chat=Chat(id=42, type="private"), from_user=user, text="/kurs")
    return Update(update_id=1, message=message)


def make_cohort(name: str):
    from userdata import cohorts, trainers

    trainer = trainers.create_trainer(f"kursholder-{name}", "et langt passord")
    return cohorts.create_cohort(trainer, name, date(2025, 3, 1))


def kurs(*args: str, language_code: str | None = None, sender: str = "tg-anne") -> str:
    return asyncio.run(courses.command(update_from(language_code), sender, list(args)))


def test_kurs_with_a_code_joins_and_kurs_alone_then_shows_the_course():
    cohort = make_cohort("Kull A")
    assert kurs() == texts.TELEGRAM_COURSE["nb"]["none"]
    assert "Du er nå med i kurset <b>«Kull A»</b>" in kurs(cohort.join_code.lower())
    assert "Du er med i kurset <b>«Kull A»</b>" in kurs()
    assert "allerede" in kurs(cohort.join_code)


def test_a_code_typed_in_two_parts_still_joins():
    cohort = make_cohort("Kull A")
    assert "Du er nå med" in kurs(cohort.join_code[:3], cohort.join_code[3:])


def test_kurs_forlat_leaves_and_says_which_course_was_left():
    cohort = make_cohort("Kull A")
    kurs(cohort.join_code)
    assert kurs("forlat") == texts.TELEGRAM_COURSE["nb"]["left"].format(name="Kull A")
    assert kurs() == texts.TELEGRAM_COURSE["nb"]["none"]
    assert kurs("forlat") == texts.TELEGRAM_COURSE["nb"]["left_none"]


def test_joining_a_second_course_says_the_first_was_left():
    first, second = make_cohort("Kull A"), make_cohort("Kull B")
    kurs(first.join_code)
    assert "ikke lenger i «Kull A»" in kurs(second.join_code)


def test_a_wrong_code_says_so_and_joins_nothing():
    make_cohort("Kull A")
    assert kurs("ZZZZZZ") == texts.ERROR_UNKNOWN_COHORT_CODE
    assert kurs() == texts.TELEGRAM_COURSE["nb"]["none"]


def test_a_user_whose_telegram_is_in_english_gets_english_replies():
    cohort = make_cohort("Kull A")
    assert "You are now in the course" in kurs(cohort.join_code, language_code="en-GB")
    assert "Du er med i kurset" in kurs(language_code="nb")


def test_a_course_name_with_markup_is_escaped_for_telegrams_html():
    cohort = make_cohort("<b>Kull</b> & co")
    assert "«&lt;b&gt;Kull&lt;/b&gt; &amp; co»" in kurs(cohort.join_code)


def test_the_deep_link_start_parameter_carries_the_code():
    assert courses.code_from_start(["kurs-K7M2QX"]) == "K7M2QX"
    assert courses.code_from_start(["KURS-k7m2qx"]) == "k7m2qx"
    assert courses.code_from_start([]) is None and courses.code_from_start(["other"]) is None
    assert courses.code_from_start(["kurs-"]) is None


def test_every_reply_exists_in_bokmal_and_english():
    assert texts.TELEGRAM_COURSE["nb"].keys() == texts.TELEGRAM_COURSE["en"].keys()


def test_kurs_is_in_the_command_menu_and_the_welcome():
    from bot.telegram.application import COMMANDS

    assert "kurs" in [c.command for c in COMMANDS]
    assert "/kurs KODE" in texts.TELEGRAM_WELCOME
