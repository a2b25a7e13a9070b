"""The embeddable chat widget's script and stylesheet.

`/widget/samskaping.js` is the address intranet editors paste; it is cached for minutes so a new
release reaches every page quickly. The script loads its stylesheet (and can itself be loaded)
under `/widget/<version>/…`, where the version is a hash of both files, so those are cached for
a year. Both are served gzip-compressed when the browser accepts it."""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.errors import ApiError
from bot.routers.pages import STATIC_DIR

WIDGET_DIR = STATIC_DIR / "widget"
MEDIA_TYPES = {"samskaping.js": "text/javascript; charset=utf-8", "samskaping.css": "text/css; charset=utf-8"}
# The script learns its stylesheet's address from this placeholder.
VERSION_PLACEHOLDER = b"__SAMSKAPING_VERSION__"
SHORT_CACHE = "public, max-age=300"
LONG_CACHE = "public, max-age=31536000, immutable"

router = APIRouter(prefix="/widget", tags=["widget"])


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    etag: str


@lru_cache
def assets() -> tuple[str, dict[str, Asset]]:
    raw = {name: (WIDGET_DIR / name).read_bytes() for name in MEDIA_TYPES}
    version = hashlib.sha256(b"".join(raw[name] for name in sorted(raw))).hexdigest()[:12]
    built = {}
    for name, body in raw.items():
        body = body.replace(VERSION_PLACEHOLDER, version.encode())
        built[name] = Asset(body, gzip.compress(body, mtime=0), f'"{version}-{name}"')
    return version, built


def widget_version() -> str:
    return assets()[0]


def _serve(request: Request, name: str, cache_control: str) -> Response:
    asset = assets()[1][name]
    headers = {"Cache-Control": cache_control, "ETag": asset.etag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(asset.gzipped, media_type=MEDIA_TYPES[name], headers={**headers, "Content-Encoding": "gzip"})
    return Response(asset.body, media_type=MEDIA_TYPES[name], headers=headers)


@router.get("/samskaping.js", include_in_schema=False)
async def current_script(request: Request) -> Response:
    return _serve(request, "samskaping.js", SHORT_CACHE)


@router.get("/{version}/{name}", include_in_schema=False)
async def versioned_asset(request: Request, version: str, name: str) -> Response:
    if version != widget_version() or name not in MEDIA_TYPES:
        raise ApiError(404, "not_found", "Fant ikke denne versjonen av chat-widgeten.")
    return _serve(request, name, LONG_CACHE)
