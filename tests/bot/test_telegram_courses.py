"""/kurs in Telegram: the replies to joining, showing and leaving a course, on a real SQLite
userdata database (the Telegram round trip itself is in tests/e2e/test_telegram_bot.py)."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import date
from html import escape

from bot import texts
from bot.telegram import courses
from userdata import cohort_texts
from userdata.cohort_service import Outcome, Result


def make_cohort(name: str):
    from userdata import cohorts, trainers

    trainer = trainers.create_trainer(f"kursholder-{name}", "et langt passord")
    return cohorts.create_cohort(trainer, name, date(2025, 3, 1))


def kurs(*args: str, sender: str = "tg-anne") -> str:
    return asyncio.run(courses.command(sender, list(args)))


def told(outcome: Outcome, lang: str = "nb", **result) -> str:
    """What every channel says for this outcome, as Telegram shows it (HTML-escaped)."""
    return escape(cohort_texts.say(Result(outcome, **result), lang, "telegram", 5), quote=False)


def the_advisor_speaks(language: str, sender: str, tracker_db) -> None:
    """The conversation's language as Rasa keeps it: a `language` slot event in the tracker store."""
    with sqlite3.connect(tracker_db) as db:
        db.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                   "timestamp REAL, data TEXT)")
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'slot', 0, ?)",
                   (sender, json.dumps({"event": "slot", "name": "language", "value": language})))


def test_kurs_with_a_code_joins_and_kurs_alone_then_shows_the_course():
    cohort = make_cohort("Kull A")
    assert kurs() == told(Outcome.NOT_MEMBER)
    joined = kurs(cohort.join_code.lower())
    assert joined.startswith("Velkommen til kurset «Kull A»!")
    assert "minst 5 deltakere" in joined and "/kurs forlat" in joined
    assert kurs().startswith("Du er med i kurset «Kull A»")
    assert "allerede" in kurs(cohort.join_code)


def test_a_code_typed_in_two_parts_still_joins():
    cohort = make_cohort("Kull A")
    assert "Velkommen til kurset" in kurs(cohort.join_code[:3], cohort.join_code[3:])


def test_kurs_forlat_leaves_and_says_which_course_was_left():
    cohort = make_cohort("Kull A")
    kurs(cohort.join_code)
    assert kurs("forlat") == told(Outcome.LEFT, cohort=cohort)
    assert kurs() == told(Outcome.NOT_MEMBER)
    assert kurs("forlat") == told(Outcome.NOTHING_TO_LEAVE)


def test_joining_a_second_course_says_the_first_was_left():
    first, second = make_cohort("Kull A"), make_cohort("Kull B")
    kurs(first.join_code)
    assert "ikke lenger i «Kull A»" in kurs(second.join_code)


def test_a_wrong_code_says_so_and_joins_nothing():
    make_cohort("Kull A")
    assert kurs("ZZZZZZ") == told(Outcome.UNKNOWN_CODE)
    assert kurs() == told(Outcome.NOT_MEMBER)


def test_kurs_answers_in_the_language_of_the_conversation(tmp_path):
    cohort = make_cohort("Kull A")
    the_advisor_speaks("en", "tg-anne", tmp_path / "rasa.db")
    assert kurs(cohort.join_code).startswith("Welcome to the course «Kull A»!")
    # Nynorsk is answered in bokmål, as the advisor does.
    the_advisor_speaks("nn", "tg-anne", tmp_path / "rasa.db")
    assert kurs().startswith("Du er med i kurset «Kull A»")
    # Another user's conversation is not this one's.
    the_advisor_speaks("en", "tg-bo", tmp_path / "rasa.db")
    assert kurs(sender="tg-per") == told(Outcome.NOT_MEMBER)


def test_a_course_name_with_markup_is_escaped_for_telegrams_html():
    cohort = make_cohort("<b>Kull</b> & co")
    assert "«&lt;b&gt;Kull&lt;/b&gt; &amp; co»" in kurs(cohort.join_code)


def test_the_deep_link_start_parameter_carries_the_code():
    assert courses.code_from_start(["kurs-K7M2QX"]) == "K7M2QX"
    assert courses.code_from_start(["KURS-k7m2qx"]) == "k7m2qx"
    assert courses.code_from_start([]) is None and courses.code_from_start(["other"]) is None
    assert courses.code_from_start(["kurs-"]) is None


def test_kurs_is_in_the_command_menu_and_the_welcome():
    from bot.telegram.application import COMMANDS

    assert "kurs" in [c.command for c in COMMANDS]
    assert "/kurs KODE" in texts.TELEGRAM_WELCOME
