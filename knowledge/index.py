"""The persisted dense index: FAISS vectors + passages + a manifest.

The manifest records what the index was built from (model, corpus checksum,
passage, sentence and question counts) and the sha256 of every index file, so a
file that was damaged or swapped after the build is detected before it is used.
Besides one vector per passage the index holds one per quotable sentence, so an
answer picks its quotes with dot products instead of running the model over
candidate sentences per question, and one per written question of a passage
(``corpus/questions/``), the extra keys that lead to it. ``load_or_build`` compares it with the current corpus and
model and rebuilds only when they differ, so a stale index can never be
served and an unchanged one is never rebuilt.

Several action servers may start at once against one index folder: checking,
loading and building happen under a file lock next to the folder, and a build
is written to a temporary folder that is renamed into place, so no process
ever reads a half-written or half-replaced index.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import faiss
import numpy as np
from filelock import FileLock, Timeout

from .parsing import parse_thesis
from .passage_questions import QUESTIONS_DIR, load_passage_questions
from .passages import Passage, build_passages, quote_candidates
from .settings import PARSER_VERSION, KnowledgeSettings, get_settings
from .whole_folder import written_whole
from citations import Thesis, load_corpus

MANIFEST_FILE = "manifest.json"
PASSAGES_FILE = "passages.jsonl"
VECTORS_FILE = "passages.faiss"
SENTENCES_FILE = "sentences.jsonl"
SENTENCE_VECTORS_FILE = "sentences.npy"
QUESTIONS_FILE = "questions.jsonl"
QUESTION_VECTORS_FILE = "questions.faiss"
# 2: sentence vectors added; 3: sha256 of every file in the manifest; 4: written questions.
INDEX_FORMAT = 4
# Older formats whose vectors a rebuild may still reuse (the embedded texts are the same).
REUSABLE_FORMATS = (2, 3, 4)
INDEX_FILES = (PASSAGES_FILE, VECTORS_FILE, SENTENCES_FILE, SENTENCE_VECTORS_FILE, QUESTIONS_FILE,
               QUESTION_VECTORS_FILE)
# Question vectors are reused only from an index that stored them under this prompt.
_QUESTION_PREFIX = "query: "


class IndexUnavailable(RuntimeError):
    """The index cannot be used and could not be rebuilt; the message says why and what to do."""


logger = logging.getLogger(__name__)


@dataclass
class CorpusIndex:
    passages: list[Passage]
    vectors: faiss.Index
    manifest: dict
    built: bool = False  # True when this call (re)built it
    # Per passage (same order): its quotable sentences and their vectors.
    sentences: list[list[str]] | None = None
    sentence_vectors: list[np.ndarray] | None = None
    # The written questions: (passage index, text), and one vector each (FAISS, same order).
    questions: list[tuple[int, str]] | None = None
    question_vectors: faiss.Index | None = None

    def passage_matrix(self) -> np.ndarray:
        return self.vectors.reconstruct_n(0, self.vectors.ntotal)

    def question_matrix(self) -> np.ndarray:
        if self.question_vectors is None or self.question_vectors.ntotal == 0:
            return np.zeros((0, self.vectors.d), dtype=np.float32)
        return self.question_vectors.reconstruct_n(0, self.question_vectors.ntotal)


# --- corpus ---------------------------------------------------------------------------

def corpus_checksum(settings: KnowledgeSettings) -> str:
    """sha256 over sources.yml, every thesis file it names, the written questions,
    PARSER_VERSION and the passage sizing settings (all of which change what gets embedded)."""
    h = hashlib.sha256()
    h.update(f"parser:{PARSER_VERSION}\n".encode())
    h.update(f"chunking:{settings.passage_min_words},{settings.passage_max_words},"
             f"{settings.passage_drop_words}\n".encode())
    h.update(settings.sources_path.read_bytes())
    for source in load_corpus(settings.sources_path).theses.values():
        h.update(f"\nfile:{source.file}\n".encode())
        h.update((settings.corpus_dir / source.file).read_bytes())
    for path in sorted((settings.corpus_dir / QUESTIONS_DIR).glob("*.yml")):
        h.update(f"\nquestions:{path.name}\n".encode())
        h.update(path.read_bytes())
    h.update(f"\nfaiss:{settings.faiss_flat_max}\n".encode())
    return h.hexdigest()


def corpus_questions(settings: KnowledgeSettings, passages: list[Passage]) -> list[tuple[int, str]]:
    """(passage index, question) for every written question; raises UnresolvedKey on a stale key."""
    position = {p.id: i for i, p in enumerate(passages)}
    return [(position[q.passage_id], q.text)
            for q in load_passage_questions(settings.corpus_dir / QUESTIONS_DIR, passages)]


def make_faiss_index(vectors: np.ndarray, flat_max: int) -> faiss.Index:
    """Exact inner-product search up to ``flat_max`` vectors, HNSW (approximate, sub-linear)
    beyond. Vectors are L2-normalised, so inner product is cosine similarity. The cut-over is
    where exact search stops being cheap (see bench/search_scale.py)."""
    dim = vectors.shape[1]
    if len(vectors) <= flat_max:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def corpus_passages(settings: KnowledgeSettings) -> list[Passage]:
    passages: list[Passage] = []
    for source in load_corpus(settings.sources_path).theses.values():
        sections = parse_thesis(source, settings.corpus_dir)
        passages.extend(build_passages(sections, settings.passage_min_words, settings.passage_max_words,
                                       settings.passage_drop_words))
    return passages


def corpus_sources(settings: KnowledgeSettings) -> dict[str, Thesis]:
    return dict(load_corpus(settings.sources_path).theses)


# --- manifest -------------------------------------------------------------------------

def _read_manifest(index_dir: Path) -> dict | None:
    try:
        return json.loads((index_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def damaged_file(index_dir: Path, manifest: dict, names: tuple[str, ...] = INDEX_FILES) -> str | None:
    """Why a file of the index does not match the manifest's checksums, or None if all do."""
    recorded = manifest.get("files")
    if not isinstance(recorded, dict):
        return "manifest has no file checksums (built by an older version)"
    for name in names:
        path = index_dir / name
        if not path.exists():
            return f"{name} is missing"
        try:
            digest = file_digest(path)
        except OSError:
            return f"{name} is unreadable"
        if digest != recorded.get(name):
            return f"{name} does not match its checksum in the manifest"
    return None


