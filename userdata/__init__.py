"""What the advisor keeps — readiness results, plans, feedback, trainers' cohorts and who is in
them — and how a user's part of it is deleted.

Shared by actions/ (which writes it) and bot/ (which serves charts and plan files and erases a
conversation on request), so it lives once, here. It imports neither of them, nor knowledge/.
"""
from userdata.cohorts import record_question
from userdata.rasa_events import conversation_events, erase_conversation, stored_bytes_since
from userdata.store import (
    Deleted,
    delete_user_data,
    latest_plan,
    latest_readiness,
    plan_markdown,
    readiness_chart,
    save_feedback,
    save_plan,
    save_readiness,
)

__all__ = [
    "Deleted", "conversation_events", "delete_user_data", "erase_conversation", "latest_plan", "latest_readiness",
    "plan_markdown", "readiness_chart", "record_question", "save_feedback", "save_plan", "save_readiness",
    "stored_bytes_since",
]
