"""Talks to Rasa's REST channel, taking turns over one or more Rasa servers, and checks that the
Rasa servers and, through each of them, their action servers are up.

Every request carries the shared token (SAMSKAPING_RASA_TOKEN) that Rasa's channel checks
(rasa_addons/rest_channel.py)."""
from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any

import httpx

from bot.settings import GatewaySettings

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Samskaping-Rasa-Token"
WEBHOOK = "/webhooks/rest/webhook"
# Answered by the channel: whether the Rasa server's own action server is up.
ACTION_SERVER_HEALTH = "/webhooks/rest/action_server"


class RasaUnavailable(Exception):
    pass


# Whose turn it is, per list of servers. A RasaClient lives for one request, so the turns are kept
# here, for the whole process. Plain round-robin: the servers share the tracker store and the lock
# store, so one user's messages may go to any of them.
_turns: dict[tuple[str, ...], itertools.count] = {}


def _first_server(servers: list[str]) -> int:
    return next(_turns.setdefault(tuple(servers), itertools.count())) % len(servers)


class RasaClient:
    def __init__(self, settings: GatewaySettings, http: httpx.AsyncClient):
        self._settings = settings
        self._http = http
        token = settings.rasa_token.get_secret_value() if settings.rasa_token else ""
        self._headers = {TOKEN_HEADER: token} if token else {}

    async def send(self, sender: str, message: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """``metadata`` reaches the actions as the message's metadata (and is stored with it, so it
        never holds anything personal)."""
        servers = self._settings.rasa_servers
        first = _first_server(servers)
        timeout = httpx.Timeout(self._settings.rasa_timeout_seconds, connect=self._settings.rasa_connect_timeout_seconds)
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        for attempt in range(len(servers)):
            server = servers[(first + attempt) % len(servers)]
            try:
                response = await self._http.post(f"{server}{WEBHOOK}", json=body, headers=self._headers,
                                                 timeout=timeout)
                response.raise_for_status()
                replies = response.json()
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                # The server never got the message, so another one can take it without the turn
                # running twice. Log the server and the kind of failure, never the message text.
                logger.warning("Rasa server %s unreachable (%s); %s", server, type(error).__name__,
                               "trying the next" if attempt + 1 < len(servers) else "no server left")
                continue
            except (httpx.HTTPError, ValueError) as error:
                # Any later failure (a timeout, an error status) may come after the server ran the
                # turn; sending the message to another server could run it twice.
                status = getattr(getattr(error, "response", None), "status_code", None)
                if status == 401:
                    logger.error("Rasa refused the gateway's token: set the same SAMSKAPING_RASA_TOKEN for both")
                logger.warning("Rasa did not answer: %s", type(error).__name__)
                raise RasaUnavailable from error
            return replies if isinstance(replies, list) else []
        raise RasaUnavailable("no Rasa server could be reached")

    async def rasa_servers_up(self) -> dict[str, bool]:
        servers = self._settings.rasa_servers
        states = await asyncio.gather(*(self._answers(f"{server}/") for server in servers))
        return dict(zip(servers, states))

    async def action_servers_up(self) -> dict[str, bool]:
        """Per Rasa server: whether its action server answers. Only Rasa may reach the action
        servers, so the gateway asks Rasa; an action server behind a Rasa server that is down
        counts as down, since no message can reach it."""
        servers = self._settings.rasa_servers
        states = await asyncio.gather(*(self._action_server_up(server) for server in servers))
        return dict(zip(servers, states))

    async def _answers(self, url: str) -> bool:
        try:
            response = await self._http.get(url, timeout=self._settings.health_timeout_seconds)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def _action_server_up(self, server: str) -> bool:
        try:
            response = await self._http.get(f"{server}{ACTION_SERVER_HEALTH}", headers=self._headers,
                                            timeout=self._settings.health_timeout_seconds)
            return response.status_code == 200 and response.json().get("action_server") == "ok"
        except (httpx.HTTPError, ValueError, AttributeError):
            return False
