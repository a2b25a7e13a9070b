"""Talks to Rasa's REST channel, taking turns over one or more Rasa servers, and checks that the
Rasa servers and the action servers are up."""
from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any

import httpx

from bot.settings import GatewaySettings

logger = logging.getLogger(__name__)


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

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        servers = self._settings.rasa_servers
        first = _first_server(servers)
        timeout = httpx.Timeout(self._settings.rasa_timeout_seconds, connect=self._settings.rasa_connect_timeout_seconds)
        for attempt in range(len(servers)):
            server = servers[(first + attempt) % len(servers)]
            try:
                response = await self._http.post(
                    f"{server}/webhooks/rest/webhook",
                    json={"sender": sender, "message": message},
                    timeout=timeout,
                )
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
                logger.warning("Rasa did not answer: %s", type(error).__name__)
                raise RasaUnavailable from error
            return replies if isinstance(replies, list) else []
        raise RasaUnavailable("no Rasa server could be reached")

    async def rasa_servers_up(self) -> dict[str, bool]:
        return await self._each_up(self._settings.rasa_servers, "/")

    async def action_servers_up(self) -> dict[str, bool]:
        return await self._each_up(self._settings.action_servers, "/health")

    async def _each_up(self, servers: list[str], path: str) -> dict[str, bool]:
        states = await asyncio.gather(*(self._is_up(f"{server}{path}") for server in servers))
        return dict(zip(servers, states))

    async def _is_up(self, url: str) -> bool:
        try:
            response = await self._http.get(url, timeout=self._settings.health_timeout_seconds)
        except httpx.HTTPError:
            return False
        return response.status_code == 200
