"""The query side of the embedding model for serving, made at build time: ONNX plus a
SentencePiece tokenizer, so a server embeds questions with onnxruntime and never imports torch.

``python -m knowledge build`` calls ``ensure_export`` for the model the index uses. It writes
``<model folder>/onnx/`` once per model (the folder records a fingerprint of the weights and of
this exporter, and is redone only when either changes):

* ``model.onnx``: the tokens' word embeddings and the attention mask → the normalised
  mean-pooled embedding (the transformer, 21 M weights, ~90 MB);
* ``words.npy``: the word embeddings (250,002 × 384, 80 % of the model's weights) in fp16 as the
  model folder stores them. A server maps the file and looks the question's tokens up in it, so
  only the pages of tokens ever asked about are read into memory (and shared by every process
  serving the same model), and casts them to float32 as the torch model does with the same fp16
  weights: the numbers equal the torch model's;
* ``model-int8.onnx`` only when ``SAMSKAPING_QUERY_ENGINE=onnx-int8`` (dynamic int8 matrix
  products; see the README for what it does to the frozen test);
* ``tokenizer.spm`` and ``normalizer.json``: the model's Unigram vocabulary as a SentencePiece
  model, and the tokenizer's normaliser and pre-tokeniser without the vocabulary. The Hugging
  Face tokenizer holds the 250,002 pieces in a character trie of ~280 MB resident; SentencePiece's
  double-array trie takes a few MB and gives the same ids (onnx_encoder.py says where not).

Written to a temporary folder and renamed, so an interrupted build leaves nothing half-made.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
import warnings
from pathlib import Path

import numpy as np

from .whole_folder import written_whole

logger = logging.getLogger(__name__)

# Bump when the exported graph or the tokenizer files change in a way the weights do not show.
EXPORT_VERSION = "2"
EXPORT_DIR = "onnx"
MODEL_FILE = "model.onnx"
WORDS_FILE = "words.npy"
INT8_FILE = "model-int8.onnx"
SPM_FILE = "tokenizer.spm"
NORMALIZER_FILE = "normalizer.json"
INFO_FILE = "export.json"
OPSET = 17


def export_dir(model_dir: Path) -> Path:
    return Path(model_dir) / EXPORT_DIR


def weights_fingerprint(model_dir: Path) -> str:
    """sha256 of what decides the embeddings: the weights, the model config and the tokenizer."""
    h = hashlib.sha256(f"export {EXPORT_VERSION}\n".encode())
    for name in ("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json",
                 "sentence_bert_config.json", "config_sentence_transformers.json"):
        h.update(f"\n{name}\n".encode())
        with open(Path(model_dir) / name, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:16]


def _weights_stat(model_dir: Path) -> list[int]:
    stat = (Path(model_dir) / "model.safetensors").stat()
    return [stat.st_size, stat.st_mtime_ns]


def is_current(model_dir: Path, int8: bool = False, thorough: bool = False) -> bool:
    """Whether the export next to ``model_dir`` is complete and made from its current weights:
    by the weights file's size and time (a server's start), or, ``thorough``, by their
    fingerprint (the build, ~1 s)."""
    out = export_dir(model_dir)
    try:
        info = json.loads((out / INFO_FILE).read_text())
        if info.get("version") != EXPORT_VERSION or info.get("weights_stat") != _weights_stat(model_dir):
            return False
    except (OSError, ValueError):
        return False
    if thorough and info.get("fingerprint") != weights_fingerprint(model_dir):
        return False
    return not int8 or (out / INT8_FILE).exists()


def ensure_export(model_dir: Path, int8: bool = False) -> Path:
    """The ONNX folder for ``model_dir``, exporting it first if missing or stale (~20–60 s)."""
    model_dir = Path(model_dir)
    out = export_dir(model_dir)
    if is_current(model_dir, int8, thorough=True):
        logger.info(f"ONNX query model up to date ({out})")
        return out
    t0 = time.perf_counter()
    with written_whole(out) as tmp:
        logger.info("Exporting the query side of the embedding model to ONNX (1/3: graph)…")
        max_tokens, query_prompt = _export_graph(model_dir, tmp / MODEL_FILE)
        logger.info(f"  graph written ({time.perf_counter() - t0:.0f} s); 2/3: tokenizer…")
        _export_tokenizer(model_dir, tmp, max_tokens, query_prompt)
        if int8:
            logger.info("  3/3: int8 quantisation…")
            _quantise(tmp / MODEL_FILE, tmp / INT8_FILE)
        else:
            logger.info("  3/3: no int8 model (SAMSKAPING_QUERY_ENGINE=onnx)")
        (tmp / INFO_FILE).write_text(json.dumps({
            "version": EXPORT_VERSION, "fingerprint": weights_fingerprint(model_dir),
            "weights_stat": _weights_stat(model_dir), "opset": OPSET,
            "int8": int8, "seconds": round(time.perf_counter() - t0, 1)}, indent=2))
    logger.info(f"ONNX query model ready in {out} ({time.perf_counter() - t0:.1f} s)")
    return out


def _export_graph(model_dir: Path, path: Path) -> tuple[int, str]:
    """Writes the graph and the word embeddings; returns the model's token limit and query prompt
    as sentence-transformers reads them (where a folder keeps them depends on its version)."""
    import torch
    import torch.nn.functional as F
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu", model_kwargs={"dtype": torch.float32})
    bert = model[0].auto_model.eval()

    class QueryEmbedding(torch.nn.Module):
        """What SentenceTransformer(...).encode(normalize_embeddings=True) computes after the
        word-embedding lookup: the transformer, mean pooling over the real tokens, L2
        normalisation."""

        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            token_types = torch.zeros(attention_mask.shape, dtype=torch.long)
            hidden = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask,
                               token_type_ids=token_types).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return F.normalize(pooled, p=2, dim=1)

    words = bert.embeddings.word_embeddings.weight.detach()
    np.save(path.with_name(WORDS_FILE), words.to(torch.float16).numpy())
    ids = torch.arange(min(5, len(words))).unsqueeze(0)  # any few tokens: the axes are dynamic
    embeds = F.embedding(ids, words.to(torch.float16)).to(torch.float32)
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer warns about shape checks in transformers' masking that it freezes; they
        # concern padding the mask to a longer key length, which an encoder never does (the
        # tests compare padded batches of other lengths with the torch model).
        warnings.simplefilter("ignore")
        # The TorchScript exporter: the dynamo one needs onnxscript, and this graph is plain.
        torch.onnx.export(QueryEmbedding().eval(), (embeds, torch.ones_like(ids)), str(path),
                          input_names=["inputs_embeds", "attention_mask"], output_names=["embedding"],
                          dynamic_axes={"inputs_embeds": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
                          opset_version=OPSET, dynamo=False)
    return int(model.max_seq_length), model.prompts["query"]


def _export_tokenizer(model_dir: Path, out: Path, max_tokens: int, query_prompt: str) -> None:
    from sentencepiece import sentencepiece_model_pb2 as spm_model

    spec = json.loads((Path(model_dir) / "tokenizer.json").read_text(encoding="utf-8"))
    unigram = spec["model"]
    if unigram.get("type") != "Unigram":
        raise ValueError(f"{model_dir}: expected a Unigram tokenizer, found {unigram.get('type')}")
    special = {token["id"] for token in spec.get("added_tokens", [])}
    proto = spm_model.ModelProto()
    piece_type = spm_model.ModelProto.SentencePiece
    for i, (piece, score) in enumerate(unigram["vocab"]):
        p = proto.pieces.add()
        p.piece, p.score = piece, score
        p.type = (piece_type.UNKNOWN if i == unigram["unk_id"] else
                  piece_type.CONTROL if i in special else piece_type.NORMAL)
    proto.trainer_spec.model_type = spm_model.TrainerSpec.UNIGRAM
    proto.trainer_spec.unk_id = unigram["unk_id"]
    proto.trainer_spec.bos_id = proto.trainer_spec.eos_id = proto.trainer_spec.pad_id = -1
    # Normalising and splitting at spaces is done by the Hugging Face normaliser and
    # pre-tokeniser (normalizer.json); SentencePiece only segments each word.
    proto.normalizer_spec.name = "identity"
    proto.normalizer_spec.add_dummy_prefix = False
    proto.normalizer_spec.remove_extra_whitespaces = False
    proto.normalizer_spec.escape_whitespaces = False
    (out / SPM_FILE).write_bytes(proto.SerializeToString())

    post = spec.get("post_processor") or {}
    single = post.get("single") or []
    specials = [item["SpecialToken"]["id"] for item in single if "SpecialToken" in item]
    if len(specials) != 2 or not single or "SpecialToken" not in single[0] or "SpecialToken" not in single[-1]:
        raise ValueError(f"{model_dir}: expected a '<s> $A </s>' template")
    ids = {name: post["special_tokens"][name]["ids"][0] for name in specials}
    light = {**spec, "model": {"type": "WordLevel", "vocab": {"<unk>": 0}, "unk_token": "<unk>"},
             "added_tokens": [], "post_processor": None, "decoder": None, "truncation": None, "padding": None}
    (out / NORMALIZER_FILE).write_text(json.dumps({
        "tokenizer": light, "bos_id": ids[specials[0]], "eos_id": ids[specials[1]],
        "max_tokens": max_tokens, "query_prompt": query_prompt}, ensure_ascii=False))


def _quantise(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
