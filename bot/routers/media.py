"""Stored files the advisor links to: readiness charts and hands-off plans.

The links hold random ids (userdata.links); whoever has the link may download the file, which is
how both the web chat and Telegram deliver it. Both are personal, and a leader may use a shared PC:
nothing is kept in a browser cache (no-store), so a deleted chart is gone from the PC too."""
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

import userdata
from bot.errors import ApiError, documented
from userdata.links import PLAN_DOCUMENT, READINESS_CHART

router = APIRouter(tags=["media"])

NOT_FOUND = "Fant ikke filen. Den kan være slettet."
PERSONAL = {"Cache-Control": "no-store"}


@router.get(READINESS_CHART, response_class=Response, responses={200: {"content": {"image/png": {}}}, **documented(404)})
async def readiness_chart(id: str) -> Response:
    png = await run_in_threadpool(userdata.readiness_chart, id)
    if png is None:
        raise ApiError(404, "not_found", NOT_FOUND)
    return Response(png, media_type="image/png", headers=PERSONAL)


@router.get(PLAN_DOCUMENT, response_class=Response, responses={200: {"content": {"text/markdown": {}}}, **documented(404)})
async def plan_document(id: str) -> Response:
    markdown = await run_in_threadpool(userdata.plan_markdown, id)
    if markdown is None:
        raise ApiError(404, "not_found", NOT_FOUND)
    return Response(
        markdown,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="plan-samskaping.md"', **PERSONAL},
    )
