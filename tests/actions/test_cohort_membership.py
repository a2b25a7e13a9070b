"""Joining and leaving a cohort by writing in the chat, run on real rasa-sdk trackers."""
import asyncio
from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cohort_membership import ActionJoinCohort, ActionLeaveCohort, candidate_codes
from userdata import cohort_texts, cohorts, trainers
from userdata.cohort_service import Outcome, Result


@pytest.fixture
def cohort():
    yield cohorts.create_cohort(trainers.create_trainer("trude", "a long password"), "Lederprogram", date(2026, 9, 1))


def said(text: str, metadata: dict | None = None, sender: str = "leader-1") -> Tracker:
    message = {"text": text, **({"metadata": metadata} if metadata is not None else {})}
    return Tracker(sender_id=sender, slots={"language": "nb"}, latest_message=message, events=[],
                   paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


def responses(action, text: str, metadata: dict | None = None, sender: str = "leader-1") -> list[dict]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, said(text, metadata, sender), {}))
    return dispatcher.messages


def test_codes_are_found_among_the_words_whatever_their_case_or_separator():
    found = candidate_codes("kurskoden er k7m-2qx!")
    assert "K7M2QX" in found
    assert candidate_codes("Hva er samskaping?") == []
    assert candidate_codes("kode 0O1IL9") == []  # characters a code never has


def test_writing_the_code_in_the_chat_joins_the_cohort(cohort):
    [reply] = responses(ActionJoinCohort(), f"jeg vil bli med i kurset, koden er {cohort.join_code.lower()}")
    member = cohorts.membership("leader-1")
    assert reply["text"] == told(Outcome.JOINED, cohort=member)
    assert "«Lederprogram»" in reply["text"] and member.member_label in reply["text"]
    # «kurset» has a code's shape too; a code with a digit is tried first, one of letters only may not be.
    assert reply["custom"]["cohort_join"]["tried"] <= 2
    assert cohorts.membership("leader-1").id == cohort.id


@pytest.mark.parametrize("text, outcome", [
    ("jeg vil bli med i kurset", Outcome.NEED_CODE),
    ("kurs ZZZZ22", Outcome.UNKNOWN_CODE),
])
def test_a_missing_or_wrong_code_gets_a_clear_reply(cohort, text, outcome):
    assert [m["text"] for m in responses(ActionJoinCohort(), text)] == [told(outcome)]
    assert cohorts.membership("leader-1") is None


def test_leaving_says_which_cohort_was_left_or_that_there_was_none(cohort):
    cohorts.join("leader-1", cohort.join_code)
    assert "«Lederprogram»" in responses(ActionLeaveCohort(), "forlat kurset")[0]["text"]
    assert responses(ActionLeaveCohort(), "forlat kurset")[0]["text"] == told(Outcome.NOTHING_TO_LEAVE)


def test_an_english_conversation_is_answered_in_english(cohort):
    dispatcher = CollectingDispatcher()
    tracker = said(f"join course {cohort.join_code}")
    tracker.slots["language"] = "en"
    asyncio.run(ActionJoinCohort().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["text"].startswith("Welcome to the course «Lederprogram»!")


def told(outcome: Outcome, **result) -> str:
    """What every channel says for this outcome in the chat, in bokmål, with the default group size."""
    return cohort_texts.say(Result(outcome, **result), "nb", "chat", 5)


def code_shaped_words(count: int, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    # A digit in each, as in most real codes (a code of letters only reads as a word).
    return ["".join(rng.choice(cohorts.CODE_ALPHABET) for _ in range(cohorts.CODE_LENGTH - 1)) + rng.choice("23456789")
            for _ in range(count)]


def test_a_message_full_of_code_guesses_tries_two_codes_only(cohort):
    """Issue 14, finding 4: one 3,931-character message with 561 code-shaped words joined a cohort."""
    guesses = code_shaped_words(560) + [cohort.join_code]
    message = "kurs " + " ".join(guesses)
    assert len(message) < 4000
    [reply] = responses(ActionJoinCohort(), message)
    assert reply["text"] == told(Outcome.UNKNOWN_CODE)
    assert reply["custom"] == {"cohort_join": {"tried": 2, "missed": 2}}
    assert cohorts.membership("leader-1") is None


def test_the_gateway_can_forbid_trying_codes_from_an_address(cohort):
    [reply] = responses(ActionJoinCohort(), f"kurs {cohort.join_code}", metadata={"join_codes_allowed": 0})
    assert reply["text"] == told(Outcome.LOCKED)
    assert reply["custom"] == {"cohort_join": {"tried": 0, "missed": 0}}
    assert cohorts.membership("leader-1") is None


def test_after_five_wrong_codes_a_sender_cannot_join_even_with_the_right_one(cohort):
    for guess in code_shaped_words(5, seed=3):
        assert responses(ActionJoinCohort(), f"kurs {guess}", sender="guesser")[0]["text"] == told(Outcome.UNKNOWN_CODE)
    [reply] = responses(ActionJoinCohort(), f"kurs {cohort.join_code}", sender="guesser")
    assert reply["text"].startswith(told(Outcome.LOCKED).split(" Vent ")[0]) and " sekunder " in reply["text"]
    assert cohorts.membership("guesser") is None
