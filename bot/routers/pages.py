"""The gateway's own pages for people: the demo intranet pages (/ and /demo/nyheter) that show the
chat widget, and the page a course participant's join link leads to (/kurs/{code}).

Two demo pages, so that keeping the conversation while moving between intranet pages can be seen
and tested."""
import re
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from bot import rate_limit
from bot.dependencies import get_userdata_settings
from userdata import cohorts
from userdata.settings import UserdataSettings

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# Autoescaped (.html): the code and the course name reach the page only as escaped text.
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
# What a join code may look like in a link (codes are 6 characters; separators and case are
# forgiven). Anything else is not a code and never reaches the database or the page.
CODE_IN_LINK = re.compile(r"[A-Za-z0-9-]{1,32}")

router = APIRouter(tags=["pages"])


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html")


@router.get("/demo/nyheter", include_in_schema=False)
async def news() -> FileResponse:
    return FileResponse(STATIC_DIR / "nyheter.html")


@router.get("/kurs/{code}", name="join_page", include_in_schema=False)
async def join_page(request: Request, code: str,
                    settings: UserdataSettings = Depends(get_userdata_settings)) -> HTMLResponse:
    """Explains what joining a course means and opens the widget, which asks before joining."""
    if not CODE_IN_LINK.fullmatch(code):
        return _not_found(request)
    # The page names the course, so looking codes up here counts like any other API call.
    rate_limit.enforce(request)
    cohort = await run_in_threadpool(cohorts.cohort_by_code, code)
    if cohort is None:
        return _not_found(request)
    return TEMPLATES.TemplateResponse(request, "join.html", {"code": cohorts.normalise_code(code), "cohort": cohort,
                                                                "min_group_size": settings.min_group_size},
                                      headers={"Cache-Control": "no-store"})


def _not_found(request: Request) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "join.html", {"code": None, "cohort": None}, status_code=404,
                                      headers={"Cache-Control": "no-store"})
