"""POST /telegram/webhook: Telegram delivers updates here in webhook mode.

Every update must carry the secret given to setWebhook in X-Telegram-Bot-Api-Secret-Token;
anything else is refused with 403 before it is parsed. An accepted update goes on the
Application's update queue and Telegram gets its 200 at once, as in python-telegram-bot's
custom-webhook example: the Rasa round trip happens after, so a slow answer never makes Telegram
time out and send the update again."""
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
    await application.update_queue.put(Update.de_json(data, application.bot))
    return Response(status_code=200)
