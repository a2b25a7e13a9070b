"""Builds the python-telegram-bot Application, for polling or for the gateway's webhook."""
from __future__ import annotations

import logging

import httpx
from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

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
    POST /telegram/webhook hands it each update (PTB's "custom webhook" pattern), and it shares
    the gateway's HTTP client. Without `http` it opens its own when it starts."""
    if settings.telegram_token is None:
        raise ValueError("SAMSKAPING_TELEGRAM_TOKEN must be set to use Telegram")
    quiet_token_logging()
    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .post_init(_register_commands)
        .post_shutdown(_close)
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
