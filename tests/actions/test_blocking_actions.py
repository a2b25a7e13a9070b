"""Actions that block run their work in a worker thread (actions/blocking.py), so rasa-sdk's one
event loop keeps serving other leaders meanwhile."""
from __future__ import annotations

import asyncio
import threading

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_question import ActionAnswerFollowup, ActionAnswerQuestion
from actions.blocking import BlockingAction
from actions.guided_form import FinishCheck, ShowLatest
from actions.readiness_check import ActionReadinessResult, ActionShowResult


def tracker() -> Tracker:
    return Tracker(sender_id="leader-1", slots={}, latest_message={"text": "hei"}, events=[], paused=False,
                   followup_action=None, active_loop={}, latest_action_name="action_listen")


def test_a_blocking_action_leaves_the_event_loop_free_while_it_works(monkeypatch):
    # A real action whose work can only finish when the event loop, meanwhile, does something else.
    # (Patched rather than subclassed: rasa-sdk would register a test's subclass as an action.)
    started, released = threading.Event(), threading.Event()
    worked_in = []

    def work(self, dispatcher, tracker, domain):
        worked_in.append(threading.current_thread())
        started.set()
        assert released.wait(10), "the event loop was blocked while the action worked"
        dispatcher.utter_message(text="ferdig")
        return [{"event": "slot", "name": "done", "value": True}]

    monkeypatch.setattr(ActionAnswerQuestion, "work", work)
    dispatcher = CollectingDispatcher()

    async def leader_and_another():
        working = asyncio.create_task(ActionAnswerQuestion().run(dispatcher, tracker(), {}))
        await asyncio.to_thread(started.wait, 10)
        released.set()  # the loop serves this while the action is still at work
        return await working

    events = asyncio.run(leader_and_another())
    assert events == [{"event": "slot", "name": "done", "value": True}]
    assert dispatcher.messages[0]["text"] == "ferdig"
    assert worked_in and worked_in[0] is not threading.main_thread()


def test_the_actions_that_search_store_or_draw_are_blocking_actions():
    for action in (ActionAnswerQuestion, ActionAnswerFollowup, ActionReadinessResult, ActionShowResult):
        assert issubclass(action, BlockingAction) and asyncio.iscoroutinefunction(action.run)
    assert issubclass(FinishCheck, BlockingAction) and issubclass(ShowLatest, BlockingAction)
