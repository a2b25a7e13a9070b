"""Rasa's REST channel, open only to the gateway.

Rasa's own REST channel takes a message for any sender from anyone who can reach port 5005; in
compose that was every container on the network. This channel is the same REST channel (same
URL, /webhooks/rest/webhook, same replies) that first checks the X-Samskaping-Rasa-Token header
against the shared secret in SAMSKAPING_RASA_TOKEN (credentials.yml), in constant time, and
answers 401 without it. Rasa refuses to start when the secret is empty.

It also answers GET /webhooks/rest/action_server (with the token): whether this Rasa server's own
action server is up. Only Rasa may reach the action server, so the gateway's /healthz asks here."""
from __future__ import annotations

import hmac
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from sanic import Blueprint, response
from sanic.request import Request

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput

TOKEN_HEADER = "X-Samskaping-Rasa-Token"
HEALTH_TIMEOUT_SECONDS = 2


class GatewayRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        # The URL and the input channel recorded in the tracker stay those of the REST channel.
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GatewayRestInput":
        token = str((credentials or {}).get("token") or "")
        if len(token) < 16:
            raise ValueError("SAMSKAPING_RASA_TOKEN must be set (at least 16 characters) for the gateway's channel")
        return cls(token)

    def __init__(self, token: str) -> None:
        self._token = token.encode()

    def _authorised(self, request: Request) -> bool:
        return hmac.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), self._token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def require_token(request: Request):
            # The health route "/" stays open, as Rasa's own; everything else needs the token.
            if request.path.rstrip("/") != f"/webhooks/{self.name()}" and not self._authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            return None

        @webhook.route("/action_server", methods=["GET"])
        async def action_server(request: Request):
            endpoint = getattr(request.app.ctx.agent, "action_endpoint", None)
            return response.json({"action_server": "ok" if await _up(endpoint) else "down"})

        return webhook


async def _up(endpoint) -> bool:
    if endpoint is None or not endpoint.url:
        return False
    health = endpoint.url.rsplit("/webhook", 1)[0] + "/health"
    try:
        timeout = aiohttp.ClientTimeout(total=HEALTH_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(health) as answer:
            return answer.status == 200
    except (aiohttp.ClientError, OSError, TimeoutError):
        return False
