"""The Rasa sender id of a Telegram user: stable, pseudonymous, the same in every chat and device."""
from __future__ import annotations

import hashlib
import hmac


def sender_id(telegram_user_id: int, secret: str) -> str:
    """`tg-` and a keyed hash of the user id, so Rasa's tracker store never holds Telegram user ids
    and nobody without the secret can link a conversation to a Telegram account."""
    digest = hmac.new(secret.encode(), str(telegram_user_id).encode(), hashlib.sha256).hexdigest()
    return f"tg-{digest[:32]}"
