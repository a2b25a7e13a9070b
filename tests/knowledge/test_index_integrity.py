"""A damaged index is never served: the manifest's checksums catch it, and it is rebuilt or refused
with a clear error. Several processes starting at once against one folder build it only once."""
from __future__ import annotations

import json
import multiprocessing
import time

import numpy as np
import pytest

from knowledge.index import (
    INDEX_FILES,
    MANIFEST_FILE,
    SENTENCE_VECTORS_FILE,
    VECTORS_FILE,
    IndexUnavailable,
    file_digest,
    load_or_build,
)
from knowledge.base import KnowledgeBase

from .conftest import FakeEncoder


class BrokenEncoder(FakeEncoder):
    """An encoder that cannot embed, as when the model files are gone."""

    def encode_passages(self, texts, progress=None):
        raise OSError("model weights not found")


class SlowEncoder(FakeEncoder):
    """Makes a build take long enough for concurrent starts to overlap."""

    def encode_passages(self, texts, progress=None):
        time.sleep(1.0)
        return super().encode_passages(texts, progress)


def flip_a_byte_near_the_end(path):
    # The tail of a .faiss / .npy file is vector data: the file still loads, the numbers are wrong.
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))


def manifest(settings) -> dict:
    return json.loads((settings.index_dir / MANIFEST_FILE).read_text())


def test_the_manifest_records_the_sha256_of_every_index_file(tiny_settings):
    load_or_build(tiny_settings, FakeEncoder())
    files = manifest(tiny_settings)["files"]
    assert set(files) == set(INDEX_FILES)
    for name, digest in files.items():
        assert digest == file_digest(tiny_settings.index_dir / name)


@pytest.mark.parametrize("name", [VECTORS_FILE, SENTENCE_VECTORS_FILE])
def test_vectors_damaged_in_place_are_detected_and_rebuilt_without_reusing_them(tiny_settings, caplog, name):
    original = load_or_build(tiny_settings, FakeEncoder())
    flip_a_byte_near_the_end(tiny_settings.index_dir / name)
    caplog.clear()
    encoder = FakeEncoder()
    rebuilt = load_or_build(tiny_settings, encoder)
    assert rebuilt.built
    assert f"{name} does not match its checksum" in caplog.text
    # Every text was embedded again: vectors from a damaged index are never carried over.
    assert len(encoder.embedded) >= len(original.passages)
    assert np.array_equal(rebuilt.vectors.reconstruct_n(0, rebuilt.vectors.ntotal),
                          original.vectors.reconstruct_n(0, original.vectors.ntotal))
    assert manifest(tiny_settings)["files"][name] == file_digest(tiny_settings.index_dir / name)


def test_a_missing_vectors_file_is_rebuilt(tiny_settings, caplog):
    load_or_build(tiny_settings, FakeEncoder())
    (tiny_settings.index_dir / VECTORS_FILE).unlink()
    assert load_or_build(tiny_settings, FakeEncoder()).built
    assert f"{VECTORS_FILE} is missing" in caplog.text


def test_a_damaged_index_that_cannot_be_rebuilt_gives_a_clear_error_not_answers(tiny_settings):
    load_or_build(tiny_settings, FakeEncoder())
    flip_a_byte_near_the_end(tiny_settings.index_dir / VECTORS_FILE)
    with pytest.raises(IndexUnavailable) as error:
        KnowledgeBase(tiny_settings, encoder=BrokenEncoder())
    message = str(error.value)
    assert f"{VECTORS_FILE} does not match its checksum" in message
    assert "model weights not found" in message and "python -m knowledge build" in message


def test_an_index_from_before_checksums_is_upgraded_by_reusing_its_vectors(tiny_settings, caplog):
    load_or_build(tiny_settings, FakeEncoder())
    legacy = manifest(tiny_settings)
    del legacy["files"]
    legacy["format"] = 2
    (tiny_settings.index_dir / MANIFEST_FILE).write_text(json.dumps(legacy))
    caplog.clear()
    encoder = FakeEncoder()
    assert load_or_build(tiny_settings, encoder).built
    assert "index format changed" in caplog.text
    assert encoder.embedded == []  # same model, same texts: nothing had to be embedded again
    assert set(manifest(tiny_settings)["files"]) == set(INDEX_FILES)


def _start_like_an_action_server(settings) -> tuple[bool, list[str]]:
    corpus = load_or_build(settings, SlowEncoder())
    return corpus.built, [p.id for p in corpus.passages]


def test_action_servers_starting_at_once_build_the_index_once_and_all_load_it(tiny_settings):
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_start_like_an_action_server, [tiny_settings] * 4)
    assert sum(built for built, _ in results) == 1
    assert len({tuple(ids) for _, ids in results}) == 1 and results[0][1]
    leftovers = [p.name for p in tiny_settings.index_dir.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    assert leftovers == []
