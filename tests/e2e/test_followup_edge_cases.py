"""Follow-ups where there is little or nothing to follow: first message, after a refusal, after
«slett dataene mine», after every service restarts, and in the middle of the readiness check."""
from __future__ import annotations


def texts(response) -> str:
    return "\n".join(m["text"] or "" for m in response.json()["messages"])


def citations(response) -> list[dict]:
    return [c for m in response.json()["messages"] for c in m["citations"]]


def test_a_follow_up_as_the_first_message_asks_what_it_refers_to(stack):
    reply = stack.chat("edge-first", "si mer om det")
    assert reply.status_code == 200 and not citations(reply)
    assert "Hva vil du at jeg skal si mer om?" in texts(reply)


def test_a_follow_up_after_a_refusal_says_there_is_nothing_more(stack):
    refused = stack.chat("edge-refused", "Hva blir været i Bergen i morgen?")
    assert not citations(refused)
    reply = stack.chat("edge-refused", "si mer om det")
    assert not citations(reply) and "sa ikke noe om det du spurte om sist" in texts(reply)


def test_a_follow_up_after_deleting_my_data_has_no_topic_left(stack):
    sender = "edge-deleted"
    assert citations(stack.chat(sender, "Hvordan bygger jeg tillit i en samskapingsgruppe?"))
    stack.chat(sender, "slett dataene mine")
    stack.chat(sender, "/affirm")
    reply = stack.chat(sender, "si mer om det")
    assert not citations(reply) and "Hva vil du at jeg skal si mer om?" in texts(reply)


def test_the_topic_survives_a_restart_of_every_service(stack):
    sender = "edge-restart"
    first = citations(stack.chat(sender, "Hva sier oppgavene om hensiktsmessige lokaler for samskaping?"))
    assert first
    for name in ("actions", "rasa", "gateway"):
        stack.restart(name)
    more = stack.chat(sender, "si mer om det")
    quoted = citations(more)
    assert quoted and {c["thesis"] for c in quoted} & {c["thesis"] for c in first}
    shown = {q for c in first for q in c["quotes"]}
    assert not shown & {q for c in quoted for q in c["quotes"]}  # something new


def test_a_follow_up_in_the_readiness_check_is_answered_and_the_check_goes_on(stack):
    sender = "edge-in-check"
    assert "(1/15)" in texts(stack.chat(sender, "Er vi klare for samskaping?"))
    stack.chat(sender, "ja")
    question = stack.chat(sender, "Hvordan bygger jeg tillit i en samskapingsgruppe?")
    assert citations(question) and "(2/15)" in texts(question)
    more = stack.chat(sender, "si mer om det")
    assert citations(more) and "(2/15)" in texts(more)
    assert "(3/15)" in texts(stack.chat(sender, "delvis"))
