"""Actions whose work blocks (the knowledge search, a database write, drawing a chart) run it in a
worker thread.

rasa-sdk awaits an action's ``run`` when it is a coroutine and otherwise calls it on its one event
loop, so while one leader's readiness chart was drawn (~0.3 s) or a question searched, every other
leader's message to the action server waited. Under load that queue, not the work, made the slow
answers. In a thread the loop keeps serving: onnxruntime, FAISS and SQLite release the GIL while
they work, and Python code gives it up every few milliseconds. Everything such an action touches
is made for several threads (knowledge/ guards its caches with locks,
the chart uses no pyplot, SQLAlchemy pools connections).
"""
from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class BlockingAction(Action, ABC):
    """Write ``work`` as a plain (blocking) ``run``; rasa-sdk gets an async ``run`` that awaits it
    in a thread of the loop's default executor."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.work, dispatcher, tracker, domain)

    @abstractmethod
    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker,
             domain: dict[str, Any]) -> list[dict[str, Any]]:
        """The action's work, as rasa-sdk's ``run`` would do it."""
