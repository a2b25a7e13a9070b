"""The attacks of issue 14, performed against the running services (real gateway, Rasa and action
server, as `make run` starts them), each of which got through before the fix.

Attacks that need no running stack are in tests/bot/test_security_issue14.py,
tests/userdata/test_cohort_report.py and tests/actions/."""
from __future__ import annotations

import random
import re
import socket
import stat
import time
import uuid

import httpx
import pytest

from checklists.readiness import load_readiness
from tests.e2e.conftest import next_snapshot_period, start_gateway
from tests.e2e.stack_userdata import stack_userdata

PASSWORD = "kursholder-passord-1"
SCORE = {"ja": 2, "delvis": 1, "nei": 0}
# The real participant of finding 1: 100/0/50/83/12.5 per area. The old page showed means of
# 20/0/10/17/3 next to four made-up participants who said «nei» to everything: times five, this.
VICTIM = {"competence": ["ja", "ja", "ja"], "room": ["nei", "nei", "nei"], "trust": ["ja", "nei"],
          "facilitation": ["ja", "ja", "delvis"], "organisation": ["delvis", "nei", "nei", "nei"]}
# Someone else with other scores in the same bands (83/17/50/100/0).
SAME_BANDS = {"competence": ["ja", "ja", "delvis"], "room": ["delvis", "nei", "nei"], "trust": ["delvis", "delvis"],
              "facilitation": ["ja", "ja", "ja"], "organisation": ["nei", "nei", "nei", "nei"]}
ALL_NO = {d.id: ["nei"] * len(load_readiness().items_in(d.id)) for d in load_readiness().dimensions}


def answers_in_order(profile: dict[str, list[str]]) -> list[str]:
    left = {dim: list(values) for dim, values in profile.items()}
    return [left[item.dimension].pop(0) for item in load_readiness().items]


def finish_check(gateway: str, sender: str, profile: dict[str, list[str]]) -> str:
    """Answers the readiness check through the gateway; returns the chart's link."""
    chat(gateway, sender, "Er vi klare for samskaping?")
    reply = None
    for answer in answers_in_order(profile):
        reply = chat(gateway, sender, answer)
    charts = [m["image"] for m in reply.json()["messages"] if m["image"]]
    assert charts, reply.text
    return charts[0]


def chat(gateway: str, sender: str, message: str) -> httpx.Response:
    response = httpx.post(f"{gateway}/api/chat", json={"sender": sender, "message": message}, timeout=120)
    assert response.status_code == 200, response.text
    return response


def join(gateway: str, sender: str, code: str) -> httpx.Response:
    return httpx.post(f"{gateway}/api/cohort/join", json={"sender": sender, "code": code}, timeout=30)


class Trainer:
    """A trainer using the trainer pages with a browser's cookie jar."""

    def __init__(self, stack, seats: int = 30):
        from userdata import trainers

        self.username = f"kursholder-{uuid.uuid4().hex[:8]}"
        with stack_userdata(stack):
            trainers.create_trainer(self.username, PASSWORD)
        self.gateway = stack.gateway
        self.http = httpx.Client(base_url=stack.gateway, timeout=60, follow_redirects=True)
        page = self.http.post("/trainer/login", data={"username": self.username, "password": PASSWORD})
        assert "Kursene dine" in page.text
        page = self.http.post("/trainer/cohorts", data={"name": f"Gruppe {uuid.uuid4().hex[:4]}", "starts": "2026-09-01",
                                                         "seats": str(seats)})
        self.cohort_path = page.url.path
        self.code = re.search(r'data-testid="join-code">(\w+)<', page.text).group(1)

    def page(self) -> str:
        return self.http.get(self.cohort_path).text

    def members(self) -> dict[str, str]:
        """Member number → membership id, from the member list's «Fjern» buttons."""
        found = re.findall(r'members/(\w+)/remove"><button class="link" aria-label="Fjern deltaker (\w+)"', self.page())
        return {label: membership_id for membership_id, label in found}

    def remove(self, membership_id: str) -> None:
        assert self.http.post(f"{self.cohort_path}/members/{membership_id}/remove").status_code == 200


