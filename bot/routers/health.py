"""GET /healthz: is the advisor able to answer right now?"""
import asyncio

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from bot.dependencies import get_rasa_client
from bot.rasa_client import RasaClient

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(rasa: RasaClient = Depends(get_rasa_client)) -> JSONResponse:
    rasa_up, actions_up = await asyncio.gather(rasa.rasa_is_up(), rasa.action_server_is_up())
    body = {
        "status": "ok" if rasa_up and actions_up else "degraded",
        "gateway": "ok",
        "rasa": "ok" if rasa_up else "down",
        "action_server": "ok" if actions_up else "down",
    }
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)
