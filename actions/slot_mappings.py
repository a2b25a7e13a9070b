"""Runs after every user message (Rasa's action_extract_slots calls it): keeps the reply language."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions.language import ENGLISH, NORWEGIAN, current_language, detect

EXPLICIT_CHOICE = {"switch_to_english": ENGLISH, "switch_to_norwegian": NORWEGIAN}


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in EXPLICIT_CHOICE:
            # An explicit choice wins over detection until the user chooses again.
            return {"language": EXPLICIT_CHOICE[intent], "language_chosen": True}
        if tracker.get_slot("language_chosen"):
            return {}
        current = current_language(tracker)
        detected = detect(tracker.latest_message.get("text") or "", current)
        return {"language": detected} if detected != current else {}

    # Both slots are set only by extract_language above; saying so keeps rasa-sdk from warning
    # on every message that they have no validation method.
    async def validate_language(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"language": value}

    async def validate_language_chosen(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"language_chosen": value}
