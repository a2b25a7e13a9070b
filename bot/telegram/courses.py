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

from bot import texts
from userdata import cohorts

LEAVE_WORDS = {"forlat", "leave", "slutt", "ut"}
DEEP_LINK_PREFIX = "kurs-"
# Callback data of the deep link's buttons: "k:<code>" joins, "k-" declines.
JOIN_PREFIX = "k:"
DECLINE_PREFIX = "k-"
MAX_CODE_CHARS = 32


def language(update: Update) -> str:
    """English for a user whose Telegram app is in English, bokmål for everyone else."""
    code = (update.effective_user.language_code or "") if update.effective_user else ""
    return "en" if code.lower().startswith("en") else "nb"


def say(update: Update, key: str, **values: str) -> str:
    return texts.TELEGRAM_COURSE[language(update)][key].format(**{k: escape(v) for k, v in values.items()})


def code_from_start(args: list[str]) -> str | None:
    """The code in a deep link's start parameter ("kurs-K7M2QX"), or None."""
    if args and args[0].lower().startswith(DEEP_LINK_PREFIX):
        return args[0][len(DEEP_LINK_PREFIX):][:MAX_CODE_CHARS] or None
    return None


def _join(sender: str, code: str) -> tuple[cohorts.CohortInfo, cohorts.CohortInfo | None]:
    before = cohorts.membership(sender)
    return cohorts.join(sender, code), before


async def join(update: Update, sender: str, code: str) -> str:
    """Joins and returns the reply: joined, moved from another course, already in, or unknown code."""
    if not cohorts.normalise_code(code):
        return say(update, "none")
    try:
        cohort, before = await run_in_threadpool(_join, sender, code)
    except cohorts.UnknownCode:
        return say(update, "unknown")
    except cohorts.CohortFull:
        return say(update, "full")
    except cohorts.CohortClosed:
        return say(update, "closed")
    except cohorts.JoinLocked:
        return say(update, "locked")
    if before is None:
        return say(update, "joined", name=cohort.name, label=cohort.member_label or "")
    if before.id == cohort.id:
        return say(update, "already", name=cohort.name)
    return say(update, "moved", name=cohort.name, old=before.name)


async def command(update: Update, sender: str, args: list[str]) -> str:
    """The reply to `/kurs [KODE | forlat]`."""
    argument = " ".join(args).strip()
    if not argument:
        cohort = await run_in_threadpool(cohorts.membership, sender)
        return say(update, "member", name=cohort.name, label=cohort.member_label or "") if cohort else say(update, "none")
    if argument.lower() in LEAVE_WORDS:
        left = await run_in_threadpool(cohorts.leave, sender)
        return say(update, "left", name=left.name) if left else say(update, "left_none")
    return await join(update, sender, argument[:MAX_CODE_CHARS * 2])


async def ask(update: Update, code: str) -> None:
    """The deep link's question, with «Bli med» and «Nei takk» buttons."""
    cohort = await run_in_threadpool(cohorts.cohort_by_code, code)
    if cohort is None:
        await update.effective_message.reply_html(say(update, "unknown"))
        return
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(say(update, "yes"), callback_data=JOIN_PREFIX + cohort.join_code),
        InlineKeyboardButton(say(update, "no"), callback_data=DECLINE_PREFIX + cohort.join_code),
    ]])
    await update.effective_message.reply_html(say(update, "ask", name=cohort.name), reply_markup=keyboard)


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
    reply = await join(update, sender, code) if data.startswith(JOIN_PREFIX) else say(update, "declined", code=code)
    await update.get_bot().send_message(update.effective_chat.id, reply, parse_mode="HTML")
