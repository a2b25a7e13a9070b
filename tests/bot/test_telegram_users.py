"""Who a Telegram user is to Rasa, how fast they may write, and the passages kept for their chat."""
from bot.messages import Citation
from bot.routers.chat import SENDER_PATTERN
from telegram.ext import Application, CallbackContext

from bot.telegram import passages
from bot.telegram.handlers import UserRateLimit
from bot.telegram.passages import PASSAGES_PER_CHAT
from bot.telegram.senders import sender_id

import re


def test_a_telegram_user_has_the_same_pseudonymous_sender_id_every_time():
    assert sender_id(123456789, "secret") == sender_id(123456789, "secret")
    assert sender_id(123456789, "secret").startswith("tg-")
    assert "123456789" not in sender_id(123456789, "secret")
    assert re.match(SENDER_PATTERN, sender_id(123456789, "secret"))


def test_different_users_and_different_secrets_give_different_ids():
    assert sender_id(1, "secret") != sender_id(2, "secret")
    assert sender_id(1, "secret") != sender_id(1, "other secret")


def test_a_burst_over_the_limit_is_warned_once_then_dropped():
    limiter = UserRateLimit("5/minute")
    verdicts = [limiter.check("tg-a") for _ in range(30)]
    assert verdicts[:5] == ["ok"] * 5
    assert verdicts[5] == "warn"
    assert set(verdicts[6:]) == {"drop"}
    assert limiter.check("tg-b") == "ok"  # per user


def _citation(i: int) -> Citation:
    return Citation(passage_id=f"p{i}", thesis="a", short_title="t", section="1", section_title="s",
                    passage_text=f"tekst {i}")


def context_of(application: Application, chat_id: int) -> CallbackContext:
    return CallbackContext(application, chat_id=chat_id, user_id=chat_id)


def test_each_chat_keeps_its_latest_passages_in_its_chat_data_and_forgets_them_on_deletion():
    application = Application.builder().token("123:TEST").build()
    one, two = context_of(application, 1), context_of(application, 2)
    for i in range(PASSAGES_PER_CHAT + 5):
        passages.remember(one, 1, {f"p{i}": _citation(i)})
    assert passages.get(one, "p0") is None
    assert passages.get(one, f"p{PASSAGES_PER_CHAT + 4}").passage_text == f"tekst {PASSAGES_PER_CHAT + 4}"
    assert passages.get(two, "p1") is None  # per chat
    assert len(application.chat_data[1][passages.KEY]) == PASSAGES_PER_CHAT
    passages.forget(one, 1)
    assert passages.get(one, f"p{PASSAGES_PER_CHAT + 4}") is None


def test_only_the_chats_shown_passages_most_recently_keep_them(monkeypatch):
    monkeypatch.setattr(passages, "CHATS_WITH_PASSAGES", 3)
    application = Application.builder().token("123:TEST").build()
    for chat_id in range(1, 5):
        passages.remember(context_of(application, chat_id), chat_id, {f"p{chat_id}": _citation(chat_id)})
    assert passages.get(context_of(application, 1), "p1") is None
    assert [passages.get(context_of(application, c), f"p{c}").passage_text for c in (2, 3, 4)] == \
        ["tekst 2", "tekst 3", "tekst 4"]
