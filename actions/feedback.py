"""👍/👎 on the last answer, stored with the passages it quoted (not the question)."""

import userdata
from actions import metrics
from actions.blocking import BlockingAction

BUTTON_PAYLOADS = {"/feedback_good": "good", "/feedback_bad": "bad"}


def record_feedback(dispatcher, tracker, rating: str) -> None:
    userdata.save_feedback(tracker.sender_id, rating, tracker.get_slot("last_answer_passages") or [])
    metrics.count_feedback(rating)
    dispatcher.utter_message(response=f"utter_feedback_{rating}")


class ActionStoreFeedback(BlockingAction):
    def name(self) -> str:
        return "action_store_feedback"

    def work(self, dispatcher, tracker, domain):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        record_feedback(dispatcher, tracker, "good" if intent == "feedback_good" else "bad")
        return []
