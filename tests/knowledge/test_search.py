"""Search on the real corpus: FAISS, the written questions as keys, filters, the learned models."""
from __future__ import annotations

import faiss
import numpy as np
import pytest

from knowledge.features import RANK_FEATURES, SENTENCE_FEATURES, answerable_feature_names
from knowledge.index import make_faiss_index
from knowledge.learned import ANSWERABLE_FILE, RANKER_FILE, SENTENCES_FILE, WeightsMismatch, load_model
from knowledge.search import SearchOptions


def test_dense_candidates_come_from_faiss_indexes(knowledge_base):
    assert isinstance(knowledge_base.corpus.vectors, faiss.Index)
    assert knowledge_base.corpus.question_vectors.ntotal == len(knowledge_base.corpus.questions) > 1000


def test_the_faiss_index_type_follows_the_corpus_size():
    vectors = np.random.default_rng(0).normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert isinstance(make_faiss_index(vectors, flat_max=1000), faiss.IndexFlatIP)
    hnsw = make_faiss_index(vectors, flat_max=100)
    assert isinstance(hnsw, faiss.IndexHNSWFlat)
    _, ids = hnsw.search(vectors[:5], 1)
    assert list(ids[:, 0]) == [0, 1, 2, 3, 4]  # each vector finds itself


def test_a_written_question_leads_to_its_passage(knowledge_base):
    pid, text = next((knowledge_base.passages[i].id, q) for i, q in knowledge_base.corpus.questions
                     if knowledge_base.passages[i].role == "finding")
    assert pid in [h.passage.id for h in knowledge_base.search(text).top(3)]


def test_filters_restrict_results_to_one_thesis_and_role_and_exclude_what_was_shown(knowledge_base):
    result = knowledge_base.search("Hvordan bygger jeg tillit?", SearchOptions(thesis="001"))
    assert result.hits and {h.passage.thesis for h in result.hits} == {"001"}
    roles = knowledge_base.search("ledelse", SearchOptions(roles=("theory",)))
    assert {h.passage.role for h in roles.hits} == {"theory"}
    first = knowledge_base.search("Hvordan bygger jeg tillit?").hits[0].passage.id
    again = knowledge_base.search("Hvordan bygger jeg tillit?", SearchOptions(exclude_passages=frozenset({first})))
    assert first not in [h.passage.id for h in again.hits]


def test_preferred_roles_move_ahead_of_close_rivals(knowledge_base):
    plain = knowledge_base.search("Hvordan bygger jeg tillit i en samskapingsgruppe?").top(5)
    preferred = knowledge_base.search("Hvordan bygger jeg tillit i en samskapingsgruppe?",
                                      SearchOptions(prefer_roles=("discussion",))).top(5)
    share = lambda hits: sum(h.passage.role == "discussion" for h in hits)  # noqa: E731
    first = lambda hits: next(h.rank for h in hits if h.passage.role == "discussion")  # noqa: E731
    assert share(preferred) >= share(plain) and first(preferred) < first(plain)


@pytest.mark.parametrize("question, thesis", [
    ("Hva sier Lillehammer-oppgaven om tillitsbasert ledelse?", "001"),
    ("Hva sier Borge og Kaasa om lokaler?", "000"),
])
def test_a_question_naming_a_thesis_is_answered_from_it(knowledge_base, question, thesis):
    assert knowledge_base.search(question).hits[0].passage.thesis == thesis


@pytest.mark.parametrize("question, thesis", [
    ("What is trust-based leadership in Lillehammer?", "001"),
    ("Korleis kan eg som leiar byggje tillit i ei samskapingsgruppe?", "000"),
])
def test_english_and_nynorsk_questions_find_the_right_thesis(knowledge_base, question, thesis):
    assert knowledge_base.search(question).hits[0].passage.thesis == thesis


@pytest.mark.parametrize("question", [
    "Hvordan baker jeg surdeigsbrød?",
    "Hva blir været i Bergen i morgen?",
    "Who won the football world cup in 2018?",
])
def test_off_topic_questions_are_out_of_scope(knowledge_base, question):
    assert not knowledge_base.search(question).in_scope


@pytest.mark.parametrize("question", [
    "Hva betyr samskaping?",
    "Hvordan kan jeg som leder bygge tillit i en samskapingsgruppe?",
    "What did the Lillehammer study find about trust-based leadership?",
])
def test_on_topic_questions_are_in_scope(knowledge_base, question):
    assert knowledge_base.search(question).in_scope


def test_the_stored_models_match_the_features_the_code_computes(real_settings):
    ranker = load_model(real_settings.weights_dir / RANKER_FILE, RANK_FEATURES)
    answerable = load_model(real_settings.weights_dir / ANSWERABLE_FILE, answerable_feature_names(384))
    sentences = load_model(real_settings.weights_dir / SENTENCES_FILE, SENTENCE_FEATURES)
    assert ranker is not None and answerable is not None and sentences is not None
    # Fitted on the dev set only, and the record says which file.
    assert ranker.info["dev_file"] == answerable.info["dev_file"] == "knowledge-dev.jsonl"
    with pytest.raises(WeightsMismatch):
        load_model(real_settings.weights_dir / RANKER_FILE, RANK_FEATURES[:-1])


def test_the_same_question_with_the_same_options_is_searched_once(knowledge_base):
    """Routing and the answer search a turn's question alike: the second gets the first's result;
    other options still get their own search."""
    knowledge_base.searcher.clear_caches()
    first = knowledge_base.search("Hvordan bygger jeg tillit i en samskapingsgruppe?")
    assert knowledge_base.search("Hvordan bygger jeg tillit i en samskapingsgruppe?") is first
    narrowed = knowledge_base.search("Hvordan bygger jeg tillit i en samskapingsgruppe?",
                                     SearchOptions(top_k=5, thesis="001"))
    assert narrowed is not first
    assert {h.passage.thesis for h in narrowed.hits} == {"001"}
