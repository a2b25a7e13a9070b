"""A conversation read back from Rasa's tracker store, in the message model the widget renders."""
from __future__ import annotations

from typing import Any, Literal

from bot.messages import BotMessage, from_rasa


class HistoryMessage(BotMessage):
    role: Literal["user", "bot"]


def _as_rest_reply(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data") or {}
    return {"text": event.get("text"), "buttons": data.get("buttons") or [], "image": data.get("image"),
            "custom": data.get("custom")}


def from_tracker(events: list[dict[str, Any]]) -> list[HistoryMessage]:
    """Consecutive bot events are joined exactly as a live reply is (from_rasa), so a reloaded
    conversation looks the same as it did. A clicked button is shown by its title, as it was
    when clicked, not by its payload (e.g. "/feedback_good")."""
    history: list[HistoryMessage] = []
    pending_bot: list[dict[str, Any]] = []
    choices: dict[str, str] = {}

    def flush() -> None:
        for message in from_rasa(pending_bot).messages:
            history.append(HistoryMessage(role="bot", **message.model_dump()))
            choices.update({button.payload: button.title for button in message.buttons})
        pending_bot.clear()

    for event in events:
        if event.get("event") == "bot":
            pending_bot.append(_as_rest_reply(event))
            continue
        flush()
        text = event.get("text") or ""
        history.append(HistoryMessage(role="user", text=choices.get(text, text)))
        choices = {}
    flush()
    return history
