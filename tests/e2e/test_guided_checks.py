"""The readiness check and the hands-off plan through the gateway: results, files, restarts, deletion."""
import sqlite3

import httpx


READINESS_QUESTIONS = 15
PLAN_STEPS = 18


def texts(response) -> str:
    return "\n".join(m["text"] or "" for m in response.json()["messages"])


def finish_readiness(stack, sender: str, answered: int = 0):
    reply = None
    for i in range(answered, READINESS_QUESTIONS):
        reply = stack.chat(sender, ["ja", "delvis", "nei"][i % 3])
        assert reply.status_code == 200
    return reply


def test_the_readiness_check_ends_with_scores_advice_a_chart_and_can_be_shown_again(stack):
    first = stack.chat("guided-readiness", "Er vi klare for samskaping?")
    assert "(1/15)" in texts(first)
    assert [b["title"] for b in first.json()["messages"][-1]["buttons"]][:3] == ["Ja", "Delvis", "Nei"]
    finished = finish_readiness(stack, "guided-readiness")
    summary = texts(finished)
    assert "Kilde:" in summary
    assert "kvalitative" in summary  # the check says it is derived from two qualitative studies
    image = next(m["image"] for m in finished.json()["messages"] if m["image"])
    chart = httpx.get(stack.gateway + image)
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG")

    again = stack.chat("guided-readiness", "vis resultatet mitt").json()["messages"]
    assert any(m["image"] == image for m in again)


def test_a_readiness_check_survives_a_restart_of_rasa_and_the_action_server(stack):
    sender = "guided-restart"
    stack.chat(sender, "Er vi klare for samskaping?")
    for answer in ["ja", "nei", "delvis", "ja"]:
        stack.chat(sender, answer)
    assert "fortsett" in texts(stack.chat(sender, "stopp"))
    stack.restart("actions")
    stack.restart("rasa")
    resumed = stack.chat(sender, "fortsett")
    assert "(5/15)" in texts(resumed)
    final = finish_readiness(stack, sender, answered=4).json()["messages"]
    assert any(m["image"] for m in final)


def test_the_hands_off_plan_becomes_a_downloadable_document(stack):
    sender = "guided-plan"
    stack.chat(sender, "Planlegg å gi fra deg styringen")
    reply = None
    for i in range(PLAN_STEPS):
        reply = stack.chat(sender, "hopp over" if i % 4 == 1 else f"Vårt svar på steg {i + 1} er tydelig formulert her")
    document = next(m["document"] for m in reply.json()["messages"] if m["document"])
    download = httpx.get(stack.gateway + document["url"])
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/markdown")
    assert "Vårt svar på steg 1 er tydelig formulert her" in download.text
    assert "## " in download.text


def test_deleting_my_data_erases_results_feedback_and_the_conversation(stack):
    sender = "guided-delete"
    stack.chat(sender, "Er vi klare for samskaping?")
    finish_readiness(stack, sender)
    stack.chat(sender, "Hva betyr samskaping?")
    stack.chat(sender, "/feedback_good")
    confirm = stack.chat(sender, "slett dataene mine")
    assert [b["payload"] for b in confirm.json()["messages"][-1]["buttons"]] == ["/affirm", "/deny"]
    done = texts(stack.chat(sender, "/affirm"))
    assert "1 resultat" in done and "1 tilbakemelding" in done
    with sqlite3.connect(stack.tracker_db) as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] == 0
    assert "ikke noe resultat" in texts(stack.chat(sender, "vis resultatet mitt"))
