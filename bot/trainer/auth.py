"""Who is logged in on the trainer pages.

Starlette's signed session cookie holds the trainer's id and the account's session version. Every
request loads the trainer from the database and compares the version, so a logout (which raises
it), a new password and a deleted account end every copy of the cookie at once; a signed cookie
alone cannot be taken back."""
from __future__ import annotations

import logging
import secrets
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

from bot.rate_limit import client_address
from bot.settings import GatewaySettings
from bot.trainer.login_throttle import LoginThrottle
from bot.trainer.same_origin import SameOriginForms
from userdata import trainers

logger = logging.getLogger(__name__)

SESSION_KEY = "trainer"
VERSION_KEY = "v"
COOKIE = "samskaping_trainer"


class LoginRequired(Exception):
    def __init__(self, path: str):
        self.path = path


def install(app: FastAPI, settings: GatewaySettings) -> None:
    if settings.session_secret is None:
        logger.info("SAMSKAPING_SESSION_SECRET is not set: trainer logins last until the gateway restarts")
        secret = secrets.token_urlsafe(32)
    else:
        secret = settings.session_secret.get_secret_value()
    app.add_middleware(SameOriginForms, public_origin=settings.public_origin)
    # SameSite=strict: a page on another site cannot make a logged-in trainer's browser post forms.
    app.add_middleware(
        SessionMiddleware, secret_key=secret, session_cookie=COOKIE, max_age=settings.session_hours * 3600,
        same_site="strict", https_only=settings.secure_cookies, path="/trainer",
    )
    app.state.login_throttle = LoginThrottle(settings)

    @app.exception_handler(LoginRequired)
    async def to_login(_: Request, exc: LoginRequired):
        return RedirectResponse(f"/trainer/login?next={quote(exc.path)}", status_code=303)


async def current(request: Request) -> trainers.TrainerSession:
    """Dependency: the logged-in trainer as the database has them now, or a redirect to login."""
    trainer_id = request.session.get(SESSION_KEY)
    trainer = await run_in_threadpool(trainers.trainer_session, trainer_id) if trainer_id else None
    if trainer is None or request.session.get(VERSION_KEY) != trainer.version:
        request.session.clear()
        raise LoginRequired(request.url.path)
    return trainer


async def current_trainer(request: Request) -> str:
    """Dependency: the logged-in trainer's id (see ``current``)."""
    return (await current(request)).id


def log_in(request: Request, trainer: trainers.TrainerSession) -> None:
    request.session.clear()
    request.session[SESSION_KEY] = trainer.id
    request.session[VERSION_KEY] = trainer.version


async def log_out(request: Request) -> None:
    trainer_id = request.session.get(SESSION_KEY)
    trainer = await run_in_threadpool(trainers.trainer_session, trainer_id) if trainer_id else None
    # Only a cookie that is still valid ends the trainer's sessions; an old copy cannot be used
    # to log the trainer out again and again.
    if trainer is not None and request.session.get(VERSION_KEY) == trainer.version:
        await run_in_threadpool(trainers.end_sessions, trainer_id)
    request.session.clear()


def login_wait(request: Request, username: str) -> int | None:
    """Counts a login attempt; the seconds to wait when this address may not try this username now."""
    return request.app.state.login_throttle.wait(username, client_address(request))


def login_failed(request: Request, username: str) -> None:
    request.app.state.login_throttle.failed(username, client_address(request))


def login_succeeded(request: Request, username: str) -> None:
    request.app.state.login_throttle.succeeded(username, client_address(request))
