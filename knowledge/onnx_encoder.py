"""Questions embedded with onnxruntime from the files onnx_export.py made at build time.

A server needs neither torch nor the Hugging Face tokenizer's vocabulary in memory for this
(together ~1 GB of the action server before), nor more of the word embeddings than the pages of
tokens it has seen; the vectors are those of the torch model to ~1e-7. Token ids equal the Hugging Face tokenizer's for every question of the dev and frozen test
sets and every written question; they differ only where two segmentations score exactly the
same (a run of dashes in the theses' text) or where the text spells a special token («<s>»),
which the Hugging Face tokenizer turns into that token.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from .onnx_export import INT8_FILE, MODEL_FILE, NORMALIZER_FILE, SPM_FILE, WORDS_FILE


class OnnxQueryEncoder:
    """``threads`` caps onnxruntime's threads (see settings.torch_threads); its sessions may be
    run from several threads at once."""

    def __init__(self, folder: Path, threads: int = 1, int8: bool = False):
        import onnxruntime
        import sentencepiece
        from tokenizers import Tokenizer

        folder = Path(folder)
        spec = json.loads((folder / NORMALIZER_FILE).read_text(encoding="utf-8"))
        light = Tokenizer.from_str(json.dumps(spec["tokenizer"]))
        self._normalizer, self._pre_tokenizer = light.normalizer, light.pre_tokenizer
        self._pieces = sentencepiece.SentencePieceProcessor(model_file=str(folder / SPM_FILE))
        self._bos, self._eos = spec["bos_id"], spec["eos_id"]
        self._max_tokens = spec["max_tokens"]
        self.query_prompt = spec["query_prompt"]
        options = onnxruntime.SessionOptions()
        if threads > 0:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        # Mapped, not read: see onnx_export.py.
        self._words = np.load(folder / WORDS_FILE, mmap_mode="r")
        model = folder / (INT8_FILE if int8 else MODEL_FILE)
        self._session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def token_ids(self, text: str) -> list[int]:
        """What the Hugging Face tokenizer with truncation to the model's length gives."""
        words = [w for w, _ in self._pre_tokenizer.pre_tokenize_str(self._normalizer.normalize_str(text))]
        ids = [i for word_ids in self._pieces.encode(words) for i in word_ids]
        return [self._bos, *ids[:self._max_tokens - 2], self._eos]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = [self.token_ids(t) for t in texts]
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, :len(row)] = row
            mask[i, :len(row)] = 1
        embeds = self._words[ids].astype(np.float32)
        return self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})[0]

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.encode([self.query_prompt + t for t in texts]), dtype=np.float32)
