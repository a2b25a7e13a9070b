"""Fuzzing the gateway's OpenAPI with schemathesis: whatever a client sends, the gateway answers
as its schema says, never with a 5xx other than the documented 503 (Rasa away), never with an
unhandled error.

The real app runs in-process (ASGI). Rasa and the action server point at closed ports, so
/api/chat answers with its documented 503 apology; the tracker store and user data are real,
empty SQLite files. Examples per operation: FUZZ_EXAMPLES (default 60, ~30 s on 2 cores)."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from scripts.processes import free_port as closed_port

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
# Checks left out, and why:
# - positive_data_acceptance (ST202) expects every request the schema allows to succeed. The
#   gateway rightly refuses some of them with its documented errors: a message that is empty or
#   only spaces, or longer than SAMSKAPING_MAX_MESSAGE_CHARS (a setting, so not in the schema),
#   and a join code no cohort has (404 unknown_code), and a read without the X-Samskaping-Sender
#   header (422 sender_missing).
# - not_a_server_error (ST101) treats every 5xx as a failure; the 5xx rule is asserted below,
#   where the by-design 503s (Rasa away) are allowed and nothing else is.
EXCLUDED = [
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.not_a_server_error,
]
DOCUMENTED_503 = {"/api/chat", "/healthz", "/readyz"}


DATA = Path(tempfile.mkdtemp(prefix="fuzz-"))
ENV = {
    "SAMSKAPING_RASA_URL": f"http://127.0.0.1:{closed_port()}",
    "SAMSKAPING_ACTION_SERVER_URL": f"http://127.0.0.1:{closed_port()}",
    "SAMSKAPING_USERDATA_URL": f"sqlite:///{DATA / 'userdata.db'}",
    "SAMSKAPING_TRACKER_DB_URL": f"sqlite:///{DATA / 'rasa.db'}",
    # The fuzzer sends thousands of requests from one address; the limits have their own tests.
    "SAMSKAPING_RATE_LIMIT_PER_SENDER": "1000000/minute",
    "SAMSKAPING_RATE_LIMIT_PER_CLIENT": "1000000/minute",
    "SAMSKAPING_RASA_TIMEOUT_SECONDS": "2",
    # The schema is served only when asked for (off by default: finding 12 of issue 14).
    "SAMSKAPING_API_DOCS": "true",
    # The fuzzer tries join codes from one address far more often than a class would.
    "SAMSKAPING_JOIN_TRIES_PER_CLIENT": "1000000/minute",
    "SAMSKAPING_JOIN_MISSES_PER_CLIENT": "1000000/minute",
    "SAMSKAPING_JOIN_TRIES_PER_SENDER_PER_HOUR": "1000000",
    "SAMSKAPING_JOIN_MISSES_PER_SENDER_PER_HOUR": "1000000",
}


@contextmanager
def gateway_env():
    """The settings above for as long as the app is built or fuzzed; then the previous ones."""
    saved = {name: os.environ.get(name) for name in ENV}
    os.environ.update(ENV)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# schemathesis' lazy (fixture) loader does not work with this pytest; the schema is built at import.
with gateway_env():
    from bot.app import create_app

    APP = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def settings_while_fuzzing():
    with gateway_env():
        yield


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_the_gateway_answers_every_request_as_its_schema_says(case):
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    assert response.status_code < 500 or (response.status_code == 503 and case.path in DOCUMENTED_503), (
        f"{case.method} {case.path} answered {response.status_code}")
