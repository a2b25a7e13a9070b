"""Security headers: the gateway's own pages are locked down (CSP, no framing); the widget script
and the charts it shows stay loadable from intranet pages on other origins; API responses can
never be rendered or framed as a document."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bot.routers.pages import STATIC_DIR
from bot.routers.widget import widget_version
from bot.security_headers import PAGE_CSP
from scripts.processes import free_port as closed_port


@pytest.fixture
def client(monkeypatch, tmp_path):
    monkeypatch.setenv("SAMSKAPING_RASA_URL", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("SAMSKAPING_ACTION_SERVER_URL", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("SAMSKAPING_USERDATA_URL", f"sqlite:///{tmp_path / 'userdata.db'}")
    monkeypatch.setenv("SAMSKAPING_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'rasa.db'}")
    monkeypatch.setenv("SAMSKAPING_ALLOWED_ORIGINS", "https://intranett.kommune.no")

    from bot.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def csp_directives(header: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/demo/nyheter"])
def test_the_gateways_own_pages_allow_only_their_own_resources_and_no_framing(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = csp_directives(response.headers["content-security-policy"])
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("page", ["index.html", "nyheter.html"])
def test_the_pages_need_nothing_the_policy_forbids(page):
    # The embed instructions inside <pre> are escaped text, not markup.
    html = re.sub(r"<pre>.*?</pre>", "", (STATIC_DIR / page).read_text(), flags=re.S)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script would be blocked"
    assert "<style" not in html and " style=" not in html, "inline style would be blocked"
    assert not re.search(r"\son\w+=", html), "inline event handlers would be blocked"
    # Every script and stylesheet comes from the gateway itself.
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url


def test_the_widget_script_never_touches_inline_style_attributes():
    # CSSOM (element.style.x = …) is allowed by a CSP without 'unsafe-inline'; a style attribute
    # set through setAttribute or innerHTML is not, and would break the widget on strict intranets.
    script = (STATIC_DIR / "widget" / "samskaping.js").read_text()
    assert "innerHTML" not in script and "setAttribute(\"style\"" not in script and "style:" not in script
    assert "eval(" not in script and "new Function" not in script
    assert "unsafe" not in PAGE_CSP


def test_the_widget_script_and_stylesheet_stay_embeddable_on_other_origins(client):
    script = client.get("/widget/samskaping.js", headers={"Origin": "https://intranett.kommune.no"})
    assert script.status_code == 200
    assert script.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "x-frame-options" not in script.headers
    assert script.headers["x-content-type-options"] == "nosniff"
    assert script.headers["content-type"].startswith("text/javascript")
    stylesheet = client.get(f"/widget/{widget_version()}/samskaping.css")
    assert stylesheet.status_code == 200
    assert stylesheet.headers["cross-origin-resource-policy"] == "cross-origin"


def test_api_responses_and_refusals_carry_the_headers_too(client):
    apology = client.post("/api/chat", json={"sender": "u1", "message": "hei"})
    too_large = client.post("/api/chat", json={"sender": "u1", "message": "x" * 100_000})
    preflight = client.options("/api/chat", headers={"Origin": "https://intranett.kommune.no",
                                                     "Access-Control-Request-Method": "POST"})
    for response in (apology, too_large, preflight):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    for response in (apology, too_large):
        assert csp_directives(response.headers["content-security-policy"])["default-src"] == "'none'"
        assert response.headers["x-frame-options"] == "DENY"
    assert (apology.status_code, too_large.status_code) == (503, 413)
    assert preflight.headers["access-control-allow-origin"] == "https://intranett.kommune.no"


def test_a_missing_chart_is_a_json_404_that_cannot_be_rendered_as_a_page(client):
    response = client.get("/media/readiness/nope.png")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert "sandbox" in response.headers["content-security-policy"]
