"""What the advisor does with each kind of Telegram update."""
from __future__ import annotations

import logging
from typing import Any

import httpx
from fastapi.concurrency import run_in_threadpool
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

import userdata
from bot import texts
from bot.conversation import converse
from bot.limit_storage import limit_storage
from bot.rate_limit import MovingWindow
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.settings import GatewaySettings
from bot.telegram import courses, passages, render
from bot.telegram.senders import sender_id

logger = logging.getLogger(__name__)

# Commands that are a Rasa intent (Rasa takes "/intent" as that intent, whatever the language).
RASA_COMMANDS = {"sjekk": "/start_readiness", "plan": "/start_plan", "resultat": "/show_result", "slett": "/delete_data"}


class UserRateLimit:
    """Per Telegram user, with the same moving window as the web API (bot/rate_limit.py).
    Over the limit, the user is told once to slow down; further messages in the burst are dropped."""

    def __init__(self, limit: str, store=None):
        self._window = MovingWindow(limit, store)
        self._warned: set[str] = set()

    def check(self, key: str) -> str:
        """"ok", "warn" (first message over the limit) or "drop"."""
        if self._window.hit("telegram", key) is None:
            self._warned.discard(key)
            return "ok"
        if key in self._warned:
            return "drop"
        self._warned.add(key)
        return "warn"