def stale_reason(index_dir: Path, checksum: str, model_id: str) -> str | None:
    """Why the index in ``index_dir`` cannot be used, or None if it can."""
    manifest_path = index_dir / MANIFEST_FILE
    if not manifest_path.exists():
        return "no index yet"
    manifest = _read_manifest(index_dir)
    if not isinstance(manifest, dict):
        return "manifest.json is unreadable"
    if manifest.get("format") != INDEX_FORMAT:
        return "index format changed"
    if manifest.get("corpus_checksum") != checksum:
        return "corpus, sources.yml or parser changed"
    if manifest.get("model_id") != model_id:
        return f"embedding model changed ({manifest.get('model_id')!r} -> {model_id!r})"
    damaged = damaged_file(index_dir, manifest)
    if damaged:
        return damaged
    for name, count, what in ((PASSAGES_FILE, _json_lines, "passage"), (SENTENCE_VECTORS_FILE, _npy_rows, "sentence"),
                              (QUESTIONS_FILE, _json_lines, "question")):
        try:
            found = count(index_dir / name)
        except (OSError, ValueError):
            return f"{name} is unreadable"
        if found != manifest.get(f"{what}_count"):
            return f"{what} count differs from manifest ({found} != {manifest.get(f'{what}_count')})"
    return None


def _json_lines(path: Path) -> int:
    with open(path, encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())


def _npy_rows(path: Path) -> int:
    return np.load(path, mmap_mode="r").shape[0]


# --- build / load ---------------------------------------------------------------------

