"""What the widget needs from the gateway besides /api/chat: CORS for other intranet hosts, rate
limits, and the conversation read back from Rasa's tracker store."""
import json
import sqlite3

from bot.history import from_tracker

INTRANET = "https://intranett.kommune.no"


def preflight(client, origin):
    return client.options("/api/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "content-type"})


def test_an_allowed_intranet_host_may_call_the_api_and_others_may_not(make_client):
    client = make_client(allowed_origins=f"{INTRANET}, https://ansatt.kommune.no")
    assert preflight(client, INTRANET).headers["access-control-allow-origin"] == INTRANET
    assert "access-control-allow-origin" not in preflight(client, "https://evil.example").headers
    reply = client.post("/api/chat", json={"sender": "u1", "message": "hei"}, headers={"Origin": INTRANET})
    assert reply.headers["access-control-allow-origin"] == INTRANET


def test_with_no_allowed_origins_only_the_gateways_own_pages_can_call_the_api(make_client):
    client = make_client()
    assert "access-control-allow-origin" not in preflight(client, INTRANET).headers


def test_a_sender_over_the_rate_limit_is_told_to_wait(make_client):
    client = make_client(rate_limit_per_sender="2/minute")
    statuses = [client.post("/api/chat", json={"sender": "fast", "message": "hei"}).status_code for _ in range(3)]
    assert statuses == [503, 503, 429]  # Rasa is absent here; the third is refused before reaching it
    refused = client.post("/api/chat", json={"sender": "fast", "message": "hei"})
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert client.post("/api/chat", json={"sender": "someone-else", "message": "hei"}).status_code == 503


def test_a_client_address_over_its_rate_limit_is_refused_whatever_the_sender(make_client):
    client = make_client(rate_limit_per_client="2/minute")
    for sender in ["a", "b"]:
        client.post("/api/chat", json={"sender": sender, "message": "hei"})
    assert client.post("/api/chat", json={"sender": "c", "message": "hei"}).status_code == 429
    assert client.get("/api/history", headers={"X-Samskaping-Sender": "c"}).status_code == 429


def test_the_history_comes_from_the_tracker_store(make_client, tmp_path):
    with sqlite3.connect(tmp_path / "rasa.db") as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, data TEXT)")
        db.executemany("INSERT INTO events (sender_id, type_name, data) VALUES (?, ?, ?)", [
            ("anne", "user", json.dumps({"event": "user", "text": "<img src=x onerror=alert(1)>"})),
            ("anne", "bot", json.dumps({"event": "bot", "text": "Svar", "data": {}})),
        ])
    client = make_client()
    messages = client.get("/api/history", headers={"X-Samskaping-Sender": "anne"}).json()["messages"]
    assert [(m["role"], m["text"]) for m in messages] == [("user", "<img src=x onerror=alert(1)>"), ("bot", "Svar")]
    assert client.get("/api/history", headers={"X-Samskaping-Sender": "nobody"}).json() == {"messages": []}
    assert client.get("/api/history", headers={"X-Samskaping-Sender": "../../etc"}).status_code == 422


def test_a_reloaded_conversation_looks_as_it_did_live():
    citation = {"passage_id": "000:2.2.1:0", "thesis": "000", "short_title": "Å lede samskaping",
                "section": "2.2.1", "section_title": "Definisjon", "passage_text": "Hele utdraget."}
    events = [
        {"event": "user", "text": "Hva betyr samskaping?"},
        {"event": "bot", "text": "«Sitat»", "data": {"custom": {"citations": [citation]}}},
        {"event": "bot", "text": None, "data": {"buttons": [{"title": "👍 Nyttig", "payload": "/feedback_good"}]}},
        {"event": "user", "text": "/feedback_good"},
        {"event": "bot", "text": "Resultat", "data": {"image": "/media/readiness/abc.png"}},
    ]
    history = from_tracker(events)
    assert [m.role for m in history] == ["user", "bot", "bot", "user", "bot"]
    assert history[1].citations[0].section == "2.2.1"
    assert history[2].buttons[0].title == "👍 Nyttig"
    assert history[3].text == "👍 Nyttig"  # the clicked button's title, as the user saw it
    assert history[4].image == "/media/readiness/abc.png"
