"""The advisor in Telegram, end to end: the real action server, Rasa and gateway (the `stack`
fixture), the python-telegram-bot Application in polling mode (`python -m bot.telegram`), and the
telegram-test-api Bot API emulator in between, where a test user sends messages and presses
buttons."""
from __future__ import annotations

import os
import sqlite3
import subprocess

import pytest

from bot.telegram.render import MAX_MESSAGE_CHARS
from bot.telegram.senders import sender_id
from scripts.services import MAIN_VENV, ROOT
from tests.e2e.conftest import ARTIFACTS
from tests.telegram_emulator import BOT_USERNAME, Emulator, User
from tests.e2e.stack_userdata import make_cohort, stack_userdata

TOKEN = "123456:TEST-telegram-token"
SENDER_SECRET = "e2e-sender-secret"
READINESS_QUESTIONS = 15
PLAN_STEPS = 18


@pytest.fixture(scope="module")
def emulator():
    running = Emulator(ARTIFACTS / "telegram-emulator.log")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def telegram_bot(stack, emulator):
    """`python -m bot.telegram` with the gateway's settings, polling the emulator."""
    log = ARTIFACTS / "telegram.log"
    log.write_text("")
    env = {
        **os.environ,
        **stack.services["gateway"].service.env,
        "SAMSKAPING_TELEGRAM_MODE": "polling",
        "SAMSKAPING_TELEGRAM_TOKEN": TOKEN,
        "SAMSKAPING_TELEGRAM_BASE_URL": emulator.base_url(),
        "SAMSKAPING_TELEGRAM_SENDER_SECRET": SENDER_SECRET,
        # The emulator answers getUpdates at once instead of long-polling; don't spin.
        "SAMSKAPING_TELEGRAM_POLL_INTERVAL_SECONDS": "0.1",
    }
    with open(log, "ab") as output:
        process = subprocess.Popen([str(MAIN_VENV / "bin" / "python"), "-m", "bot.telegram"], cwd=ROOT, env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    yield process
    process.terminate()
    process.wait(20)


_next_user = iter(range(1000, 2000))


@pytest.fixture
def user(emulator, telegram_bot) -> User:
    return User(emulator, TOKEN, next(_next_user))


def last_with_buttons(messages):
    return next(m for m in reversed(messages) if m.get("reply_markup", {}).get("inline_keyboard"))


def test_start_welcomes_says_what_the_advisor_does_and_how_data_is_kept(user):
    user.send("/start")
    welcome = user.wait_for(lambda m: len(m) >= 1)[0]
    assert "Samskapingsrådgiveren" in welcome["text"] and "/sjekk" in welcome["text"]
    assert "Personvern" in welcome["text"] and "/slett" in welcome["text"]
    assert welcome["parse_mode"] == "HTML"


def test_a_question_gets_a_cited_answer_and_the_whole_passage_on_a_button(user):
    user.send("Hva betyr samskaping?")
    replies = user.wait_for(lambda m: any("📖" in (x.get("text") or "") for x in m))
    answer = next(m for m in replies if "📖" in m["text"])
    assert answer["parse_mode"] == "HTML"
    titles = [b["text"] for row in answer["reply_markup"]["inline_keyboard"] for b in row]
    read = next(t for t in titles if t.startswith("📖 "))
    assert "👍 Nyttig" in titles  # Rasa's feedback buttons travel with the answer

    seen = len(user.bot_messages())
    user.press(answer, read)
    passage = user.wait_for(lambda m: any(x.get("text", "").startswith("📖 <b>") for x in m), seen=seen)[0]
    section = read.removeprefix("📖 ")
    heading, _, body = passage["text"].partition("</i>\n\n")
    assert f"<b>{section} " in heading
    assert len(body) > 200  # the whole passage, not only its title

    seen = len(user.bot_messages())
    user.press(answer, "👍 Nyttig")
    user.wait_for(lambda m: len(m) >= 1, seen=seen)
    # The feedback buttons are gone, so it cannot be given twice; the 📖 buttons stay.
    edited = next(m for m in user.bot_messages() if m["message_id"] == answer["message_id"])
    remaining = [b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
    assert read in remaining and "👍 Nyttig" not in remaining


def test_the_readiness_check_is_answered_with_buttons_to_the_end_and_the_chart_arrives(user, emulator):
    user.send("/sjekk")
    messages = user.wait_for(lambda m: "(1/15)" in "".join(x.get("text", "") for x in m))
    for i in range(READINESS_QUESTIONS):
        question = last_with_buttons(messages)
        assert f"({i + 1}/15)" in question["text"]
        seen = len(user.bot_messages())
        user.press(question, ["Ja", "Delvis", "Nei"][i % 3])
        if i < READINESS_QUESTIONS - 1:
            messages = user.wait_for(lambda m, n=i + 2: any(f"({n}/15)" in x.get("text", "") for x in m), seen=seen)
        else:
            messages = user.wait_for(lambda m: any("photo" in x for x in m), seen=seen)
    # The pressed question lost its keyboard, so it cannot be answered twice.
    assert all(not m.get("reply_markup", {}).get("inline_keyboard") or "(15/15)" not in m.get("text", "")
               for m in user.bot_messages())
    summary = "\n".join(m.get("text", "") for m in messages)
    assert "kvalitative" in summary
    photo = next(m for m in messages if "photo" in m)
    assert emulator.upload(photo["photo"][0]["file_id"]).startswith(b"\x89PNG")


def test_the_plan_with_a_skipped_step_arrives_as_a_markdown_document(user, emulator):
    user.send("/plan")
    messages = user.wait_for(lambda m: any("Hopp over" in str(x.get("reply_markup")) for x in m))
    for i in range(PLAN_STEPS):
        seen = len(user.bot_messages())
        if i == 1:
            user.press(last_with_buttons(messages), "Hopp over")
        else:
            user.send(f"Vårt svar på steg {i + 1} er tydelig formulert her")
        last = i == PLAN_STEPS - 1
        messages = user.wait_for(
            (lambda m: any("document" in x for x in m)) if last
            else (lambda m: any("Hopp over" in str(x.get("reply_markup")) for x in m)),
            seen=seen)
    document = next(m for m in messages if "document" in m)["document"]
    assert document["file_name"].endswith(".md")
    markdown = emulator.upload(document["file_id"]).decode()
    assert "Vårt svar på steg 1 er tydelig formulert her" in markdown
    assert "Vårt svar på steg 2" not in markdown  # step 2 was skipped


def test_slett_asks_first_then_erases_the_conversation_from_rasa(user, stack):
    user.send("Hva betyr samskaping?")
    user.wait_for(lambda m: any("📖" in x.get("text", "") for x in m))
    sender = sender_id(user.user_id, SENDER_SECRET)
    with sqlite3.connect(stack.tracker_db) as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] > 0
        # Rasa knows the user only by the pseudonymous id.
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (str(user.user_id),)).fetchone()[0] == 0

    seen = len(user.bot_messages())
    user.send("/slett")
    confirm = last_with_buttons(user.wait_for(lambda m: any("Ja, slett" in str(x.get("reply_markup")) for x in m),
                                              seen=seen))
    seen = len(user.bot_messages())
    user.press(confirm, "Ja, slett")
    user.wait_for(lambda m: len(m) >= 1, seen=seen)
    with sqlite3.connect(stack.tracker_db) as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] == 0


