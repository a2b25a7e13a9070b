"""Answer a leader's free question from the two theses, with citations."""
from __future__ import annotations

import logging
import os
import threading
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge import format_answer, get_knowledge_base

logger = logging.getLogger(__name__)

APOLOGY = "Beklager, jeg fikk ikke slått opp i masteroppgavene akkurat nå. Prøv igjen om litt."

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
        try:
            answer = get_knowledge_base().answer(question)
        except Exception:
            # The message text stays out of the log on purpose (privacy); the traceback is enough.
            logger.exception("knowledge lookup failed")
            dispatcher.utter_message(text=APOLOGY)
            return []

        citations = answer.to_dict()["citations"] if answer.in_scope else []
        dispatcher.utter_message(
            text=format_answer(answer, lang="nb"),
            json_message={"citations": citations, "in_scope": answer.in_scope},
        )
        return [SlotSet("last_answer_passages", [c["passage_id"] for c in citations])]
