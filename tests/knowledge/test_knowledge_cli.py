"""The command line, run in-process against the session knowledge base."""
from __future__ import annotations

import json

import pytest

from knowledge import __main__ as cli
from knowledge import base


@pytest.fixture
def use_session_kb(knowledge_base, monkeypatch):
    monkeypatch.setattr(base, "_KB", knowledge_base)
    return knowledge_base


def test_search_json_prints_one_line_per_query_with_top_k_results(use_session_kb, tmp_path, capsys):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"question": "Hva betyr samskaping?", "id": 1}) + "\n\n"
        + json.dumps({"question": "How do I bake bread?"}) + "\n", encoding="utf-8")
    assert cli.main(["search", "--queries-file", str(queries), "--top-k", "4", "--json"]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["question"] == "Hva betyr samskaping?" and first["in_scope"] is True
    assert second["in_scope"] is False and len(second["results"]) == 4  # top K even out of scope
    assert second["answerable"] < first["answerable"]
    for row in first["results"] + second["results"]:
        assert set(row) == {"id", "text", "thesis", "section", "section_title", "role", "score"}
        assert row["thesis"] in {"000", "001"} and isinstance(row["score"], float)
    scores = [r["score"] for r in first["results"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_prints_quotes_and_source_lines(use_session_kb, capsys):
    assert cli.main(["ask", "Hva er tillitsbasert ledelse?"]) == 0
    out = capsys.readouterr().out
    assert "\n«" in out and "\n— " in out and "(2023)" in out


def test_ask_json_is_the_answer_dict(use_session_kb, capsys):
    assert cli.main(["ask", "--json", "Hva er været i Bergen i morgen?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["in_scope"] is False and data["citations"] == []


def test_search_requires_a_query_or_a_queries_file():
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["search", "--json"])
