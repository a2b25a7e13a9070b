"""Who a Telegram user is to Rasa, how fast they may write, and the passages kept for their chat."""
from bot.messages import Citation
from bot.routers.chat import SENDER_PATTERN
from bot.telegram.handlers import PASSAGES_PER_CHAT, PassageCache, UserRateLimit
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


def test_the_passage_cache_keeps_the_latest_passages_per_chat_and_forgets_on_deletion():
    cache = PassageCache()
    for i in range(PASSAGES_PER_CHAT + 5):
        cache.remember(1, {f"p{i}": _citation(i)})
    assert cache.get(1, "p0") is None
    assert cache.get(1, f"p{PASSAGES_PER_CHAT + 4}").passage_text == f"tekst {PASSAGES_PER_CHAT + 4}"
    assert cache.get(2, "p1") is None  # per chat
    cache.forget_chat(1)
    assert cache.get(1, f"p{PASSAGES_PER_CHAT + 4}") is None
