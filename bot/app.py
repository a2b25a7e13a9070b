"""The FastAPI gateway, made by an app factory: `uvicorn --factory bot.app:create_app`.

The factory reads the settings once (bot.settings.load_settings) unless it is given them, opens
the user-data database from them, and keeps both on `app.state` for the FastAPI dependencies in
bot/dependencies.py. Nothing is built at import time, so a test makes an app with its own
settings and databases."""
from __future__ import annotations

import gc
import logging
from contextlib import asynccontextmanager

import httpx
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from bot import access_log, errors, join_limits, metrics, rate_limit
from bot.body_limit import BodyLimitMiddleware
from bot.dependencies import use_request_database
from bot.routers import chat, cohort, health, history, media, pages, telegram, trainer, widget
from bot.security_headers import SecurityHeadersMiddleware
from bot.settings import GatewaySettings, Settings, load_settings
from bot.trainer import auth as trainer_auth
from userdata.database import Database, use
from userdata.retention import periodic_purge


@asynccontextmanager
async def lifespan(app: FastAPI):
    # periodic_purge: deletes conversations and records older than SAMSKAPING_RETENTION_DAYS.
    settings: GatewaySettings = app.state.settings.gateway
    # What the gateway holds once made (~140,000 objects) is set aside from the garbage collector:
    # each full collection walked it all, ~75 ms in which no request was served.
    gc.collect()
    gc.freeze()
    async with httpx.AsyncClient() as http, periodic_purge(app.state.settings.userdata):
        app.state.http = http
        if settings.telegram_mode != "webhook":
            yield
            return
        application = await start_telegram_webhook(settings, http)
        app.state.telegram = application
        app.state.telegram_secret = settings.telegram_webhook_secret.get_secret_value()
        try:
            yield
        finally:
            await application.stop()
            await application.shutdown()
            await application.post_shutdown(application)


async def start_telegram_webhook(settings: GatewaySettings, http: httpx.AsyncClient):
    """Telegram in webhook mode: the Application runs inside the gateway without an updater."""
    from bot.telegram.application import build_application

    if settings.telegram_webhook_secret is None:
        raise ValueError("SAMSKAPING_TELEGRAM_WEBHOOK_SECRET must be set in webhook mode")
    application = build_application(settings, http, webhook=True)
    await application.initialize()
    # run_polling/run_webhook would call these hooks; here the gateway runs the Application.
    await application.post_init(application)
    if settings.telegram_webhook_url:
        await application.bot.set_webhook(
            settings.telegram_webhook_url,
            secret_token=settings.telegram_webhook_secret.get_secret_value(),
            allowed_updates=["message", "edited_message", "callback_query"],
        )
    await application.start()
    return application


def create_app(settings: Settings | None = None) -> FastAPI:
    """The gateway. Without ``settings``, they are read from the environment (and .env)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs request URLs at INFO; Telegram's contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    access_log.install()
    all_settings = settings or load_settings()
    settings = all_settings.gateway
    # The interactive docs load Swagger UI from a CDN; the schema lists every route. Off by default.
    docs = {} if settings.api_docs else {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(title="Samskapingsrådgiveren", version="0.1.0", lifespan=lifespan,
                  dependencies=[Depends(use_request_database)], **docs)
    app.state.settings = all_settings
    # userdata's functions work on this process's database (userdata.database.use).
    app.state.database = use(Database(all_settings.userdata))
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Outermost, so that refusals (413, 429) also carry CORS headers and the widget can show them.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "X-Samskaping-Sender"],
        max_age=600,
    )
    trainer_auth.install(app, settings)
    # Outermost of all, so every response (refusals and preflights too) carries them.
    app.add_middleware(SecurityHeadersMiddleware)
    metrics.install(app, settings)  # outermost: times every response, refusals included
    errors.install(app)
    rate_limit.install(app, settings)
    join_limits.install(app, settings)
    trainer.install(app)
    app.include_router(chat.router)
    app.include_router(cohort.router)
    app.include_router(trainer.router)
    app.include_router(history.router)
    app.include_router(health.router)
    app.include_router(media.router)
    app.include_router(pages.router)
    app.include_router(widget.router)
    if settings.telegram_mode == "webhook":
        app.include_router(telegram.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app
