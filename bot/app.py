"""The FastAPI gateway. Run with: uvicorn bot.app:app"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from bot import errors, rate_limit
from bot.body_limit import BodyLimitMiddleware
from bot.routers import chat, health, history, media, pages, widget
from bot.settings import get_settings


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with httpx.AsyncClient() as http:
        app.state.http = http
        yield


def create_app() -> FastAPI:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    app = FastAPI(title="Samskapingsrådgiveren", version="0.1.0", lifespan=lifespan)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Outermost, so that refusals (413, 429) also carry CORS headers and the widget can show them.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        max_age=600,
    )
    errors.install(app)
    rate_limit.install(app, settings)
    app.include_router(chat.router)
    app.include_router(history.router)
    app.include_router(health.router)
    app.include_router(media.router)
    app.include_router(pages.router)
    app.include_router(widget.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app


app = create_app()