def _previous_vectors(index_dir: Path, model_id: str) -> dict[str, np.ndarray]:
    """Embedded text -> vector from the index currently in ``index_dir``, if
    it was built with the same model, so a rebuild embeds only changed text.

    Every passage and sentence is embedded alone with the "passage: " prompt,
    so a vector depends on its text and the model only; anything unreadable
    just means nothing is reused.
    """
    manifest = _read_manifest(index_dir)
    if not isinstance(manifest, dict) or manifest.get("model_id") != model_id \
            or manifest.get("format") not in REUSABLE_FORMATS:
        return {}
    # A damaged file could hold plausible but wrong vectors: reuse only what verifies. Format 2
    # predates checksums; its files are reused as before (the count checks still apply).
    # An older format lacks the newer files: check the ones it recorded.
    if "files" in manifest and damaged_file(index_dir, manifest, tuple(manifest["files"])):
        return {}
    try:
        old = load_index(index_dir)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError):
        return {}
    vectors = old.passage_matrix()
    reuse = {p.embed_text: vectors[i] for i, p in enumerate(old.passages)}
    for sentences, sent_vectors in zip(old.sentences or [], old.sentence_vectors or []):
        reuse.update(zip(sentences, sent_vectors))
    # Questions are embedded with the query prompt: keyed apart from passage texts.
    reuse.update(zip((_QUESTION_PREFIX + q for _, q in old.questions or []), old.question_matrix()))
    return reuse


def build_index(settings: KnowledgeSettings, encoder, checksum: str | None = None,
                reuse_vectors: bool = True) -> CorpusIndex:
    """Parse, embed and persist the whole corpus; the folder is swapped in atomically.

    Passages and their quotable sentences are embedded in one call (sorted by
    length, see ``encode_passages``), the written questions in another (query
    prompt); with ``reuse_vectors`` texts the current index already holds (same
    model) are not embedded again.
    """
    t0 = time.perf_counter()
    passages = corpus_passages(settings)
    if not passages:
        raise ValueError("the corpus produced no passages")
    questions = corpus_questions(settings, passages)
    sentences = [quote_candidates(p.text) for p in passages]
    flat = [(i, sent) for i, sents in enumerate(sentences) for sent in sents]
    reuse = _previous_vectors(Path(settings.index_dir), encoder.model_id) if reuse_vectors else {}
    texts = list(dict.fromkeys([p.embed_text for p in passages] + [sent for _, sent in flat]))
    question_texts = list(dict.fromkeys(q for _, q in questions))
    todo = [t for t in texts if t not in reuse]
    todo_questions = [q for q in question_texts if _QUESTION_PREFIX + q not in reuse]
    logger.info(f"Embedding {len(passages)} passages, {len(flat)} quotable sentences and "
                f"{len(questions)} written questions ({len(todo) + len(todo_questions)} texts to embed, "
                f"{len(texts) + len(question_texts) - len(todo) - len(todo_questions)} reused from the "
                "previous index)…")
    vec_of = dict(reuse)
    if todo:
        new = encoder.encode_passages(
            todo, progress=lambda d, n: logger.info(f"  passages and sentences {d}/{n} ({time.perf_counter() - t0:.0f} s)"))
        vec_of.update(zip(todo, np.asarray(new, dtype=np.float32)))
    if todo_questions:
        new = encoder.encode_question_keys(
            todo_questions, progress=lambda d, n: logger.info(f"  questions {d}/{n} ({time.perf_counter() - t0:.0f} s)"))
        vec_of.update(zip((_QUESTION_PREFIX + q for q in todo_questions), np.asarray(new, dtype=np.float32)))
    vectors = np.ascontiguousarray(np.stack([vec_of[p.embed_text] for p in passages]), dtype=np.float32)
    dim = vectors.shape[1]
    sentence_vectors = np.ascontiguousarray(
        np.stack([vec_of[sent] for _, sent in flat]) if flat else np.zeros((0, dim)), dtype=np.float32)
    question_vectors = np.ascontiguousarray(
        np.stack([vec_of[_QUESTION_PREFIX + q] for _, q in questions]) if questions else np.zeros((0, dim)),
        dtype=np.float32)
    index = make_faiss_index(vectors, settings.faiss_flat_max)
    question_index = make_faiss_index(question_vectors.reshape(-1, dim), settings.faiss_flat_max)
    build_seconds = time.perf_counter() - t0
    manifest = {
        "format": INDEX_FORMAT,
        "model_id": encoder.model_id,
        "corpus_checksum": checksum or corpus_checksum(settings),
        "parser_version": PARSER_VERSION,
        "passage_count": len(passages),
        "passages_per_thesis": dict(sorted(Counter(p.thesis for p in passages).items())),
        "sentence_count": len(flat),
        "question_count": len(questions),
        "dim": int(dim),
        "faiss_index": type(index).__name__,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "build_seconds": round(build_seconds, 2),
        "embedded_texts": len(todo) + len(todo_questions),
        "reused_texts": len(texts) + len(question_texts) - len(todo) - len(todo_questions),
    }
    _write_atomically(Path(settings.index_dir), passages, index, manifest, flat, sentence_vectors,
                      questions, question_index)
    logger.info(f"Index built: {len(passages)} passages, {len(flat)} sentences, {len(questions)} questions "
                f"in {build_seconds:.1f} s -> {settings.index_dir}")
    return CorpusIndex(passages, index, manifest, built=True, sentences=sentences,
                       sentence_vectors=_split_by_passage(flat, sentence_vectors, len(passages)),
                       questions=questions, question_vectors=question_index)


