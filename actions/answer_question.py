"""Answer a leader's question from the two theses, and the follow-ups on it, with citations."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.blocking import BlockingAction
from actions.knowledge_reply import lookup, reply_with_knowledge, send_answer
from actions.language import current_language, detect
from actions.topic import (
    FOLLOWUP_INTENTS,
    Topic,
    continuation_kind,
    continues_topic,
    question_shaped,
    resolve,
)
from citations import cite_thesis
from knowledge import AnswerOptions, get_knowledge_base



def warm_up() -> None:
    """Loads the knowledge base, the query model and the language models (seconds), so
    the first leader does not wait for them; rasa_sdk_plugins calls it once the server serves."""
    get_knowledge_base().warm_up()
    detect("Hva betyr samskaping for oss?")


def topic_events(topic: Topic, answer, question: str, thesis_filter: str | None, new_topic: bool) -> list:
    """Slot events for the topic after ``answer`` (and the passages 👍/👎 refers to)."""
    events = [SlotSet(name, value) for name, value in
              topic.after(answer, question, thesis_filter, new_topic).slots().items()]
    events.append(SlotSet("last_answer_passages", [c.passage_id for c in answer.citations]))
    return events


def answer_new_question(dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> list[dict[str, Any]]:
    """A question that starts a topic. One that names a thesis («hva sier Borge og Kaasa om …»)
    is answered from it, and its follow-ups stay there."""
    named = get_knowledge_base().analyser.thesis_hint(question)
    options = AnswerOptions(thesis=named)
    answer = reply_with_knowledge(dispatcher, tracker.sender_id, question, current_language(tracker), options)
    if answer is None:
        return []
    return topic_events(Topic.from_tracker(tracker), answer, question, named, new_topic=True)


class ActionAnswerQuestion(BlockingAction):
    def name(self) -> str:
        return "action_answer_question"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        question = (tracker.latest_message.get("text") or "").strip()
        topic = Topic.from_tracker(tracker)
        if topic.passages and continues_topic(question):
            # «why were the citizens mostly not part of the work there?»: the classifier saw a
            # question, but «there» points at the topic; answered as the follow-up it is.
            return answer_followup(dispatcher, tracker, continuation_kind(question), question)
        return answer_new_question(dispatcher, tracker, question)


class ActionAnswerFollowup(BlockingAction):
    """«Si mer», «hva sier den andre oppgaven?», «gi et eksempel», … on the current topic."""

    def name(self) -> str:
        return "action_answer_followup"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        message = (tracker.latest_message.get("text") or "").strip()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return answer_followup(dispatcher, tracker, FOLLOWUP_INTENTS.get(intent, "more"), message)


def answer_followup(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str, message: str) -> list[dict[str, Any]]:
    lang = current_language(tracker)
    kb = get_knowledge_base()
    topic = Topic.from_tracker(tracker)
    typed = message if not message.startswith("/") else ""
    named = kb.analyser.thesis_hint(typed) if typed else None
    if topic.question and not topic.passages and kind in ("more", "other_thesis", "example", "practice", "why"):
        # The last question was refused: neither thesis had anything, so there is no more.
        dispatcher.utter_message(response="utter_followup_after_refusal")
        return []
    names = tuple(alias for source in kb.sources.values() for alias in source.aliases)
    resolved = resolve(kind, typed, topic, named, english=lang == "en", thesis_names=names)
    if resolved is None:
        # Nothing to follow up on. A whole question the theses answer («Who did Borge and Kaasa
        # interview?») is answered as one; a bare «si mer» asks what it refers to.
        if typed and question_shaped(typed) and kb.search(typed).in_scope:
            return answer_new_question(dispatcher, tracker, typed)
        dispatcher.utter_message(response="utter_followup_without_topic")
        return []
    refusal = None
    if kind == "other_thesis" and resolved.thesis_filter:
        source = kb.sources[resolved.thesis_filter]
        refusal = {"response": "utter_other_thesis_silent",
                   "thesis": cite_thesis(source, lang)}
    answer = None
    for attempt in resolved.attempts:
        answer = lookup(attempt.question, attempt.options)
        if answer is None or answer.in_scope:
            break
    send_answer(dispatcher, tracker.sender_id, resolved.question, answer, lang, record=False, refusal=refusal)
    if answer is None:
        return []
    return topic_events(topic, answer, resolved.topic_question, resolved.thesis_filter,
                        new_topic=kind == "define" and resolved.topic_question != topic.question)
