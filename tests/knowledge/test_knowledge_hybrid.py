"""Lexical analysis, BM25, fusion, the scope threshold and precomputed sentence vectors."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from knowledge.index import MANIFEST_FILE, SENTENCE_VECTORS_FILE, load_or_build
from knowledge.lexical import Analyzer, BM25Index, looks_english
from knowledge.retrieval import KnowledgeBase, fuse

from .conftest import FakeEncoder

DEVSET = Path(__file__).with_name("devset.jsonl")
TEXTS = [
    "Samskapingsprosessen krever tid og ressurser fra ledelsen.",
    "Tillitsbasert ledelse gir medarbeiderne spillerom.",
    "Været i kommunen var fint, og møtet ble holdt ute.",
    "Balanse’ 24 er et økonomiprosjekt i Lillehammer kommune.",
]


@pytest.fixture(scope="module")
def bm25() -> BM25Index:
    return BM25Index(TEXTS)


def _top(index: BM25Index, query: str) -> int:
    return int(np.argmax(index.scores(query)))


# --- analyser and BM25 -------------------------------------------------------------

def test_compounds_are_split_into_known_corpus_words():
    analyzer = Analyzer.from_texts(["Samskaping bygger på tillit.", "Prosessen er basert på dialog."])
    assert analyzer.split_compound("samskapingsprosessen") == ("samskaping", "prosessen")  # linking -s-
    assert analyzer.split_compound("tillitsbasert") == ("tillit", "basert")
    assert analyzer.split_compound("innbyggerne") == ()  # no known halves


def test_a_compound_in_the_text_is_found_by_its_second_half(bm25):
    assert _top(bm25, "Hvordan leder jeg prosessen?") == 0


def test_a_compound_in_the_question_finds_its_halves_in_the_text():
    index = BM25Index(["Prosessen med samskaping tar tid.", "Været er fint."])
    assert _top(index, "samskapingsprosessen") == 0


def test_one_edit_typos_of_corpus_words_are_corrected(bm25):
    assert bm25.analyzer.correct("tilitsbasert") == "tillitsbasert"
    assert bm25.analyzer.correct("samskapingsprossesen") == "samskapingsprosessen"
    assert _top(bm25, "hva er tilitsbasert ledelse") == 1


def test_nynorsk_and_bokmal_give_the_same_terms(bm25):
    assert bm25.analyzer.terms("leiarane og dei tilsette") == bm25.analyzer.terms("lederne og de ansatte")
    assert bm25.analyzer.normalise_query("Korleis kan leiarane gje tillit?") == "hvordan kan lederne gi tillit?"


def test_english_questions_search_with_the_norwegian_glossary_terms(bm25):
    assert looks_english("What does trust-based leadership mean?")
    assert not looks_english("Hva er tillitsbasert ledelse?")
    assert _top(bm25, "What does trust-based leadership give employees?") == 1


def test_balanse_24_spellings_are_one_term(bm25):
    terms = {tuple(bm25.analyzer.terms(q)) for q in ("Balanse’ 24", "balanse 24", "Balanse' 24s", "balanse24")}
    assert terms == {("balanse24",)}
    assert _top(bm25, "Hva er balanse 24?") == 3


def test_questions_without_corpus_words_get_no_lexical_scores(bm25):
    assert not np.any(bm25.scores("What is the weather like?"))


def test_analyzer_vocabulary_comes_from_the_texts():
    analyzer = Analyzer.from_texts(["Samskaping og ledelse."])
    assert analyzer.vocabulary == {"samskaping", "ledelse"}  # two-letter words are never typo targets


# --- fusion --------------------------------------------------------------------------

def test_rank_fusion_prefers_passages_both_retrievers_rank_high():
    dense = np.array([0.90, 0.80, 0.10, 0.20])
    bm25 = np.array([0.0, 5.0, 9.0, 1.0])
    fused = fuse({"dense": dense, "bm25": bm25}, k=10)
    assert int(np.argmax(fused)) == 1  # 2nd in both beats 1st in one and 3rd/4th in the other


def test_rank_fusion_weights_shift_the_balance():
    dense = np.array([0.9, 0.1])
    bm25 = np.array([0.0, 3.0])
    assert np.argmax(fuse({"dense": dense, "bm25": bm25}, {"dense": 1, "bm25": 2}, k=1)) == 1
    assert np.argmax(fuse({"dense": dense, "bm25": bm25}, {"dense": 2, "bm25": 1}, k=1)) == 0


def test_a_retriever_that_found_nothing_abstains_from_fusion():
    dense = np.array([0.2, 0.9, 0.5])
    fused = fuse({"dense": dense, "bm25": np.zeros(3)})
    assert list(np.argsort(-fused)) == [1, 2, 0]


# --- precomputed sentence vectors --------------------------------------------------

def test_sentence_vectors_are_built_with_the_index_and_counted_in_the_manifest(tiny_settings):
    corpus = load_or_build(tiny_settings, FakeEncoder())
    manifest = json.loads((tiny_settings.index_dir / MANIFEST_FILE).read_text())
    assert manifest["sentence_count"] == sum(len(s) for s in corpus.sentences) == 4
    assert all(v.shape == (len(s), FakeEncoder.dim) for s, v in zip(corpus.sentences, corpus.sentence_vectors))


def test_answers_use_the_precomputed_sentence_vectors_not_the_model(tiny_settings):
    load_or_build(tiny_settings, FakeEncoder())
    encoder = FakeEncoder()
    kb = KnowledgeBase(tiny_settings.model_copy(update={"out_of_scope_threshold": 0.1}), encoder=encoder)
    answer = kb.answer("Hvordan bygge tillit i gruppa?")
    assert answer.in_scope and answer.citations[0].quotes
    assert encoder.passage_calls == 0  # no embedding of sentences at question time


def test_missing_or_mismatched_sentence_vectors_trigger_a_rebuild(tiny_settings, capsys):
    load_or_build(tiny_settings, FakeEncoder())
    np.save(tiny_settings.index_dir / SENTENCE_VECTORS_FILE, np.zeros((1, FakeEncoder.dim), np.float32))
    assert load_or_build(tiny_settings, FakeEncoder()).built
    assert "sentences.npy does not match its checksum" in capsys.readouterr().err
    (tiny_settings.index_dir / SENTENCE_VECTORS_FILE).unlink()
    assert load_or_build(tiny_settings, FakeEncoder()).built


def test_a_rebuild_embeds_only_text_the_previous_index_does_not_hold(tiny_settings):
    first = FakeEncoder()
    load_or_build(tiny_settings, first)
    assert first.embedded  # a cold build embeds passages and sentences
    text = tiny_settings.corpus_dir / "tiny.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("felles oppgaver", "felles velferdsoppgaver"),
                    encoding="utf-8")
    second = FakeEncoder()
    corpus = load_or_build(tiny_settings, second)
    assert corpus.built and second.embedded
    assert all("velferdsoppgaver" in t for t in second.embedded)  # only the changed passage and sentence
    # The reused vectors are the ones a cold build computes.
    cold = FakeEncoder()
    fresh = load_or_build(tiny_settings, cold, force=True)
    assert len(cold.embedded) > len(second.embedded)
    assert np.allclose(np.concatenate(fresh.sentence_vectors), np.concatenate(corpus.sentence_vectors))


def test_vectors_of_another_model_are_never_reused(tiny_settings):
    load_or_build(tiny_settings, FakeEncoder("fake-encoder-v1"))
    other = FakeEncoder("fake-encoder-v2")
    assert load_or_build(tiny_settings, other).built
    assert len(other.embedded) == len(set(other.embedded)) > 0
    passages = load_or_build(tiny_settings, other).passages
    assert {p.embed_text for p in passages} <= set(other.embedded)


def test_scope_score_is_the_mean_of_best_passage_and_best_sentence_cosine(tiny_settings):
    kb = KnowledgeBase(tiny_settings, encoder=FakeEncoder())
    question = "Hvordan bygge tillit i gruppa?"
    retrieval_ = kb.retrieve(question)
    q = kb.embed_query(kb.dense_query(question))
    best_sentence = max(float((v @ q).max()) for v, p in zip(kb.corpus.sentence_vectors, kb.passages)
                        if len(v) and p.role != "appendix")
    assert retrieval_.scope_score == pytest.approx((retrieval_.best_dense_score + best_sentence) / 2, abs=1e-6)


def test_answers_fall_back_to_embedding_sentences_without_precomputed_vectors(tiny_settings):
    encoder = FakeEncoder()
    kb = KnowledgeBase(tiny_settings.model_copy(update={"out_of_scope_threshold": 0.1}), encoder=encoder)
    kb.corpus.sentence_vectors = None
    calls = encoder.passage_calls
    assert kb.answer("Hvordan bygge tillit i gruppa?").citations
    assert encoder.passage_calls == calls + 1


# --- the development set, with the real model ---------------------------------------

def _devset() -> list[dict]:
    return [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_devset_is_big_and_varied_enough_and_its_gold_sections_exist(knowledge_base):
    rows = _devset()
    assert len(rows) >= 60 and sum(not r["in_scope"] for r in rows) >= 6
    assert {r["lang"] for r in rows} == {"nb", "nn", "en"} and any(r["typo"] for r in rows)
    sections = {(p.thesis, p.section or p.section_key) for p in knowledge_base.passages}
    for r in rows:
        assert r["in_scope"] == bool(r["gold"])
        assert {(g["thesis"], g["section"]) for g in r["gold"]} <= sections, r["id"]


@pytest.mark.parametrize("row", [r for r in _devset() if not r["in_scope"]], ids=lambda r: r["id"])
def test_every_out_of_scope_devset_question_is_refused(knowledge_base, row):
    assert not knowledge_base.retrieve(row["question"]).in_scope


def test_devset_recall_at_5_and_refusals_stay_at_the_measured_level(knowledge_base):
    """Regression guard for the numbers in the README (bench/knowledge_eval.py)."""
    rows = [r for r in _devset() if r["in_scope"]]
    hits = refused = 0
    for r in rows:
        retrieval = knowledge_base.retrieve(r["question"], top_k=5)
        gold = {(g["thesis"], g["section"]) for g in r["gold"]}
        hits += any((x.passage.thesis, x.passage.section or x.passage.section_key) in gold for x in retrieval.results)
        refused += not retrieval.in_scope
    assert hits / len(rows) >= 0.85
    assert refused <= 3  # at most 1 in 20 of the 74


def test_an_english_question_gets_the_theses_norwegian_terms_for_the_dense_model():
    from knowledge.lexical import glossary_terms

    assert glossary_terms("What is trust-based leadership?") == ["tillitsbasert", "ledelse"]
    assert glossary_terms("Who won the World Cup?") == []
