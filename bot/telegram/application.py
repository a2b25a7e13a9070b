"""Builds the python-telegram-bot Application, for polling or for the gateway's webhook."""
from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable
from typing import Any

import httpx
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor

from bot.settings import GatewaySettings
from bot.telegram.handlers import Advisor

logger = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("sjekk", "Er vi klare for samskaping? (15 spørsmål)"),
    BotCommand("plan", "Planlegg å gi fra deg styringen"),
    BotCommand("resultat", "Vis resultatet mitt"),
    BotCommand("kurs", "Bli med i et kurs med koden fra kursholderen"),
    BotCommand("slett", "Slett dataene mine"),
    BotCommand("language", "English / norsk"),
    BotCommand("hjelp", "Hva kan rådgiveren?"),
]


def quiet_token_logging() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


# Updates handled at once (each mostly waits for Rasa); Telegram's webhook sends at most 40 at once.
MAX_CONCURRENT_UPDATES = 64


class OneChatAtATime(BaseUpdateProcessor):
    """Updates of different chats are handled at once, those of one chat in the order they came:
    a user's second message must not overtake the first (Rasa would answer them out of turn)."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES):
        super().__init__(max_concurrent_updates)
        # A chat's lock lives while an update of that chat holds or waits for it.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.get(chat.id)
        if lock is None:
            lock = self._locks[chat.id] = asyncio.Lock()
        async with lock:
            await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def _register_commands(application: Application) -> None:
    await application.bot_data["advisor"].open()
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError as error:  # the command menu is a convenience; never stop the bot for it
        logger.warning("Could not set the Telegram command menu: %s", type(error).__name__)


async def _close(application: Application) -> None:
    await application.bot_data["advisor"].close()


def build_application(settings: GatewaySettings, http: httpx.AsyncClient | None, *, webhook: bool) -> Application:
    """With `webhook`, the Application has no updater of its own: the gateway's
    POST /telegram/webhook puts each update on its update queue and answers Telegram at once
    (PTB's "custom webhook" example), and it shares the gateway's HTTP client. Without `http` it
    opens its own when it starts. Either way chats are handled side by side (OneChatAtATime)."""
    if settings.telegram_token is None:
        raise ValueError("SAMSKAPING_TELEGRAM_TOKEN must be set to use Telegram")
    quiet_token_logging()
    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .post_init(_register_commands)
        .post_shutdown(_close)
        .concurrent_updates(OneChatAtATime())
    )
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    advisor = Advisor(settings, http)
    advisor.install(application)
    application.bot_data["advisor"] = advisor
    application.add_error_handler(_log_error)
    return application


async def _log_error(update: object, context) -> None:
    # The type only: an exception's text may quote the user's message or a URL with the token.
    logger.error("Telegram update failed: %s", type(context.error).__name__)
