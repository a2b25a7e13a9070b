"""Answering from the theses, wherever in the conversation a question comes up."""
from __future__ import annotations

import logging

from rasa_sdk.executor import CollectingDispatcher

import userdata
from actions import metrics
from knowledge import (
    Answer,
    AnswerOptions,
    citation_payload,
    format_answer,
    get_knowledge_base,
)

logger = logging.getLogger(__name__)

FEEDBACK_BUTTONS = {
    "nb": [{"title": "👍 Nyttig", "payload": "/feedback_good"}, {"title": "👎 Ikke nyttig", "payload": "/feedback_bad"}],
    "en": [{"title": "👍 Helpful", "payload": "/feedback_good"}, {"title": "👎 Not helpful", "payload": "/feedback_bad"}],
}
# The likely next steps after an answer; a click sends the follow-up's intent, as typing it would.
FOLLOWUP_BUTTONS = {
    "nb": [{"title": "Si mer", "payload": "/followup_more"},
           {"title": "Hva sier den andre oppgaven?", "payload": "/followup_other_thesis"},
           {"title": "Gi et eksempel", "payload": "/followup_example"},
           {"title": "Hva betyr det i praksis?", "payload": "/followup_practice"}],
    "en": [{"title": "Tell me more", "payload": "/followup_more"},
           {"title": "What does the other thesis say?", "payload": "/followup_other_thesis"},
           {"title": "Give an example", "payload": "/followup_example"},
           {"title": "What does it mean in practice?", "payload": "/followup_practice"}],
}


def looks_like_a_question(text: str) -> bool:
    """In a form, tells a question apart from an answer the form could not use."""
    text = text.strip()
    return text.endswith("?") or len(text.split()) >= 6


def lookup(question: str, options: AnswerOptions | None = None) -> Answer | None:
    """The answer from the theses, or None when the lookup failed (logged without the text)."""
    try:
        return get_knowledge_base().answer(question, options)
    except Exception:
        # The message text stays out of the log on purpose (privacy); the traceback is enough.
        logger.exception("knowledge lookup failed")
        return None


def send_answer(dispatcher: CollectingDispatcher, sender: str, question: str, answer: Answer | None, lang: str,
                followups: bool = True, record: bool = True, refusal: dict | None = None) -> None:
    """Sends the cited answer (or the honest reason there is none). ``refusal`` (a response name
    and its variables) replaces the general «not in the theses» when the search was narrowed, e.g.
    to one thesis. An answered question of a cohort member is kept for the trainer's group view."""
    metrics.count_answer(answer.status if answer is not None else None)
    if answer is None:
        dispatcher.utter_message(response="utter_knowledge_unavailable")
        return
    if refusal and answer.status == "out_of_scope":
        dispatcher.utter_message(**refusal)
        return
    citations = [citation_payload(c, lang) for c in answer.citations]
    buttons = []
    if answer.in_scope:
        buttons = (FOLLOWUP_BUTTONS[lang] if followups else []) + FEEDBACK_BUTTONS[lang]
    dispatcher.utter_message(
        text=format_answer(answer, lang=lang),
        buttons=buttons,
        json_message={"citations": citations, "in_scope": answer.in_scope, "status": answer.status},
    )
    if answer.in_scope and record:
        userdata.record_question(sender, question, [f"{c.thesis} {c.section}" for c in answer.citations])


def reply_with_knowledge(dispatcher: CollectingDispatcher, sender: str, question: str, lang: str,
                         options: AnswerOptions | None = None) -> Answer | None:
    """Looks a question up and sends the reply; returns the answer (None when the lookup failed)."""
    answer = lookup(question, options)
    send_answer(dispatcher, sender, question, answer, lang)
    return answer
