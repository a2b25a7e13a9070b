"""Joining a trainer's course from the web: the cohort API (join, leave, membership) and the join
page a trainer's link leads to, on a real SQLite userdata database."""
from __future__ import annotations

import re
from datetime import date

import pytest


def make_cohort(name: str = "Lederprogram vår 2025"):
    from userdata import cohorts, trainers

    trainer = trainers.create_trainer(f"kursholder-{name[:20]}", "et langt passord")
    return cohorts.create_cohort(trainer, name, date(2025, 3, 1), date(2025, 6, 1))


def course(client, sender: str) -> dict:
    """The sender's course as the widget reads it: the sender id in a header, not the URL."""
    return client.get("/api/cohort", headers={"X-Samskaping-Sender": sender}).json()


def sloppy(code: str) -> str:
    """The code as a participant might type it from a slide: lower case, with a separator."""
    return f" {code[:3].lower()}-{code[3:].lower()} "


def test_a_participant_joins_with_the_code_typed_in_any_case_and_sees_the_course(make_client):
    client = make_client()
    cohort = make_cohort()
    joined = client.post("/api/cohort/join", json={"sender": "web-anne", "code": sloppy(cohort.join_code)})
    assert joined.status_code == 200
    label = joined.json()["cohort"]["member_label"]
    assert joined.json()["cohort"] == {"name": "Lederprogram vår 2025", "starts": "2025-03-01", "ends": "2025-06-01",
                                       "member_label": label}
    assert joined.json()["outcome"] == "joined"
    assert joined.json()["message"].startswith("Velkommen til kurset «Lederprogram vår 2025»! Deltakernummeret ditt er "
                                               f"{label};")
    assert len(label) == 5
    assert course(client, "web-anne")["cohort"]["name"] == "Lederprogram vår 2025"
    assert course(client, "web-anne")["outcome"] == "member"
    assert course(client, "web-bo")["cohort"] is None and course(client, "web-bo")["outcome"] == "not_member"


def test_a_wrong_code_is_404_with_a_message_and_joins_nothing(make_client):
    client = make_client()
    make_cohort()
    refused = client.post("/api/cohort/join", json={"sender": "web-anne", "code": "ZZZZZZ"})
    assert refused.status_code == 404
    error = refused.json()["error"]
    assert error["code"] == "unknown_code" and "kursholderen" in error["message"]
    assert course(client, "web-anne")["cohort"] is None


def test_leaving_returns_the_course_left_and_a_second_leave_returns_none(make_client):
    client = make_client()
    cohort = make_cohort()
    client.post("/api/cohort/join", json={"sender": "web-anne", "code": cohort.join_code})
    left = client.post("/api/cohort/leave", json={"sender": "web-anne"})
    assert left.status_code == 200 and left.json()["cohort"]["name"] == cohort.name
    assert course(client, "web-anne")["cohort"] is None
    again = client.post("/api/cohort/leave", json={"sender": "web-anne"}).json()
    assert again["cohort"] is None and again["outcome"] == "nothing_to_leave"


def test_joining_another_course_moves_the_participant(make_client):
    client = make_client()
    first, second = make_cohort("Kull A"), make_cohort("Kull B")
    client.post("/api/cohort/join", json={"sender": "web-anne", "code": first.join_code})
    moved = client.post("/api/cohort/join", json={"sender": "web-anne", "code": second.join_code}).json()
    assert moved["outcome"] == "moved" and "ikke lenger i «Kull A»" in moved["message"]
    assert course(client, "web-anne")["cohort"]["name"] == "Kull B"


def test_the_widget_gets_the_texts_in_its_language(make_client):
    client = make_client()
    cohort = make_cohort("Kull A")
    joined = client.post("/api/cohort/join", json={"sender": "web-anne", "code": cohort.join_code, "lang": "en"})
    assert joined.json()["message"].startswith("Welcome to the course «Kull A»!")
    assert "at least 5 participants" in joined.json()["privacy"]
    refused = client.post("/api/cohort/join", json={"sender": "web-anne", "code": "ZZZZZZ", "lang": "en"})
    assert refused.json()["error"]["message"].startswith("No course has that code.")


def test_guessing_codes_quickly_is_refused_with_429_and_retry_after(make_client):
    client = make_client(rate_limit_per_sender="3/minute")
    statuses = [client.post("/api/cohort/join", json={"sender": "web-guess", "code": f"ABCDE{n}"}).status_code
                for n in range(2, 6)]
    assert statuses == [404, 404, 404, 429]
    refused = client.post("/api/cohort/join", json={"sender": "web-guess", "code": "ABCDE7"})
    assert refused.json()["error"]["code"] == "rate_limited" and int(refused.headers["retry-after"]) >= 1


def test_guessing_from_one_address_with_ever_new_senders_is_refused_too(make_client):
    client = make_client(rate_limit_per_client="3/minute")
    statuses = [client.post("/api/cohort/join", json={"sender": f"web-{n}", "code": "ABCDEF"}).status_code
                for n in range(4)]
    assert statuses[-1] == 429


# --- the join page -------------------------------------------------------------------------------

def test_the_join_page_names_the_course_explains_what_joining_means_and_loads_the_widget_with_the_code(make_client):
    client = make_client()
    cohort = make_cohort()
    page = client.get(f"/kurs/{cohort.join_code.lower()}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Lederprogram vår 2025" in html
    assert "minst 5" in html and "slett dataene mine" in html and "Forlat kurset" in html
    assert f'<script src="/widget/samskaping.js" defer data-join-code="{cohort.join_code}"' in html
    assert f"/kurs {cohort.join_code}" in html  # the same code for Telegram
    assert page.headers["cache-control"] == "no-store"


def test_the_trainer_pages_link_is_the_join_page(make_client):
    client = make_client()
    assert client.app.url_path_for("join_page", code="K7M2QX") == "/kurs/K7M2QX"


def test_the_join_page_keeps_the_strict_page_policy_and_has_no_inline_script(make_client):
    client = make_client()
    page = client.get(f"/kurs/{make_cohort().join_code}")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)
    assert "<style" not in page.text and " style=" not in page.text


def test_a_course_name_with_markup_is_shown_as_text_on_the_join_page(make_client):
    client = make_client()
    cohort = make_cohort('Kull "B" <script>alert(1)</script>')
    html = client.get(f"/kurs/{cohort.join_code}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-join-name="Kull &#34;B&#34; &lt;script&gt;' in html


@pytest.mark.parametrize("code", ["ZZZZZZ", "abc$12", "K7M2QX%22%3E%3Cscript%3E", "A" * 33, "K7M_2QX", "%20"])
def test_an_unknown_or_malformed_code_gets_a_404_page_that_does_not_echo_it(make_client, code):
    client = make_client()
    make_cohort()
    page = client.get(f"/kurs/{code}")
    assert page.status_code == 404
    assert "Fant ikke kurset" in page.text
    assert "data-join-code" not in page.text and "<script>" not in page.text


def test_the_join_page_is_rate_limited_like_the_api(make_client):
    client = make_client(rate_limit_per_client="2/minute")
    assert [client.get("/kurs/ABCDEF").status_code for _ in range(3)] == [404, 404, 429]
