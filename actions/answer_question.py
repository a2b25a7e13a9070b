"""Answer a leader's free question from the two theses, with citations."""
from __future__ import annotations

import os
import threading
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_reply import reply_with_knowledge
from actions.language import current_language
from knowledge import get_knowledge_base

# Loading the embedding model and the index takes ~10 s; start it when the action server starts
# instead of making the first leader wait for it. rasa-sdk serves from a Sanic worker process and
# imports this module in the supervising process too: warm up in the worker only, or the model
# would be loaded twice.
if os.environ.get("SANIC_WORKER_NAME"):
    threading.Thread(target=get_knowledge_base, name="knowledge-warmup", daemon=True).start()


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = (tracker.latest_message.get("text") or "").strip()
        passages = reply_with_knowledge(dispatcher, tracker.sender_id, question, current_language(tracker))
        return [SlotSet("last_answer_passages", passages)]
