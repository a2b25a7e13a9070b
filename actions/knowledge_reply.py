"""Answering from the theses, wherever in the conversation a question comes up."""
from __future__ import annotations

import logging

from rasa_sdk.executor import CollectingDispatcher

import userdata
from knowledge import format_answer, get_knowledge_base

logger = logging.getLogger(__name__)

FEEDBACK_BUTTONS = {
    "nb": [{"title": "👍 Nyttig", "payload": "/feedback_good"}, {"title": "👎 Ikke nyttig", "payload": "/feedback_bad"}],
    "en": [{"title": "👍 Helpful", "payload": "/feedback_good"}, {"title": "👎 Not helpful", "payload": "/feedback_bad"}],
}


def looks_like_a_question(text: str) -> bool:
    """In a form, tells a question apart from an answer the form could not use."""
    text = text.strip()
    return text.endswith("?") or len(text.split()) >= 6


def reply_with_knowledge(dispatcher: CollectingDispatcher, sender: str, question: str, lang: str) -> list[str]:
    """Sends the cited answer (or an honest "not in the theses"); returns the quoted passage ids.
    An answered question of a cohort member is kept for the trainer's group view."""
    try:
        answer = get_knowledge_base().answer(question)
    except Exception:
        # The message text stays out of the log on purpose (privacy); the traceback is enough.
        logger.exception("knowledge lookup failed")
        dispatcher.utter_message(response="utter_knowledge_unavailable")
        return []
    citations = answer.to_dict()["citations"] if answer.in_scope else []
    dispatcher.utter_message(
        text=format_answer(answer, lang=lang),
        buttons=FEEDBACK_BUTTONS[lang] if answer.in_scope else [],
        json_message={"citations": citations, "in_scope": answer.in_scope},
    )
    if answer.in_scope:
        userdata.record_question(sender, question, [f"{c['thesis']} {c['section']}" for c in citations])
    return [c["passage_id"] for c in citations]
