"""Health for operators and orchestrators (Kubernetes-style):

- GET /livez: the gateway process is up and serving (a liveness probe restarts it otherwise); it
  asks nobody else, so a Rasa outage never gets a healthy gateway restarted;
- GET /readyz: the gateway can answer users now: a Rasa server and an action server answer, the
  user-data database is reachable, and so is the shared rate-limit store when there is one (a
  readiness probe sends no traffic otherwise);
- GET /healthz: the report of every server (each Rasa server and its action server), as it always
  was; `make run`, the tests and compose wait for it.
"""
import asyncio

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from bot import limit_storage
from bot.dependencies import get_rasa_client, get_settings, get_userdata_settings
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings
from userdata.database import reachable
from userdata.settings import UserdataSettings

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


@router.get("/livez")
async def livez() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Users cannot be answered now; the body says what is down"}})
async def readyz(rasa: RasaClient = Depends(get_rasa_client),
                 settings: GatewaySettings = Depends(get_settings),
                 userdata: UserdataSettings = Depends(get_userdata_settings)) -> JSONResponse:
    timeout = settings.health_timeout_seconds
    rasa_up, actions_up, database_up = await asyncio.gather(
        rasa.rasa_servers_up(), rasa.action_servers_up(),
        run_in_threadpool(reachable, userdata.userdata_url, timeout),
    )
    checks = {
        "rasa": any(rasa_up.values()),
        "action_server": any(actions_up.values()),
        "database": database_up,
    }
    if limit_storage.shared(settings):
        checks["rate_limit_storage"] = await run_in_threadpool(_storage_up, settings)
    body = {name: "ok" if up else "down" for name, up in checks.items()}
    ready = all(checks.values())
    return JSONResponse({"status": "ready" if ready else "not_ready", **body}, status_code=200 if ready else 503)


def _storage_up(settings: GatewaySettings) -> bool:
    try:
        return bool(limit_storage.limit_storage(settings).check())
    except Exception:  # a storage that cannot even be asked is down
        return False
