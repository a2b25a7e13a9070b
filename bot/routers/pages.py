"""The demo intranet pages (/ and /demo/nyheter) that show the chat widget, and their static files.

Two pages, so that keeping the conversation while moving between intranet pages can be seen and
tested."""
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["pages"])


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html")


@router.get("/demo/nyheter", include_in_schema=False)
async def news() -> FileResponse:
    return FileResponse(STATIC_DIR / "nyheter.html")
