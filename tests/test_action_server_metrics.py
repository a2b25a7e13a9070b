"""The action server's /metrics (rasa_sdk_plugins/metrics.py): who may read it, and the folder its
Sanic workers count in. The route itself is scraped in tests/e2e/test_metrics.py."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from network_access import client_allowed
from rasa_sdk_plugins import metrics


def test_only_addresses_in_the_allowed_networks_may_read_the_metrics(monkeypatch):
    monkeypatch.delenv(metrics.NETWORKS_VARIABLE, raising=False)
    loopback = metrics.allowed_networks()
    assert client_allowed("127.0.0.1", loopback) and client_allowed("::1", loopback)
    assert not client_allowed("172.28.11.9", loopback)
    monkeypatch.setenv(metrics.NETWORKS_VARIABLE, "172.28.11.0/24")
    compose = metrics.allowed_networks()
    assert client_allowed("172.28.11.9", compose) and client_allowed("::ffff:172.28.11.9", compose)
    assert not client_allowed("127.0.0.1", compose) and not client_allowed("", compose)


def test_a_mistyped_network_stops_the_server_with_the_variable_named(monkeypatch):
    monkeypatch.setenv(metrics.NETWORKS_VARIABLE, "172.28.11.0/33")
    with pytest.raises(RuntimeError, match=metrics.NETWORKS_VARIABLE):
        metrics.allowed_networks()


def test_the_workers_count_in_a_fresh_folder(monkeypatch, tmp_path):
    # prepare_multiprocess_folder sets the variable itself; setting it through monkeypatch first
    # makes monkeypatch restore the variable's absence afterwards, so no later test (or app made in
    # this process) sees a folder that is gone.
    monkeypatch.setenv(metrics.MULTIPROC_VARIABLE, "unset-after-the-test")
    monkeypatch.delenv(metrics.MULTIPROC_VARIABLE)
    made = metrics.prepare_multiprocess_folder()
    try:
        assert made is not None and made.is_dir() and not any(made.iterdir())
        assert os.environ[metrics.MULTIPROC_VARIABLE] == str(made)
    finally:
        made.rmdir()
    # A folder the operator names is kept, but last run's counts in it are removed.
    named = tmp_path / "metrics"
    named.mkdir()
    (named / "counter_1234.db").write_bytes(b"old")
    (named / "notes.txt").write_text("kept")
    monkeypatch.setenv(metrics.MULTIPROC_VARIABLE, str(named))
    assert metrics.prepare_multiprocess_folder() is None
    assert sorted(p.name for p in Path(named).iterdir()) == ["notes.txt"]
