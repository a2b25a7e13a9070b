"""The whole passages behind the citations a chat was shown, for its 📖 buttons.

The citation already carries the passage text when the answer arrives; bot/ may not import
knowledge/ to look it up again, so the last PASSAGES_PER_CHAT of each chat are kept in the chat's
`context.chat_data` (python-telegram-bot's per-chat store, in memory). At most CHATS_WITH_PASSAGES
chats keep any: beyond that, the chat that was shown passages longest ago loses its chat data.
After a restart an old button says so."""
from __future__ import annotations

from collections import OrderedDict

from telegram.ext import CallbackContext

from bot.messages import Citation

PASSAGES_PER_CHAT = 50
CHATS_WITH_PASSAGES = 1000
KEY = "passages"
# In bot_data: chat ids with passages, least recently shown first.
CHATS_KEY = "chats_with_passages"


def remember(context: CallbackContext, chat_id: int, passages: dict[str, Citation]) -> None:
    kept: OrderedDict[str, Citation] = context.chat_data.setdefault(KEY, OrderedDict())
    for passage_id, citation in passages.items():
        kept[passage_id] = citation
        kept.move_to_end(passage_id)
    while len(kept) > PASSAGES_PER_CHAT:
        kept.popitem(last=False)
    chats: OrderedDict[int, None] = context.bot_data.setdefault(CHATS_KEY, OrderedDict())
    chats[chat_id] = None
    chats.move_to_end(chat_id)
    while len(chats) > CHATS_WITH_PASSAGES:
        oldest, _ = chats.popitem(last=False)
        context.application.drop_chat_data(oldest)


def get(context: CallbackContext, passage_id: str) -> Citation | None:
    return (context.chat_data or {}).get(KEY, {}).get(passage_id)


def forget(context: CallbackContext, chat_id: int) -> None:
    """«Slett dataene mine»: the chat's passages go with the conversation."""
    context.chat_data.pop(KEY, None)
    context.bot_data.get(CHATS_KEY, OrderedDict()).pop(chat_id, None)
