"""Joining and leaving a cohort by writing in the chat, run on real rasa-sdk trackers."""
from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cohort_membership import ActionJoinCohort, ActionLeaveCohort, candidate_codes
from userdata import cohorts, trainers
from userdata.settings import get_settings


@pytest.fixture
def cohort(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMSKAPING_USERDATA_URL", f"sqlite:///{tmp_path / 'userdata.db'}")
    get_settings.cache_clear()
    yield cohorts.create_cohort(trainers.create_trainer("trude", "a long password"), "Lederprogram", date(2026, 9, 1))
    get_settings.cache_clear()


def said(text: str) -> Tracker:
    return Tracker(sender_id="leader-1", slots={"language": "nb"}, latest_message={"text": text}, events=[],
                   paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


def responses(action, text: str) -> list[dict]:
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, said(text), {})
    return dispatcher.messages


def test_codes_are_found_among_the_words_whatever_their_case_or_separator():
    found = candidate_codes("kurskoden er k7m-2qx!")
    assert "K7M2QX" in found
    assert candidate_codes("Hva er samskaping?") == []
    assert candidate_codes("kode 0O1IL9") == []  # characters a code never has


def test_writing_the_code_in_the_chat_joins_the_cohort(cohort):
    [reply] = responses(ActionJoinCohort(), f"jeg vil bli med i kurset, koden er {cohort.join_code.lower()}")
    assert reply["response"] == "utter_cohort_joined" and reply["name"] == "Lederprogram"
    assert cohorts.membership("leader-1").id == cohort.id


@pytest.mark.parametrize("text, response", [
    ("jeg vil bli med i kurset", "utter_cohort_need_code"),
    ("kurs ZZZZ22", "utter_cohort_unknown_code"),
])
def test_a_missing_or_wrong_code_gets_a_clear_reply(cohort, text, response):
    assert [m["response"] for m in responses(ActionJoinCohort(), text)] == [response]
    assert cohorts.membership("leader-1") is None


def test_leaving_says_which_cohort_was_left_or_that_there_was_none(cohort):
    cohorts.join("leader-1", cohort.join_code)
    assert responses(ActionLeaveCohort(), "forlat kurset")[0]["name"] == "Lederprogram"
    assert responses(ActionLeaveCohort(), "forlat kurset")[0]["response"] == "utter_cohort_not_member"
