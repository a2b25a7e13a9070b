"""POST /api/chat: one user message in, the advisor's replies out."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bot import rate_limit, texts
from bot.conversation import converse
from bot.dependencies import get_rasa_client
from bot.errors import API_ERRORS, ApiError
from bot.messages import BotMessage
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.settings import GatewaySettings, get_settings

router = APIRouter(prefix="/api", tags=["chat"], responses=API_ERRORS)
SENDER_PATTERN = r"^[A-Za-z0-9_.:-]+$"


class ChatRequest(BaseModel):
    # The sender id is the conversation key in Rasa's tracker store, so keep it to a safe alphabet.
    sender: str = Field(min_length=1, max_length=128, pattern=SENDER_PATTERN)
    message: str


class ChatResponse(BaseModel):
    messages: list[BotMessage]


@router.post("/chat", response_model=ChatResponse, responses={503: {"model": ChatResponse}})
async def chat(
    request: ChatRequest,
    http_request: Request,
    rasa: RasaClient = Depends(get_rasa_client),
    settings: GatewaySettings = Depends(get_settings),
):
    rate_limit.enforce(http_request, request.sender)
    text = request.message.strip()
    if not text:
        raise ApiError(422, "empty_message", texts.ERROR_EMPTY)
    if len(text) > settings.max_message_chars:
        raise ApiError(422, "message_too_long", texts.ERROR_TOO_LONG.format(limit=settings.max_message_chars))

    apology = ChatResponse(messages=[BotMessage(text=texts.APOLOGY_UNAVAILABLE)])
    try:
        messages = (await converse(rasa, request.sender, text)).messages
    except RasaUnavailable:
        return JSONResponse(apology.model_dump(), status_code=503)
    # Rasa answers every message it understands; silence means an action failed.
    return ChatResponse(messages=messages) if messages else apology
