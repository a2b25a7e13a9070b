"""GET /api/history: the conversation so far, so the widget can show it after a reload.

The sender id comes in the X-Samskaping-Sender header, never in the URL (bot/sender_header.py).
It is a random id only the user's browser knows; whoever has it can already continue the
conversation through /api/chat, so reading it back reveals nothing more."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

import userdata
from bot import rate_limit
from bot.errors import API_ERRORS
from bot.history import HistoryMessage, from_tracker
from bot.sender_header import sender_from_header
from bot.dependencies import get_settings
from bot.settings import GatewaySettings

router = APIRouter(prefix="/api", tags=["chat"], responses=API_ERRORS)


class HistoryResponse(BaseModel):
    messages: list[HistoryMessage]


@router.get("/history", response_model=HistoryResponse)
async def history(
    request: Request,
    sender: str = Depends(sender_from_header),
    settings: GatewaySettings = Depends(get_settings),
) -> HistoryResponse:
    rate_limit.enforce(request)
    events = await run_in_threadpool(userdata.conversation_events, sender, settings.history_limit)
    return HistoryResponse(messages=from_tracker(events))