class Advisor:
    """The handlers, with what they share: settings, the Rasa client, the rate limit. What belongs to
    one chat (the passages behind its 📖 buttons) is in the chat's context.chat_data."""

    def __init__(self, settings: GatewaySettings, http: httpx.AsyncClient | None = None):
        """Without `http` (polling mode) the Advisor opens its own client in the Application's
        event loop (`open`) and closes it there (`close`)."""
        if settings.telegram_sender_secret is None:
            raise ValueError("SAMSKAPING_TELEGRAM_SENDER_SECRET must be set to use Telegram")
        self._settings = settings
        self._own_http: httpx.AsyncClient | None = None
        self._rasa = RasaClient(settings, http) if http is not None else None
        self._secret = settings.telegram_sender_secret.get_secret_value()
        self.rate_limit = UserRateLimit(settings.rate_limit_per_telegram_user, limit_storage(settings))

    async def open(self) -> None:
        if self._rasa is None:
            self._own_http = httpx.AsyncClient()
            self._rasa = RasaClient(self._settings, self._own_http)

    async def close(self) -> None:
        if self._own_http is not None:
            await self._own_http.aclose()

    def install(self, application: Application) -> None:
        private = filters.ChatType.PRIVATE
        # First: an edited message is not a new turn (commands would otherwise run again).
        application.add_handler(MessageHandler(filters.UpdateType.EDITED, self.edited))
        application.add_handler(CommandHandler("start", self.start))
        application.add_handler(CommandHandler(["hjelp", "help"], self.start))
        application.add_handler(CommandHandler("language", self.language))
        application.add_handler(CommandHandler(list(RASA_COMMANDS), self.rasa_command))
        # Private chats only: the reply names the user's course, which is nobody else's business.
        application.add_handler(CommandHandler(["kurs", "course"], self.course, filters=private))
        application.add_handler(CallbackQueryHandler(self.button))
        application.add_handler(MessageHandler(filters.COMMAND & private, self.unknown_command))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.text))
        # Stickers, photos, voice, files…: a friendly word in a private chat, silence in a group.
        application.add_handler(MessageHandler(private & ~filters.TEXT, self.unsupported))

    # --- commands ---------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_html(texts.TELEGRAM_WELCOME)
        # A trainer's link t.me/<bot>?start=kurs-K7M2QX: ask before joining.
        code = courses.code_from_start(context.args or [])
        if code and update.effective_chat.type == ChatType.PRIVATE and await self._allowed(update):
            await courses.ask(update, self._sender(update), code)

    async def course(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._allowed(update):
            reply = await courses.command(self._sender(update), context.args or [])
            await update.effective_message.reply_html(reply)

    async def language(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[
            InlineKeyboardButton("Norsk", callback_data=render.rasa_callback("/switch_to_norwegian")),
            InlineKeyboardButton("English", callback_data=render.rasa_callback("/switch_to_english")),
        ]])
        await update.effective_message.reply_text(texts.TELEGRAM_LANGUAGE, reply_markup=keyboard)

    async def rasa_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
        await self.converse(update, context, RASA_COMMANDS[command])

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(texts.TELEGRAM_UNKNOWN_COMMAND)

    # --- messages ---------------------------------------------------------------------------

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        text = message.text or ""
        if update.effective_chat.type != ChatType.PRIVATE:
            # In a group the advisor answers only when addressed: @mentioned or replied to.
            mention = f"@{context.bot.username}"
            replied_to_bot = message.reply_to_message and message.reply_to_message.from_user \
                and message.reply_to_message.from_user.id == context.bot.id
            if mention.lower() not in text.lower() and not replied_to_bot:
                return
            text = text.replace(mention, "").replace(mention.lower(), "")
        await self.converse(update, context, text)

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            await update.effective_message.reply_text(texts.TELEGRAM_EDITED)

    async def unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        kind = "sticker" if message.sticker else "photo" if message.photo else \
            "voice" if (message.voice or message.audio or message.video_note) else "other"
        await message.reply_text(texts.TELEGRAM_UNSUPPORTED[kind])

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        data = query.data or ""
        if courses.is_course_button(data):
            if await self._allowed(update):
                await courses.button(update, self._sender(update))
            else:
                await query.answer()
            return
        if data.startswith(render.PASSAGE_PREFIX):
            await query.answer()
            citation = passages.get(context, data[len(render.PASSAGE_PREFIX):])
            if citation is None or not getattr(citation, "passage_text", None):
                await context.bot.send_message(update.effective_chat.id, texts.TELEGRAM_PASSAGE_GONE)
                return
            title = f"{citation.section} {citation.section_title}"
            for chunk in render.passage_messages(title, citation.short_title, citation.passage_text):
                await context.bot.send_message(update.effective_chat.id, chunk, parse_mode=ParseMode.HTML)
            return
        if not data.startswith(render.RASA_PREFIX):
            await query.answer()
            return
        payload = data[len(render.RASA_PREFIX):]
        title = _button_title(query.message, data) or payload
        await query.answer(text=f"✔ {title}")
        # The choice is made: take its buttons away so it cannot be made twice; the 📖 buttons stay.
        try:
            await query.edit_message_reply_markup(reply_markup=_passage_rows_only(query.message))
        except TelegramError:
            pass  # e.g. the message is too old to edit; the answer still goes through
        await self.converse(update, context, payload)

    # --- one turn ---------------------------------------------------------------------------

    async def converse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        chat = update.effective_chat
        bot = update.get_bot()
        text = text.strip()
        if not text:
            return
        sender = self._sender(update)
        if not await self._allowed(update):
            return
        if len(text) > self._settings.max_message_chars:
            await bot.send_message(chat.id, texts.ERROR_TOO_LONG.format(limit=self._settings.max_message_chars))
            return
        await bot.send_chat_action(chat.id, "typing")
        try:
            reply = await converse(self._rasa, sender, text)
        except RasaUnavailable:
            reply = None
        if reply is None or not reply.messages:
            await bot.send_message(chat.id, texts.APOLOGY_UNAVAILABLE)
            return
        if reply.erase_conversation:
            passages.forget(context, chat.id)
        for message in reply.messages:
            for out in render.render(message):
                await self._send(bot, context, chat.id, out)

    def _sender(self, update: Update) -> str:
        return sender_id(update.effective_user.id, self._secret)

    async def _allowed(self, update: Update) -> bool:
        """Counts one request against the user's rate limit (a course code, like a message, may
        not be tried quickly); over it, the user is told once to slow down."""
        verdict = self.rate_limit.check(self._sender(update))
        if verdict == "warn":
            await update.get_bot().send_message(update.effective_chat.id, texts.TELEGRAM_SLOW_DOWN)
        return verdict == "ok"

    async def _send(self, bot: Any, context: ContextTypes.DEFAULT_TYPE, chat_id: int,
                    out: render.TelegramMessage) -> None:
        if out.html is not None:
            await bot.send_message(chat_id, out.html, parse_mode=ParseMode.HTML, reply_markup=out.keyboard)
            if out.passages:
                passages.remember(context, chat_id, out.passages)
        elif out.chart_id:
            png = await run_in_threadpool(userdata.readiness_chart, out.chart_id)
            if png is None:
                await bot.send_message(chat_id, texts.TELEGRAM_FILE_GONE)
            else:
                await bot.send_photo(chat_id, InputFile(png, filename="beredskap.png"))
        elif out.plan_id:
            markdown = await run_in_threadpool(userdata.plan_markdown, out.plan_id)
            if markdown is None:
                await bot.send_message(chat_id, texts.TELEGRAM_FILE_GONE)
            else:
                data = markdown.encode() if isinstance(markdown, str) else markdown
                await bot.send_document(chat_id, InputFile(data, filename=out.filename or "plan-samskaping.md"))


def _passage_rows_only(message: Message | None) -> InlineKeyboardMarkup | None:
    markup = getattr(message, "reply_markup", None)
    rows = [row for row in getattr(markup, "inline_keyboard", ()) or ()
            if all((b.callback_data or "").startswith(render.PASSAGE_PREFIX) for b in row)]
    return InlineKeyboardMarkup(rows) if rows else None


def _button_title(message: Message | None, data: str) -> str | None:
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()) or ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
