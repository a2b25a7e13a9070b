"""The persisted index rebuilds exactly when its manifest no longer matches."""
from __future__ import annotations

import json

import pytest

from knowledge.index import MANIFEST_FILE, PASSAGES_FILE, load_or_build
from knowledge.search import SearchOptions
from knowledge.base import KnowledgeBase

from .conftest import FakeEncoder


def test_first_run_builds_and_writes_a_manifest(tiny_settings, caplog):
    corpus = load_or_build(tiny_settings, FakeEncoder())
    assert corpus.built
    manifest = json.loads((tiny_settings.index_dir / MANIFEST_FILE).read_text())
    assert manifest["passage_count"] == len(corpus.passages) == 4
    assert manifest["model_id"] == "fake-encoder-v1"
    assert len(manifest["corpus_checksum"]) == 64
    assert manifest["passages_per_thesis"] == {"900": 4}
    err = caplog.text
    assert "no index yet" in err and "Embedding 4 passages" in err


def test_second_run_with_nothing_changed_skips_the_build(tiny_settings, caplog):
    load_or_build(tiny_settings, FakeEncoder())
    encoder = FakeEncoder()
    corpus = load_or_build(tiny_settings, encoder)
    assert not corpus.built and encoder.passage_calls == 0
    assert "skipping build" in caplog.text


def test_changed_corpus_text_triggers_a_rebuild(tiny_settings, caplog):
    load_or_build(tiny_settings, FakeEncoder())
    path = tiny_settings.corpus_dir / "tiny.txt"
    path.write_text(path.read_text().replace("felles oppgaver", "nye oppgaver"))
    corpus = load_or_build(tiny_settings, FakeEncoder())
    assert corpus.built
    assert "corpus, sources.yml or parser changed" in caplog.text
    assert any("nye oppgaver" in p.text for p in corpus.passages)


def test_changed_passage_sizing_triggers_a_rebuild(tiny_settings):
    load_or_build(tiny_settings, FakeEncoder())
    resized = tiny_settings.model_copy(update={"passage_max_words": 11})
    assert load_or_build(resized, FakeEncoder()).built


def test_different_model_triggers_a_rebuild(tiny_settings, caplog):
    load_or_build(tiny_settings, FakeEncoder())
    assert load_or_build(tiny_settings, FakeEncoder("fake-encoder-v2")).built
    assert "embedding model changed" in caplog.text


@pytest.mark.parametrize("damage, reason", [
    (lambda d: (d / MANIFEST_FILE).write_text("{not json"), "unreadable"),
    (lambda d: (d / MANIFEST_FILE).unlink(), "no index yet"),
    (lambda d: (d / PASSAGES_FILE).write_text((d / PASSAGES_FILE).read_text().split("\n", 1)[1]),
     "passages.jsonl does not match its checksum"),
])
def test_corrupt_or_incomplete_index_is_rebuilt(tiny_settings, caplog, damage, reason):
    load_or_build(tiny_settings, FakeEncoder())
    damage(tiny_settings.index_dir)
    corpus = load_or_build(tiny_settings, FakeEncoder())
    assert corpus.built and len(corpus.passages) == 4
    assert reason in caplog.text


def test_excluded_section_and_contact_details_never_reach_the_index(tiny_settings):
    corpus = load_or_build(tiny_settings, FakeEncoder())
    assert {p.section_key for p in corpus.passages} == {"1", "2"}
    assert not any("@" in p.text or "53 21 15 00" in p.text for p in corpus.passages)


def test_search_filters_by_thesis_and_role_and_returns_rank_order(tiny_settings):
    kb = KnowledgeBase(tiny_settings, encoder=FakeEncoder())
    hits = kb.search("tillitsbasert ledelse spillerom", SearchOptions(top_k=3)).top(3)
    assert hits[0].passage.section_key == "2"
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.passage.role == "theory" for h in kb.search("ledelse", SearchOptions(roles=("theory",))).hits)
    assert kb.search("ledelse", SearchOptions(thesis="001")).hits == []
    assert kb.passage(hits[0].passage.id) == hits[0].passage
    assert kb.passage("900:nope:1") is None


def test_answer_quotes_verbatim_sentences_with_a_citation(tiny_settings):
    kb = KnowledgeBase(tiny_settings, encoder=FakeEncoder())
    answer = kb.answer("Hvordan bygge tillit i gruppa?")
    assert answer.in_scope and answer.citations
    top = answer.citations[0]
    assert top.quotes == ["Ledere må bygge tillit i gruppa og sette av tid til gode relasjoner."]
    assert (top.authors, top.year, top.short_title, top.section) == (["Test Testesen"], 2024, "Liten test", "1")
    json.dumps(answer.to_dict())
