"""«Slett dataene mine»: after the leader confirms, delete results, plans, feedback and course
membership, and ask the
gateway to erase the conversation once this turn is stored."""
from rasa_sdk.events import AllSlotsReset, Restarted

import userdata
from actions.blocking import BlockingAction


class ActionDeleteUserData(BlockingAction):
    def name(self) -> str:
        return "action_delete_user_data"

    def work(self, dispatcher, tracker, domain):
        deleted = userdata.delete_user_data(tracker.sender_id)
        dispatcher.utter_message(
            response="utter_data_deleted",
            results=deleted.readiness_results,
            plans=deleted.plans,
            feedback=deleted.feedback,
            questions=deleted.cohort_questions,
            json_message={"erase_conversation": True},
        )
        if deleted.cohort_memberships:
            dispatcher.utter_message(response="utter_data_deleted_cohort")
        return [AllSlotsReset(), Restarted()]
