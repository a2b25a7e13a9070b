"""POST /api/chat: one user message in, the advisor's replies out."""
from __future__ import annotations

import time

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

import userdata
from bot import rate_limit, texts
from bot.conversation import converse
from bot.dependencies import get_rasa_client
from bot.errors import API_ERRORS, ApiError
from bot.join_limits import JoinLimits, get_join_limits
from bot.messages import BotMessage
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.sender_header import SENDER_PATTERN
from bot.dependencies import get_settings
from bot.settings import GatewaySettings
from bot.text_input import ReadableText

router = APIRouter(prefix="/api", tags=["chat"], responses=API_ERRORS)
DAY_SECONDS = 24 * 3600


class ChatRequest(BaseModel):
    # The sender id is the conversation key in Rasa's tracker store, so keep it to a safe alphabet.
    sender: str = Field(min_length=1, max_length=128, pattern=SENDER_PATTERN)
    message: ReadableText


class ChatResponse(BaseModel):
    messages: list[BotMessage]


@router.post("/chat", response_model=ChatResponse, responses={503: {"model": ChatResponse}})
async def chat(
    request: ChatRequest,
    http_request: Request,
    rasa: RasaClient = Depends(get_rasa_client),
    settings: GatewaySettings = Depends(get_settings),
    join_limits: JoinLimits = Depends(get_join_limits),
):
    rate_limit.enforce(http_request, request.sender)
    text = request.message.strip()
    if not text:
        raise ApiError(422, "empty_message", texts.ERROR_EMPTY)
    if len(text) > settings.max_message_chars:
        raise ApiError(422, "message_too_long", texts.ERROR_TOO_LONG.format(limit=settings.max_message_chars))
    stored = await run_in_threadpool(userdata.stored_bytes_since, request.sender, time.time() - DAY_SECONDS)
    if stored >= settings.max_stored_bytes_per_sender_per_day:
        raise ApiError(429, "daily_limit", texts.ERROR_DAILY_LIMIT)

    client = rate_limit.client_address(http_request)
    apology = ChatResponse(messages=[BotMessage(text=texts.APOLOGY_UNAVAILABLE)])
    try:
        reply = await converse(rasa, request.sender, text, join_codes_allowed=join_limits.allowance(client))
    except RasaUnavailable:
        return JSONResponse(apology.model_dump(), status_code=503)
    join_limits.count(client, reply.join_codes_tried, reply.join_codes_missed)
    # Rasa answers every message it understands; silence means an action failed.
    return ChatResponse(messages=reply.messages) if reply.messages else apology
