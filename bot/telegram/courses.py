"""/kurs in Telegram: join a trainer's course with its code, see it, leave it.

- `/kurs K7M2QX` joins (a typed code is a deliberate choice, so it joins at once);
- `/kurs` shows the course the user is in, or how to join;
- `/kurs forlat` (or `leave`) leaves;
- the deep link `t.me/<bot>?start=kurs-K7M2QX` arrives as `/start kurs-K7M2QX` and asks first
  with a button, because following a link is not yet a decision to share anything.

Membership belongs to the user's Rasa sender id (tg-…), like everything else the advisor keeps.
userdata is synchronous SQLAlchemy, so it runs in a worker thread.
"""
from __future__ import annotations

from html import escape

from fastapi.concurrency import run_in_threadpool
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from userdata import cohort_service, cohort_texts, cohorts
from userdata.database import current
from userdata.rasa_events import conversation_language

LEAVE_WORDS = {"forlat", "leave", "slutt", "ut"}
DEEP_LINK_PREFIX = "kurs-"
# Callback data of the deep link's buttons: "k:<code>" joins, "k-" declines.
JOIN_PREFIX = "k:"
DECLINE_PREFIX = "k-"
MAX_CODE_CHARS = 32
# The deep link's buttons.
BUTTONS = {"nb": ("Bli med", "Nei takk"), "en": ("Join", "No thanks")}


def _min_group_size() -> int:
    return current().settings.min_group_size


async def language(sender: str) -> str:
    """The language the advisor uses in this user's conversation (bokmål before any)."""
    return cohort_texts.language(await run_in_threadpool(conversation_language, sender))


async def say(sender: str, result: cohort_service.Result) -> str:
    """The outcome in the conversation's language, from the texts every channel uses; escaped
    for Telegram's HTML parse mode."""
    return escape(cohort_texts.say(result, await language(sender), "telegram", _min_group_size()), quote=False)


def code_from_start(args: list[str]) -> str | None:
    """The code in a deep link's start parameter ("kurs-K7M2QX"), or None."""
    if args and args[0].lower().startswith(DEEP_LINK_PREFIX):
        return args[0][len(DEEP_LINK_PREFIX):][:MAX_CODE_CHARS] or None
    return None


async def join(sender: str, code: str) -> str:
    """Joins and returns the reply: joined, moved from another course, already in, or why not."""
    return await say(sender, await run_in_threadpool(cohort_service.join, sender, code))


async def command(sender: str, args: list[str]) -> str:
    """The reply to `/kurs [KODE | forlat]`."""
    argument = " ".join(args).strip()
    if not argument:
        return await say(sender, await run_in_threadpool(cohort_service.status, sender))
    if argument.lower() in LEAVE_WORDS:
        return await say(sender, await run_in_threadpool(cohort_service.leave, sender))
    return await join(sender, argument[:MAX_CODE_CHARS * 2])


async def ask(update: Update, sender: str, code: str) -> None:
    """The deep link's question, with «Bli med» and «Nei takk» buttons."""
    cohort = await run_in_threadpool(cohorts.cohort_by_code, code)
    if cohort is None:
        await update.effective_message.reply_html(await say(sender, cohort_service.Result(
            cohort_service.Outcome.UNKNOWN_CODE)))
        return
    lang = await language(sender)
    yes, no = BUTTONS[lang]
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(yes, callback_data=JOIN_PREFIX + cohort.join_code),
        InlineKeyboardButton(no, callback_data=DECLINE_PREFIX + cohort.join_code),
    ]])
    question = cohort_texts.ask(cohort.name, lang, "telegram", _min_group_size())
    await update.effective_message.reply_html(escape(question, quote=False), reply_markup=keyboard)


def is_course_button(data: str) -> bool:
    return data.startswith((JOIN_PREFIX, DECLINE_PREFIX))


async def button(update: Update, sender: str) -> None:
    """A press on the deep link's question: join, or say how to join later."""
    query = update.callback_query
    data = query.data or ""
    await query.answer()
    try:  # the question is answered; its buttons go, so it cannot be answered twice
        await query.edit_message_reply_markup(reply_markup=None)
    except TelegramError:
        pass
    code = data[len(JOIN_PREFIX):][:MAX_CODE_CHARS]
    if data.startswith(JOIN_PREFIX):
        reply = await join(sender, code)
    else:
        lang = await language(sender)
        reply = escape(cohort_texts.declined(code, lang, "telegram", _min_group_size()), quote=False)
    await update.get_bot().send_message(update.effective_chat.id, reply, parse_mode="HTML")