def test_a_sticker_a_photo_and_a_voice_message_get_a_friendly_reply(user):
    user.send_raw(sticker={"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
                           "is_animated": False, "is_video": False, "type": "regular", "emoji": "👍"})
    assert "sticker" in user.wait_for(lambda m: len(m) >= 1)[0]["text"]
    user.send_raw(photo=[{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}])
    assert "bilder" in user.wait_for(lambda m: len(m) >= 1, seen=1)[0]["text"]
    user.send_raw(voice={"file_id": "v1", "file_unique_id": "v1", "duration": 3})
    assert "lydmeldinger" in user.wait_for(lambda m: len(m) >= 1, seen=2)[0]["text"]
    user.send("/finnesikke")
    assert "/hjelp" in user.wait_for(lambda m: len(m) >= 1, seen=3)[0]["text"]


def test_a_message_over_4096_characters_gets_a_short_answer_and_nothing_breaks(user):
    user.send("Hvordan bygger jeg tillit? " * 200)  # 5,400 characters
    reply = user.wait_for(lambda m: len(m) >= 1)[0]
    assert "for lang" in reply["text"]
    user.send("Hva betyr samskaping?")
    user.wait_for(lambda m: any("📖" in x.get("text", "") for x in m), seen=1)
    assert all(len(m.get("text", "")) <= MAX_MESSAGE_CHARS for m in user.bot_messages())


