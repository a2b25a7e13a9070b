"""Talks to Rasa's REST channel and checks that Rasa and the action server are up."""
from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.settings import GatewaySettings

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    pass


class RasaClient:
    def __init__(self, settings: GatewaySettings, http: httpx.AsyncClient):
        self._settings = settings
        self._http = http

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        url = f"{self._settings.rasa_url}/webhooks/rest/webhook"
        try:
            response = await self._http.post(
                url,
                json={"sender": sender, "message": message},
                timeout=self._settings.rasa_timeout_seconds,
            )
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as error:
            # Log the kind of failure, never the message text.
            logger.warning("Rasa did not answer: %s", type(error).__name__)
            raise RasaUnavailable from error
        return replies if isinstance(replies, list) else []

    async def rasa_is_up(self) -> bool:
        return await self._is_up(f"{self._settings.rasa_url}/")

    async def action_server_is_up(self) -> bool:
        return await self._is_up(f"{self._settings.action_server_url}/health")

    async def _is_up(self, url: str) -> bool:
        try:
            response = await self._http.get(url, timeout=self._settings.health_timeout_seconds)
        except httpx.HTTPError:
            return False
        return response.status_code == 200
