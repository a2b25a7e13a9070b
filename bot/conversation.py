"""One turn of a conversation, shared by every channel (web chat API, Telegram).

Sends the user's message to Rasa, translates the replies into the one message model, and erases
the stored conversation when the advisor has confirmed «slett dataene mine»."""
from __future__ import annotations

from fastapi.concurrency import run_in_threadpool

import userdata
from bot import metrics
from bot.messages import RasaReply, from_rasa
from bot.rasa_client import RasaClient
from userdata.cohorts import MAX_CODES_PER_MESSAGE

# The message metadata key the join action reads (actions/cohort_membership.py).
JOIN_ALLOWANCE = "join_codes_allowed"


async def converse(rasa: RasaClient, sender: str, text: str,
                   join_codes_allowed: int = MAX_CODES_PER_MESSAGE) -> RasaReply:
    """The advisor's replies (and whether the conversation was erased). Raises RasaUnavailable
    when Rasa does not answer. No messages means Rasa stayed silent because an action failed (e.g.
    the action server is down); the user's message is already in the tracker then.
    ``join_codes_allowed``: how many join codes a code typed in this message may try (the client
    address's remaining allowance; the sender's own limit applies in any case)."""
    with metrics.rasa_round_trip():
        replies = await rasa.send(sender, text, metadata={JOIN_ALLOWANCE: join_codes_allowed})
    reply = from_rasa(replies)
    metrics.count_turn(reply)
    if reply.erase_conversation:
        # Only now has Rasa stored this turn, so nothing of the conversation is written after this.
        await run_in_threadpool(userdata.erase_conversation, sender)
    return reply