def test_in_a_group_the_advisor_answers_only_when_addressed(emulator, telegram_bot):
    member = User(emulator, TOKEN, next(_next_user), chat_id=-4242, chat_type="group")
    member.send("Hva betyr samskaping?")
    member.send(f"@{BOT_USERNAME} Hva betyr samskaping?")
    replies = member.wait_for(lambda m: any("📖" in x.get("text", "") for x in m))
    assert len([m for m in replies if "📖" in m.get("text", "")]) == 1


def test_a_burst_of_30_messages_gets_one_polite_slow_down_not_30_rasa_calls(user, stack):
    for _ in range(30):
        user.send("hei")
    user.wait_for(lambda m: any("Vent litt" in x.get("text", "") for x in m), timeout=180)
    # Updates are handled one after another, so every allowed one reached Rasa before the warning.
    texts = [m.get("text", "") for m in user.bot_messages()]
    assert sum("Vent litt" in t for t in texts) == 1
    with sqlite3.connect(stack.tracker_db) as db:
        said = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user'",
                          (sender_id(user.user_id, SENDER_SECRET),)).fetchone()[0]
    assert said == 20  # SAMSKAPING_RATE_LIMIT_PER_TELEGRAM_USER's default, 20/minute


def course_of(user: User, stack) -> str | None:
    from userdata import cohorts

    with stack_userdata(stack):
        cohort = cohorts.membership(sender_id(user.user_id, SENDER_SECRET))
    return cohort.name if cohort else None


def test_kurs_with_a_code_joins_kurs_alone_shows_the_course_and_kurs_forlat_leaves(user, stack):
    cohort = make_cohort(stack, "Ledere i Vestby")
    steps = [
        ("/kurs", "Du er ikke med i noe kurs"),
        ("/kurs ZZZZZZ", "Fant ingen kurs med den koden"),
        (f"/kurs {cohort.join_code.lower()}", "Velkommen til kurset «Ledere i Vestby»!"),
        ("/kurs", "Du er med i kurset «Ledere i Vestby»"),
    ]
    for seen, (command, expected) in enumerate(steps):
        user.send(command)
        reply = user.wait_for(lambda m: len(m) >= 1, seen=seen)[0]
        assert expected in reply["text"], command
        assert reply["parse_mode"] == "HTML"
    assert course_of(user, stack) == "Ledere i Vestby"

    user.send("/kurs forlat")
    reply = user.wait_for(lambda m: len(m) >= 1, seen=len(steps))[0]
    assert reply["text"] == "Du er ikke lenger med i kurset «Ledere i Vestby». Resultatene og planene dine er fortsatt dine."
    assert course_of(user, stack) is None


def test_the_deep_link_asks_first_and_joins_when_the_button_is_pressed(user, stack):
    cohort = make_cohort(stack, "Ledere i Østby")
    user.send(f"/start kurs-{cohort.join_code}")
    replies = user.wait_for(lambda m: any("Vil du bli med" in x.get("text", "") for x in m))
    assert "Samskapingsrådgiveren" in replies[0]["text"]  # the welcome first: what the advisor is
    question = last_with_buttons(replies)
    assert "«Ledere i Østby»" in question["text"] and "minst 5" in question["text"]
    assert course_of(user, stack) is None  # a link alone joins nothing

    seen = len(user.bot_messages())
    user.press(question, "Bli med")
    reply = user.wait_for(lambda m: len(m) >= 1, seen=seen)[0]
    assert "Velkommen til kurset «Ledere i Østby»!" in reply["text"]
    assert course_of(user, stack) == "Ledere i Østby"
    answered = next(m for m in user.bot_messages() if m["message_id"] == question["message_id"])
    assert not answered.get("reply_markup", {}).get("inline_keyboard")


def test_a_deep_link_with_an_unknown_code_says_so(user):
    user.send("/start kurs-ZZZZZZ")
    replies = user.wait_for(lambda m: any("Fant ingen kurs" in x.get("text", "") for x in m))
    assert not any(m.get("reply_markup", {}).get("inline_keyboard") for m in replies)


def test_the_telegram_log_holds_neither_the_token_nor_what_users_wrote(telegram_bot):
    log = (ARTIFACTS / "telegram.log").read_text(errors="replace")
    assert "Application started" in log
    for secret_or_text in [TOKEN, SENDER_SECRET, "Hva betyr samskaping", "Vårt svar på steg", "Hvordan bygger jeg"]:
        assert secret_or_text not in log
