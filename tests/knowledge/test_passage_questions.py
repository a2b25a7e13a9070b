"""The questions written for each passage: every key resolves, every passage with findings,
discussion or conclusions has some, and keys survive re-chunking."""
from __future__ import annotations

from collections import Counter

import pytest

from knowledge.index import corpus_passages
from knowledge.passage_questions import (QUESTIONS_DIR, UnresolvedKey, load_files, load_passage_questions,
                                         passage_key, resolve)
from knowledge.privacy import contains_contact_details


@pytest.fixture(scope="module")
def passages(real_settings):
    return corpus_passages(real_settings)


@pytest.fixture(scope="module")
def questions(real_settings, passages):
    return load_passage_questions(real_settings.corpus_dir / QUESTIONS_DIR, passages)


def test_every_key_in_every_questions_file_resolves_to_one_passage(questions, real_settings):
    files = load_files(real_settings.corpus_dir / QUESTIONS_DIR)
    keys = sum(len(data["passages"]) for _, data in files)
    assert len({q.key for q in questions}) == keys


def test_every_findings_discussion_and_conclusion_passage_has_three_questions_or_more(questions, passages):
    counts = Counter(q.passage_id for q in questions)
    substantive = [p for p in passages if p.role in ("finding", "discussion", "conclusion")]
    assert [p.id for p in substantive if counts[p.id] < 3] == []


def test_every_passage_outside_the_appendices_has_questions(questions, passages):
    covered = {q.passage_id for q in questions}
    assert [p.id for p in passages if p.role != "appendix" and p.id not in covered] == []


def test_questions_hold_no_contact_details(questions):
    assert [q.text for q in questions if contains_contact_details(q.text)] == []


def test_keys_survive_a_different_passage_size(real_settings, questions):
    """Passages sized otherwise still hold each key's words, so every key still resolves."""
    resized = real_settings.model_copy(update={"passage_min_words": 40, "passage_max_words": 120})
    small = corpus_passages(resized)
    assert len(small) != len(corpus_passages(real_settings))
    again = load_passage_questions(real_settings.corpus_dir / QUESTIONS_DIR, small)
    assert len(again) == len(questions)


def test_a_key_resolves_by_its_words_and_a_stale_one_is_refused(passages):
    p = next(p for p in passages if p.section_key == "4.2.1.2.2")
    key = passage_key(p, [o for o in passages if o.section_key == p.section_key and o.thesis == p.thesis])
    assert resolve(key, [o for o in passages if o.thesis == p.thesis]) == p
    with pytest.raises(UnresolvedKey, match="no passage of section"):
        resolve("4.2.1.2.2#Ord som ikke står der", passages)
    with pytest.raises(UnresolvedKey, match="no passage in section"):
        resolve("9.9.9#Informantene oppgir", passages)


def test_a_stale_key_in_a_file_names_the_file(tmp_path, passages):
    (tmp_path / "x.yml").write_text('thesis: "000"\npassages:\n  "1.1#Finnes ikke her":\n    - Hva?\n')
    with pytest.raises(UnresolvedKey, match=r"x\.yml"):
        load_passage_questions(tmp_path, passages)
