"""Who is logged in on the trainer pages: a trainer id in Starlette's signed session cookie."""
from __future__ import annotations

import logging
import secrets
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

from bot.rate_limit import MovingWindow
from bot.settings import GatewaySettings

logger = logging.getLogger(__name__)

SESSION_KEY = "trainer"
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
    # SameSite=strict: a page on another site cannot make a logged-in trainer's browser post forms.
    app.add_middleware(
        SessionMiddleware, secret_key=secret, session_cookie=COOKIE, max_age=settings.session_hours * 3600,
        same_site="strict", https_only=settings.secure_cookies, path="/trainer",
    )
    app.state.login_attempts = MovingWindow(settings.rate_limit_trainer_login)

    @app.exception_handler(LoginRequired)
    async def to_login(_: Request, exc: LoginRequired):
        return RedirectResponse(f"/trainer/login?next={quote(exc.path)}", status_code=303)


def current_trainer(request: Request) -> str:
    """Dependency: the logged-in trainer's id, or a redirect to the login page."""
    trainer_id = request.session.get(SESSION_KEY)
    if not trainer_id:
        raise LoginRequired(request.url.path)
    return trainer_id


def log_in(request: Request, trainer_id: str) -> None:
    request.session.clear()
    request.session[SESSION_KEY] = trainer_id


def log_out(request: Request) -> None:
    request.session.clear()


def login_wait(request: Request, username: str) -> int | None:
    """Counts a login attempt; the seconds to wait when this client or username tried too often."""
    attempts: MovingWindow = request.app.state.login_attempts
    client = request.client.host if request.client else "unknown"
    return attempts.hit("login-client", client) or attempts.hit("login-user", username.strip().lower())
