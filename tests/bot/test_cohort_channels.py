"""Joining a course says the same in every channel: the chat (the Rasa action), Telegram's /kurs and
the widget's API render one outcome from one table of texts (userdata/cohort_texts.py), and the
privacy promise names the minimum group size the settings give."""
from __future__ import annotations

import asyncio
from datetime import date
from html import unescape

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cohort_membership import ActionJoinCohort
from bot.telegram import courses
from userdata import cohorts, trainers


def make_cohort(name: str, seats: int = 30):
    trainer = trainers.create_trainer(f"kursholder-{name}", "et langt passord")
    return cohorts.create_cohort(trainer, name, date(2025, 3, 1), seats=seats)


def in_the_chat(sender: str, text: str) -> str:
    tracker = Tracker(sender_id=sender, slots={"language": "nb"}, latest_message={"text": text}, events=[],
                      paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionJoinCohort().run(dispatcher, tracker, {}))
    return dispatcher.messages[0]["text"]


def in_telegram(sender: str, code: str) -> str:
    return unescape(asyncio.run(courses.command(sender, [code])))


def in_the_widget(client, sender: str, code: str) -> str:
    body = client.post("/api/cohort/join", json={"sender": sender, "code": code}).json()
    return body["message"] if "message" in body else body["error"]["message"]


@pytest.mark.parametrize("refusal", ["unknown", "full", "closed"])
def test_a_refusal_is_word_for_word_the_same_in_every_channel(make_client, refusal):
    client = make_client()
    cohort = make_cohort("Kull A", seats=1)
    cohorts.join("web-first", cohort.join_code)
    if refusal == "closed":
        cohorts.close_cohort(cohort.id)
    code = "ZZZZ22" if refusal == "unknown" else cohort.join_code
    chat, telegram, widget = (in_the_chat("chat-anne", f"kurs {code}"), in_telegram("tg-anne", code),
                              in_the_widget(client, "web-anne", code))
    assert chat == telegram == widget


def test_joining_tells_every_channel_the_same_privacy_promise_and_each_how_to_leave(make_client):
    client = make_client()
    cohort = make_cohort("Kull A")
    chat = in_the_chat("chat-anne", f"kurs {cohort.join_code}")
    telegram = in_telegram("tg-anne", cohort.join_code)
    widget = in_the_widget(client, "web-anne", cohort.join_code)
    promise = "først når minst 5 deltakere har bidratt og høyst én gang i døgnet"
    assert all(text.startswith("Velkommen til kurset «Kull A»!") and promise in text for text in (chat, telegram, widget))
    assert "«forlat kurset»" in chat and "/kurs forlat" in telegram and "«Forlat kurset»" in widget


def test_a_larger_minimum_group_size_is_what_participants_are_told(make_client):
    client = make_client(min_group_size="8")
    cohort = make_cohort("Kull A")
    replies = [in_the_chat("chat-anne", f"kurs {cohort.join_code}"), in_telegram("tg-anne", cohort.join_code),
               in_the_widget(client, "web-anne", cohort.join_code),
               client.get("/api/cohort", headers={"X-Samskaping-Sender": "web-anne"}).json()["privacy"],
               client.get(f"/kurs/{cohort.join_code}").text]
    assert all("minst 8 deltakere" in reply for reply in replies)
    assert not any("minst 5" in reply for reply in replies)
