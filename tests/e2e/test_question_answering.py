"""A leader's question travels gateway → Rasa → action server → knowledge and comes back cited."""
import json
import re
import sqlite3

from scripts.services import ROOT

CORPUS = "\n".join(p.read_text() for p in sorted((ROOT / "knowledge" / "corpus").glob("*.txt")))
CORPUS_WORDS = set(re.findall(r"\w+", CORPUS.lower()))
# Where the theses define co-creation: 000 2.2.1 "Ulike forståelser av og definisjon på samskaping",
# 001 2.1 "Samskaping" and its 2.1.1 "Begrepsavklaring".
DEFINITION_SECTIONS = {("000", "2.2.1"), ("001", "2.1"), ("001", "2.1.1")}


def squash(text: str) -> str:
    return " ".join(text.split())


def test_what_does_samskaping_mean_is_answered_with_a_passage_from_a_definition_section(stack):
    response = stack.chat("e2e-definition", "Hva betyr samskaping?")
    assert response.status_code == 200
    messages = response.json()["messages"]
    answer = next(m for m in messages if m["citations"])
    assert "«" in answer["text"]
    cited = {(c["thesis"], c["section"]) for c in answer["citations"]}
    assert cited & DEFINITION_SECTIONS, cited
    for citation in answer["citations"]:
        assert citation["section_title"] and citation["short_title"]
        # Grounded: every quoted sentence is in the cited passage, which is in the thesis.
        for sentence in citation["quotes"]:
            assert squash(sentence) in squash(citation["passage_text"])
        words = re.findall(r"\w+", citation["passage_text"].lower())
        known = sum(w in CORPUS_WORDS for w in words)
        # Cleaning joins words split across lines, so a few passage words are not in the raw text.
        assert known / len(words) > 0.9


def test_an_english_answer_cites_in_english_and_a_norwegian_one_in_norwegian(stack):
    """The source line each citation carries is citations.cite() in the reply's language."""
    from citations import cite, load_corpus

    corpus = load_corpus()
    for sender, question, lang, authors in (
        ("e2e-cite-en", "How can a leader build trust in a co-creation group?", "en", {"Borge and Kaasa (2023)", "Gundersen (2023)"}),
        ("e2e-cite-nb", "Hvordan bygger jeg tillit i en samskapingsgruppe?", "nb", {"Borge og Kaasa (2023)", "Gundersen (2023)"}),
    ):
        messages = stack.chat(sender, question).json()["messages"]
        citations = [c for m in messages for c in m["citations"]]
        assert citations, messages
        for c in citations:
            section = corpus.cited(c["thesis"], c["section"] or corpus.thesis(c["thesis"]).by_key(
                c["passage_id"].split(":")[1]).key)
            assert c["source_line"] == cite(section, lang)
            assert any(c["source_line"].startswith(a) for a in authors), c["source_line"]


def test_the_action_server_events_are_applied_by_rasa(stack):
    # Other tests take servers away on purpose; only what this turn logs counts here.
    logged_before = {name: len(stack.log(name)) for name in ("rasa", "actions")}
    stack.chat("e2e-events", "Hvordan bygger jeg tillit i en samskapingsgruppe?")
    with sqlite3.connect(stack.tracker_db) as db:
        rows = db.execute(
            "SELECT type_name, action_name, data FROM events WHERE sender_id = ? ORDER BY id",
            ("e2e-events",),
        ).fetchall()
    assert ("action", "action_answer_question") in {(t, a) for t, a, _ in rows}
    slots = [json.loads(data) for type_name, _, data in rows if type_name == "slot"]
    passages = [s["value"] for s in slots if s["name"] == "last_answer_passages"]
    assert passages and passages[-1], "the action's SlotSet event did not reach the tracker"
    # rasa-sdk 3.21 serving Rasa 3.6: no protocol or version error on either side.
    for name in ("rasa", "actions"):
        log = stack.log(name)[logged_before[name]:]
        assert "Failed to run custom action" not in log
        assert "Traceback" not in log, log[-2000:]


def test_the_conversation_is_kept_in_the_sqlite_tracker_store(stack):
    stack.chat("e2e-persist", "hei")
    with sqlite3.connect(stack.tracker_db) as db:
        intents = [row[0] for row in db.execute(
            "SELECT intent_name FROM events WHERE sender_id = ? AND type_name = 'user'", ("e2e-persist",)
        )]
    assert intents == ["greet"]


def test_a_greeting_gets_the_advisors_introduction(stack):
    [message] = stack.chat("e2e-greet", "hei").json()["messages"]
    assert "Samskapingsrådgiveren" in message["text"]


def test_an_off_topic_question_gets_an_honest_i_do_not_know(stack):
    messages = stack.chat("e2e-offtopic", "Hva er været i Bergen i morgen?").json()["messages"]
    assert all(not m["citations"] for m in messages)
    assert "finner jeg ikke" in " ".join(m["text"] or "" for m in messages)


def test_health_reports_every_service_up(stack):
    import httpx

    assert httpx.get(f"{stack.gateway}/healthz").json() == {
        "status": "ok", "gateway": "ok", "rasa": "ok", "action_server": "ok",
    }
