"""GET /healthz: is the advisor able to answer right now, and is every server up?"""
import asyncio

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from bot.dependencies import get_rasa_client
from bot.rasa_client import RasaClient

router = APIRouter(tags=["health"])


def _state(up: dict[str, bool]) -> str:
    if all(up.values()):
        return "ok"
    return "partial" if any(up.values()) else "down"


def _each(up: dict[str, bool]) -> dict[str, str]:
    return {server: "ok" if is_up else "down" for server, is_up in up.items()}


@router.get("/healthz", responses={503: {"description": "No Rasa server or no action server is up"}})
async def healthz(rasa: RasaClient = Depends(get_rasa_client)) -> JSONResponse:
    rasa_up, actions_up = await asyncio.gather(rasa.rasa_servers_up(), rasa.action_servers_up())
    body = {
        "status": "ok" if all(rasa_up.values()) and all(actions_up.values()) else "degraded",
        "gateway": "ok",
        "rasa": _state(rasa_up),
        "action_server": _state(actions_up),
    }
    # With several servers, each is named; one server keeps the short answer it always had. Only
    # Rasa reaches the action servers, so each action server is named by the Rasa server in front.
    if len(rasa_up) > 1:
        body["rasa_servers"] = _each(rasa_up)
    if len(actions_up) > 1:
        body["action_servers"] = _each(actions_up)
    # One Rasa server and one action server down of two: degraded, but users are still answered
    # (the gateway fails over), so a load balancer should keep sending them.
    can_answer = any(rasa_up.values()) and any(actions_up.values())
    return JSONResponse(body, status_code=200 if can_answer else 503)