def band_table(page: str) -> list[tuple[str, ...]]:
    table = page[page.index('data-testid="dimension-table"'):page.index("</table>", page.index('data-testid="dimension-table"'))]
    return [tuple(re.findall(r"<td[^>]*>([^<]*)</td>", row)) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


# --- finding 1: the ≥ 5 rule -------------------------------------------------------------------------

def test_four_made_up_participants_answering_no_show_bands_that_do_not_give_away_the_real_ones_scores(stack):
    """The attack: one real participant, four made-up ones who answer «nei» to everything and one of
    whom repeats the real participant's question word for word. Two groups, whose real participants
    have different scores in the same bands, now get the very same figures; no mean is shown; and
    the repeated question is not shown (it needs three different askers)."""
    tables = []
    for real in (VICTIM, SAME_BANDS):
        trainer = Trainer(stack)
        victim = f"web-real-{uuid.uuid4().hex[:6]}"
        assert join(stack.gateway, victim, trainer.code).status_code == 200
        finish_check(stack.gateway, victim, real)
        chat(stack.gateway, victim, "Hvordan bygger jeg tillit i en samskapingsgruppe?")
        for i in range(4):
            fake = f"web-fake-{uuid.uuid4().hex[:6]}"
            assert join(stack.gateway, fake, trainer.code).status_code == 200
            finish_check(stack.gateway, fake, ALL_NO)
            chat(stack.gateway, fake, "Hvordan bygger jeg tillit i en samskapingsgruppe?" if i == 0 else
                 ["Hva betyr samskaping?", "Hva er en arena for samskaping?", "Hvorfor samskaping?"][i - 1])
        next_snapshot_period()
        page = trainer.page()
        assert 'data-testid="dimension-table"' in page and "Snitt" not in page
        tables.append(band_table(page))
        assert "hvordan bygger jeg tillit" not in page
        assert "Hva tallene kan og ikke kan vise" in page
    assert tables[0] == tables[1]
    # Per area: participants, «lite», «delvis», «godt»; the real one is one of the five, unnamed.
    assert ("Tilstrekkelig kompetanse om samskaping", "5", "4", "0", "1") in tables[0]


def test_made_up_participants_cannot_join_a_full_group_and_the_trainer_removes_those_who_did(stack):
    trainer = Trainer(stack, seats=2)
    real = f"web-real-{uuid.uuid4().hex[:6]}"
    label = join(stack.gateway, real, trainer.code).json()["cohort"]["member_label"]
    fake = f"web-fake-{uuid.uuid4().hex[:6]}"
    assert join(stack.gateway, fake, trainer.code).status_code == 200  # before the group had joined
    refused = join(stack.gateway, f"web-fake-{uuid.uuid4().hex[:6]}", trainer.code)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "cohort_full"
    typed = chat(stack.gateway, f"web-fake-{uuid.uuid4().hex[:6]}", f"kurs {trainer.code}").text
    assert "fullt" in typed
    members = trainer.members()
    assert set(members) >= {label} and len(members) == 2
    for other, membership_id in members.items():
        if other != label:
            trainer.remove(membership_id)
    assert list(trainer.members()) == [label]
    assert 'data-testid="joined">1<' in trainer.page()


def test_comparing_the_page_before_and_after_one_participant_finishes_shows_nothing_new(stack):
    trainer = Trainer(stack)
    for _ in range(5):
        sender = f"web-p-{uuid.uuid4().hex[:6]}"
        assert join(stack.gateway, sender, trainer.code).status_code == 200
        finish_check(stack.gateway, sender, ALL_NO)
    next_snapshot_period()
    before = trainer.page()
    assert 'data-testid="dimension-table"' in before
    victim = f"web-victim-{uuid.uuid4().hex[:6]}"
    assert join(stack.gateway, victim, trainer.code).status_code == 200
    finish_check(stack.gateway, victim, VICTIM)
    right_after = trainer.page()
    next_snapshot_period()
    next_period = trainer.page()
    for after in (right_after, next_period):
        assert band_table(after) == band_table(before)
        taken = re.compile(r'data-testid="results-taken">Tall per ([^(]+)')
        assert taken.search(after).group(1) == taken.search(before).group(1)
    assert 'data-testid="completed">6<' in next_period  # the count moves, the figures do not


# --- finding 4: join codes guessed through the chat -------------------------------------------------

@pytest.fixture
def own_gateway(stack):
    """A gateway with production limits of its own, so guessing does not use up the shared one's."""
    running = start_gateway(stack, f"gateway-guessing-{uuid.uuid4().hex[:4]}")
    yield running.url()
    running.stop()


def code_guesses(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return ["".join(rng.choice(alphabet) for _ in range(5)) + rng.choice("23456789") for _ in range(count)]


def membership(gateway: str, sender: str) -> dict | None:
    return httpx.get(f"{gateway}/api/cohort", headers={"X-Samskaping-Sender": sender}, timeout=10).json()["cohort"]


def test_one_chat_message_with_561_code_shaped_words_joins_nothing(stack, own_gateway):
    trainer = Trainer(stack)
    message = "kurs " + " ".join(code_guesses(560, seed=1) + [trainer.code])
    assert len(message) < 4000
    sender = f"web-guess-{uuid.uuid4().hex[:6]}"
    reply = chat(own_gateway, sender, message)
    assert "fant ingen kurs" in reply.text.lower()
    assert membership(own_gateway, sender) is None


def test_guessing_from_one_address_with_new_senders_locks_the_address_even_for_the_right_code(stack, own_gateway):
    trainer = Trainer(stack)
    guesses = code_guesses(20, seed=2)
    for pair in range(10):  # two codes a message, a new sender each time: 20 wrong codes
        chat(own_gateway, f"web-g{pair}-{uuid.uuid4().hex[:4]}", "kurs " + " ".join(guesses[2 * pair:2 * pair + 2]))
    sender = f"web-lucky-{uuid.uuid4().hex[:6]}"
    assert "for mange kurskoder" in chat(own_gateway, sender, f"kurs {trainer.code}").text
    refused = join(own_gateway, sender, trainer.code)
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "join_locked"
    assert membership(own_gateway, sender) is None


# --- finding 2: X-Forwarded-For from anyone -----------------------------------------------------------

def failed_logins(gateway: str, forwarded_for: str, count: int) -> list[int]:
    return [httpx.post(f"{gateway}/trainer/login", data={"username": f"nobody{n}", "password": "wrong password"},
                       headers={"X-Forwarded-For": forwarded_for}, timeout=30).status_code for n in range(count)]


def test_a_client_cannot_escape_the_per_address_limit_by_sending_x_forwarded_for(stack):
    direct = start_gateway(stack, "gateway-direct")
    try:
        assert failed_logins(direct.url(), "10.0.0.1", 10) == [401] * 10
        assert failed_logins(direct.url(), "10.0.0.2", 1) == [429]  # the header is not believed
    finally:
        direct.stop()
    # Behind a configured proxy (here: this test, at 127.0.0.1) the header names the client.
    proxied = start_gateway(stack, "gateway-behind-proxy", forwarded_allow_ips="127.0.0.1")
    try:
        assert failed_logins(proxied.url(), "10.0.0.1", 11)[-1] == 429
        assert failed_logins(proxied.url(), "10.0.0.2", 1) == [401]
    finally:
        proxied.stop()


# --- finding 6: Rasa and the action server without authentication ----------------------------------

def test_the_action_server_and_rasa_refuse_calls_without_their_tokens(stack):
    victim = f"web-victim-{uuid.uuid4().hex[:6]}"
    finish_check(stack.gateway, victim, VICTIM)
    actions, rasa = stack.services["actions"].url(), stack.services["rasa"].url()
    tracker = {"sender_id": victim, "slots": {"language": "nb"}, "latest_message": {"text": "ja"}, "events": [],
               "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}
    for action in ("action_delete_user_data", "action_show_result"):
        forged = httpx.post(f"{actions}/webhook", json={"next_action": action, "sender_id": victim, "tracker": tracker,
                                                        "domain": {}, "version": "3.6.21"}, timeout=30)
        assert forged.status_code == 401 and "utter" not in forged.text
    wrong = httpx.post(f"{actions}/webhook", headers={"Authorization": "Bearer not-the-token-at-all"},
                       json={"next_action": "action_delete_user_data", "tracker": tracker, "domain": {}}, timeout=30)
    assert wrong.status_code == 401
    assert httpx.get(f"{actions}/actions", timeout=10).status_code == 401
    assert httpx.get(f"{actions}/health", timeout=10).status_code == 200
    with stack_userdata(stack):
        import userdata

        assert userdata.latest_readiness(victim) is not None  # nothing was deleted
    as_anyone = httpx.post(f"{rasa}/webhooks/rest/webhook", json={"sender": victim, "message": "vis resultatet mitt"},
                           timeout=30)
    assert as_anyone.status_code == 401 and "resultat" not in as_anyone.text.lower()
    assert httpx.get(f"{rasa}/webhooks/rest/action_server", timeout=10).status_code == 401
    assert httpx.get(f"{stack.gateway}/healthz", timeout=10).json()["action_server"] == "ok"


# --- finding 7: the sender id in URLs and the access log -------------------------------------------

def test_the_sender_id_and_file_ids_stay_out_of_urls_and_the_access_log(stack):
    sender = f"web-{uuid.uuid4().hex}"
    reply = chat(stack.gateway, sender, "Hva betyr samskaping?")
    assert httpx.get(f"{stack.gateway}/api/history", headers={"X-Samskaping-Sender": sender}, timeout=10).json()["messages"]
    assert httpx.get(f"{stack.gateway}/api/cohort", headers={"X-Samskaping-Sender": sender}, timeout=10).status_code == 200
    # The old addresses are gone; even a client that still uses them leaves no id in the log.
    assert httpx.get(f"{stack.gateway}/api/history/{sender}", timeout=10).status_code == 404
    chart = finish_check(stack.gateway, sender, ALL_NO)
    assert httpx.get(f"{stack.gateway}{chart}", timeout=10).headers["cache-control"] == "no-store"
    chart_id = chart.rsplit("/", 1)[1].split(".")[0]
    time.sleep(0.5)
    log = stack.log("gateway")
    assert "GET /api/history HTTP" in log and "/media/readiness/….png" in log
    assert sender not in log and chart_id not in log
    assert reply.status_code == 200


# --- finding 8: slow clients and storage per sender ---------------------------------------------------

def test_slow_clients_are_cut_off_and_one_sender_cannot_store_without_limit(stack):
    gateway = start_gateway(stack, "gateway-timeouts", env={"SAMSKAPING_HEADER_TIMEOUT_SECONDS": "2",
                                                            "SAMSKAPING_BODY_TIMEOUT_SECONDS": "2",
                                                            "SAMSKAPING_MAX_STORED_BYTES_PER_SENDER_PER_DAY": "30000"})
    try:
        slow = []
        for _ in range(30):
            connection = socket.create_connection(("127.0.0.1", gateway.service.port), timeout=10)
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and never the rest
            slow.append(connection)
        body = socket.create_connection(("127.0.0.1", gateway.service.port), timeout=10)
        body.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        time.sleep(4)
        for connection in [*slow, body]:
            answer = connection.recv(4096)
            assert answer.startswith(b"HTTP/1.1 408") and b'"request_timeout"' in answer
            assert connection.recv(4096) == b""  # closed
            connection.close()
        assert httpx.get(f"{gateway.url()}/healthz", timeout=10).status_code == 200

        sender = f"web-{uuid.uuid4().hex}"
        statuses = [httpx.post(f"{gateway.url()}/api/chat", json={"sender": sender, "message": "Hva betyr samskaping? " * 150},
                               timeout=120).status_code for _ in range(15)]
        assert 429 in statuses
        refused = httpx.post(f"{gateway.url()}/api/chat", json={"sender": sender, "message": "hei"}, timeout=60)
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "daily_limit"
        assert httpx.post(f"{gateway.url()}/api/chat", json={"sender": sender + "x", "message": "hei"}, timeout=60).status_code == 200
    finally:
        gateway.stop()


# --- finding 12: files readable by others --------------------------------------------------------------

def test_the_services_files_are_readable_by_their_user_only(stack):
    chat(stack.gateway, f"web-{uuid.uuid4().hex}", "hei")
    files = [stack.tracker_db, stack.tracker_db.with_name("userdata.db"),
             *(service.log_path for service in stack.services.values())]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} is readable by others"
