"""POST /telegram/webhook: Telegram delivers updates here in webhook mode.

Every update must carry the secret given to setWebhook in X-Telegram-Bot-Api-Secret-Token;
anything else is refused with 403 before it is parsed."""
from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import Response
from telegram import Update

from bot.errors import ApiError

router = APIRouter(prefix="/telegram", tags=["telegram"])
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FORBIDDEN = "Mangler eller feil hemmelighet for Telegram-webhooken."


@router.post("/webhook", include_in_schema=False)
async def webhook(request: Request) -> Response:
    application = request.app.state.telegram
    expected = request.app.state.telegram_secret
    given = request.headers.get(SECRET_HEADER, "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(403, "forbidden", FORBIDDEN)
    try:
        data = await request.json()
    except ValueError:
        raise ApiError(400, "invalid_json", "Oppdateringen er ikke gyldig JSON.") from None
    await application.process_update(Update.de_json(data, application.bot))
    return Response(status_code=200)