def _split_by_passage(flat: list[tuple[int, str]], vectors: np.ndarray, n: int) -> list[np.ndarray]:
    bounds = np.searchsorted(np.array([i for i, _ in flat], dtype=np.int64), np.arange(n + 1))
    return [vectors[bounds[i]:bounds[i + 1]] for i in range(n)]


def _write_atomically(index_dir: Path, passages: list[Passage], index: faiss.Index, manifest: dict,
                      sentences: list[tuple[int, str]], sentence_vectors: np.ndarray,
                      questions: list[tuple[int, str]], question_index: faiss.Index) -> None:
    with written_whole(index_dir) as tmp:
        with open(tmp / PASSAGES_FILE, "w", encoding="utf-8") as fh:
            for p in passages:
                fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        faiss.write_index(index, str(tmp / VECTORS_FILE))
        with open(tmp / SENTENCES_FILE, "w", encoding="utf-8") as fh:
            for i, sentence in sentences:
                fh.write(json.dumps({"passage": i, "text": sentence}, ensure_ascii=False) + "\n")
        np.save(tmp / SENTENCE_VECTORS_FILE, sentence_vectors)
        with open(tmp / QUESTIONS_FILE, "w", encoding="utf-8") as fh:
            for i, question in questions:
                fh.write(json.dumps({"passage": i, "text": question}, ensure_ascii=False) + "\n")
        faiss.write_index(question_index, str(tmp / QUESTION_VECTORS_FILE))
        manifest["files"] = {name: file_digest(tmp / name) for name in INDEX_FILES}
        # The manifest is written last: a folder without it is never trusted.
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def load_index(index_dir: Path) -> CorpusIndex:
    manifest = json.loads((index_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    with open(index_dir / PASSAGES_FILE, encoding="utf-8") as fh:
        passages = [Passage.from_dict(json.loads(line)) for line in fh if line.strip()]
    vectors = faiss.read_index(str(index_dir / VECTORS_FILE))
    if vectors.ntotal != len(passages):
        raise ValueError(f"{index_dir}: {vectors.ntotal} vectors for {len(passages)} passages")
    with open(index_dir / SENTENCES_FILE, encoding="utf-8") as fh:
        flat = [(row["passage"], row["text"]) for row in map(json.loads, fh) if row]
    sentence_vectors = np.load(index_dir / SENTENCE_VECTORS_FILE)
    if len(flat) != sentence_vectors.shape[0]:
        raise ValueError(f"{index_dir}: {sentence_vectors.shape[0]} vectors for {len(flat)} sentences")
    sentences: list[list[str]] = [[] for _ in passages]
    for i, sentence in flat:
        sentences[i].append(sentence)
    questions: list[tuple[int, str]] = []
    question_index = None
    if (index_dir / QUESTIONS_FILE).exists():  # format 2 and 3 indexes (reused on rebuild) had none
        with open(index_dir / QUESTIONS_FILE, encoding="utf-8") as fh:
            questions = [(row["passage"], row["text"]) for row in map(json.loads, fh) if row]
        question_index = faiss.read_index(str(index_dir / QUESTION_VECTORS_FILE))
        if question_index.ntotal != len(questions):
            raise ValueError(f"{index_dir}: {question_index.ntotal} vectors for {len(questions)} questions")
    return CorpusIndex(passages, vectors, manifest, sentences=sentences,
                       sentence_vectors=_split_by_passage(flat, sentence_vectors, len(passages)),
                       questions=questions, question_vectors=question_index)


def lock_path(index_dir: Path) -> Path:
    # Beside the folder, not in it: the folder itself is replaced by a build.
    return index_dir.with_name(f"{index_dir.name}.lock")


def load_or_build(settings: KnowledgeSettings | None = None, encoder=None, force: bool = False) -> CorpusIndex:
    """The up-to-date index, building it first if it is missing, stale or damaged.

    Raises IndexUnavailable when it can be neither used nor rebuilt: an answer from a damaged
    index could be wrong, so there is no fallback to it."""
    settings = settings or get_settings()
    if encoder is None:
        from .encoder import corpus_encoder

        encoder = corpus_encoder(settings)
    index_dir = Path(settings.index_dir)
    checksum = corpus_checksum(settings)
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path(index_dir)), timeout=settings.index_lock_timeout_seconds)
        lock.acquire()
    except Timeout:
        raise IndexUnavailable(
            f"Another process has been building the index in {index_dir} for over "
            f"{settings.index_lock_timeout_seconds:.0f} s; remove {lock_path(index_dir)} if no build is "
            "running, or raise SAMSKAPING_INDEX_LOCK_TIMEOUT_SECONDS.") from None
    except OSError:
        # A read-only volume (an index built once and mounted into every action server): no lock
        # is needed to read it, and nothing could be built there anyway.
        return _load_read_only(index_dir, checksum, encoder.model_id, force)
    try:
        return _load_or_build_locked(settings, encoder, index_dir, checksum, force)
    finally:
        lock.release()


