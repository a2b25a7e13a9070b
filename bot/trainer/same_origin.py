"""Trainer forms are accepted only when posted from the trainer pages themselves.

The login cookie is SameSite=strict, which modern browsers honour; this is the second lock, for
browsers and embedded views that do not, and against a sibling site on the same registrable
domain (SameSite treats e.g. another *.kommune.no host as same-site). Every state-changing request
under /trainer must come with an Origin equal to the gateway's own (SAMSKAPING_PUBLIC_ORIGIN, or
the request's Host) and, when the browser sends Sec-Fetch-Site, with «same-origin». A request with
neither header is not from a browser form and carries no trainer's cookie by accident."""
from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from bot import texts
from bot.errors import error_response

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PROTECTED_PREFIX = "/trainer"


def _host_port(url: str) -> str:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = parts.port or default
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def same_origin(headers: Headers, scheme: str, public_origin: str) -> bool:
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        # A browser sends «null» for a sandboxed frame or a data: URL, and for its own form posts
        # when the page's referrer policy is no-referrer; only Sec-Fetch-Site tells them apart.
        return fetch_site == "same-origin"
    own = public_origin or f"{scheme}://{headers.get('host', '')}"
    return _host_port(origin) == _host_port(own)


class SameOriginForms:
    def __init__(self, app: ASGIApp, public_origin: str = ""):
        self.app = app
        self.public_origin = public_origin.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] not in SAFE_METHODS
                and scope["path"].startswith(PROTECTED_PREFIX)
                and not same_origin(Headers(scope=scope), scope.get("scheme", "http"), self.public_origin)):
            response = error_response(403, "cross_site_request", texts.ERROR_CROSS_SITE)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
