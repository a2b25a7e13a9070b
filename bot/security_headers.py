"""Security headers on every gateway response.

The gateway serves three kinds of things, and they need different headers:

- its own HTML pages (the demo intranet pages): a Content-Security-Policy that allows only the
  gateway's own scripts, styles, images and API (the pages have no inline script or style; the
  widget sets colours through CSSOM, which CSP does not block), and no framing by other sites;
- the widget script, its stylesheet and the media it shows (charts): these are loaded by intranet
  pages on other origins, so they say so with Cross-Origin-Resource-Policy and carry no
  framing or same-origin restriction that would stop that;
- JSON from the API: nothing in it may ever be run or framed as a document.

Every response gets nosniff (a chart or plan is never taken for HTML) and no-referrer (the
gateway has no use for where its links are followed to, and a leader's intranet addresses are
nobody else's business). HSTS belongs to whatever terminates TLS in front of the gateway.
"""
from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Anything that is not a page: if a browser ever renders it as a document, nothing runs in it.
RESOURCE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PAGE_ONLY = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
# Loaded by intranet pages on other origins; say so, so a browser's default never blocks them.
EMBEDDABLE_PREFIXES = ("/widget/", "/media/")
# FastAPI's interactive API docs load Swagger UI / ReDoc from a CDN with inline script; a strict
# policy would break them, so they get only the common headers.
DOC_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")


# The trainer pages post forms to themselves; with no-referrer a browser sends «Origin: null» on
# those posts, and the same-origin check (bot/trainer/same_origin.py) wants the real origin. A
# same-origin policy still sends nothing to other sites.
TRAINER_PREFIX = "/trainer"


def headers_for(path: str, content_type: str) -> dict[str, str]:
    headers = dict(COMMON)
    if path.startswith(TRAINER_PREFIX):
        headers["Referrer-Policy"] = "same-origin"
    if path in DOC_PATHS:
        return headers
    if path.startswith(EMBEDDABLE_PREFIXES):
        headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        headers["Content-Security-Policy"] = RESOURCE_CSP
    elif content_type.startswith("text/html"):
        headers.update(PAGE_ONLY)
    else:
        headers["Content-Security-Policy"] = RESOURCE_CSP
        headers["X-Frame-Options"] = "DENY"
    return headers


class SecurityHeadersMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware), so it adds headers without buffering the body."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in headers_for(scope["path"], headers.get("content-type", "")).items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
