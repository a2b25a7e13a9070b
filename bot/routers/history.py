"""GET /api/history/{sender}: the conversation so far, so the widget can show it after a reload.

The sender id is a random id only the user's browser knows; whoever has it can already continue
the conversation through /api/chat, so reading it back reveals nothing more."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

import userdata
from bot import rate_limit
from bot.errors import API_ERRORS
from bot.history import HistoryMessage, from_tracker
from bot.routers.chat import SENDER_PATTERN
from bot.settings import GatewaySettings, get_settings

router = APIRouter(prefix="/api", tags=["chat"], responses=API_ERRORS)


class HistoryResponse(BaseModel):
    messages: list[HistoryMessage]


@router.get("/history/{sender}", response_model=HistoryResponse)
async def history(
    request: Request,
    sender: str = Path(min_length=1, max_length=128, pattern=SENDER_PATTERN),
    settings: GatewaySettings = Depends(get_settings),
) -> HistoryResponse:
    rate_limit.enforce(request)
    events = await run_in_threadpool(userdata.conversation_events, sender, settings.history_limit)
    return HistoryResponse(messages=from_tracker(events))