def _load_or_build_locked(settings: KnowledgeSettings, encoder, index_dir: Path, checksum: str,
                          force: bool) -> CorpusIndex:
    reason = "rebuild requested" if force else stale_reason(index_dir, checksum, encoder.model_id)
    if reason is None:
        try:
            loaded = load_index(index_dir)
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
            reason = f"index files are damaged ({exc})"
        else:
            m = loaded.manifest
            logger.info(f"Index is up to date ({m['passage_count']} passages, built {m['built_at']}); skipping build.")
            return loaded
    logger.info(f"Building the index in {index_dir}: {reason}.")
    _remove_leftovers(index_dir)
    try:
        # --force re-embeds everything (e.g. to time a cold build).
        return build_index(settings, encoder, checksum, reuse_vectors=not force)
    except Exception as exc:
        raise IndexUnavailable(
            f"The knowledge index in {index_dir} cannot be used ({reason}) and rebuilding it failed "
            f"({type(exc).__name__}: {exc}). Run `python -m knowledge build` to see the whole error.") from exc


def _load_read_only(index_dir: Path, checksum: str, model_id: str, force: bool) -> CorpusIndex:
    reason = "rebuild requested" if force else stale_reason(index_dir, checksum, model_id)
    if reason is None:
        try:
            return load_index(index_dir)
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
            reason = f"index files are damaged ({exc})"
    raise IndexUnavailable(
        f"The knowledge index in {index_dir} cannot be used ({reason}), and its folder is not "
        "writable, so it cannot be rebuilt here. Rebuild it with `python -m knowledge build` "
        "where the folder is writable.")


def _remove_leftovers(index_dir: Path) -> None:
    """Temporary folders of builds that crashed; safe to remove while holding the lock."""
    for pattern in (f"{index_dir.name}.tmp-*", f"{index_dir.name}.old-*"):
        for leftover in index_dir.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)
