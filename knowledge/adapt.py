"""Adapt multilingual-e5-small to this corpus, once, on the CPU.

What is learned: that two questions written for the same passage mean the same thing here.
The written questions (``corpus/questions/``) give about five paraphrases per passage; a
leader's own question is matched against them, so pulling each passage's questions together
(and away from the questions of other passages in the same chapter, which share the
vocabulary but not the point) is what makes an unseen question land next to the right ones.

It is kept cheap enough for a 2-core machine: sentence-transformers' model and its
``MultipleNegativesRankingLoss`` (in-batch negatives plus one hard negative from the same
chapter), short sequences (questions, 64 tokens), word embeddings frozen (80 % of the weights),
a fixed seed and a plain training loop — ``SentenceTransformerTrainer`` would add ``datasets``
and ``accelerate`` for a few dozen steps. The result is cached under a fingerprint of the base
model, the questions, this code and its settings, so a second run reuses it; the base model
stays the fallback (``SAMSKAPING_ADAPT_MODEL=false``).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .settings import KnowledgeSettings
from .whole_folder import written_whole

logger = logging.getLogger(__name__)

# Bump when the training changes in a way the settings below do not show.
ADAPT_VERSION = "2"


@dataclass(frozen=True)
class AdaptConfig:
    epochs: int = 2
    learning_rate: float = 3e-5
    batch_size: int = 64
    max_seq_length: int = 64
    seed: int = 42
    hard_negatives: bool = True


def _chapter(section_key: str) -> str:
    return section_key.split(".")[0]


def fingerprint(base_model_id: str, groups: dict[str, list[str]], config: AdaptConfig) -> str:
    h = hashlib.sha256()
    h.update(f"{ADAPT_VERSION}\n{base_model_id}\n{json.dumps(asdict(config), sort_keys=True)}\n".encode())
    for passage_id in sorted(groups):
        h.update(f"{passage_id}\t" .encode() + "\t".join(groups[passage_id]).encode() + b"\n")
    return h.hexdigest()[:16]


def adapted_dir(settings: KnowledgeSettings, fp: str) -> Path:
    return Path(settings.cache_dir) / "models" / f"me5-small-adapted-{fp}"


def training_triplets(groups: dict[str, list[str]], rng: random.Random, hard_negatives: bool) -> list[tuple]:
    """(anchor, positive, negative, passage id): every question once as the anchor, another
    question of its passage as the positive, a question of another passage of the same chapter
    as the negative."""
    by_chapter: dict[tuple[str, str], list[str]] = {}
    for pid in groups:
        thesis, section, _ = pid.split(":")
        by_chapter.setdefault((thesis, _chapter(section)), []).append(pid)
    out = []
    for pid, questions in groups.items():
        if len(questions) < 2:
            continue
        thesis, section, _ = pid.split(":")
        others = [o for o in by_chapter[(thesis, _chapter(section))] if o != pid] or [o for o in groups if o != pid]
        for anchor in questions:
            positive = rng.choice([q for q in questions if q != anchor])
            negative = rng.choice(groups[rng.choice(others)]) if hard_negatives else None
            out.append((anchor, positive, negative, pid))
    rng.shuffle(out)
    return out


def batches(triplets: list[tuple], size: int) -> list[list[tuple]]:
    """Batches in which no passage occurs twice, so no in-batch negative is in fact a positive."""
    pending, out = list(triplets), []
    while pending:
        batch, used, rest = [], set(), []
        for t in pending:
            if len(batch) < size and t[3] not in used:
                batch.append(t)
                used.add(t[3])
            else:
                rest.append(t)
        out.append(batch)
        pending = rest
    return out


def train(base_dir: Path, groups: dict[str, list[str]], config: AdaptConfig, out_dir: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    rng = random.Random(config.seed)
    torch.manual_seed(config.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    model = SentenceTransformer(str(base_dir), device="cpu")
    serving_length = model.max_seq_length
    model.max_seq_length = config.max_seq_length
    model[0].auto_model.embeddings.word_embeddings.weight.requires_grad_(False)
    loss = MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate)
    prompt = "query: "
    plan = [batches(training_triplets(groups, rng, config.hard_negatives), config.batch_size)
            for _ in range(config.epochs)]
    total = sum(len(p) for p in plan)
    logger.info(f"Adapting the embedding model: {sum(len(g) for g in groups.values())} written questions of "
                f"{len(groups)} passages, {config.epochs} epochs, {total} steps")
    model.train()
    t0, step = time.perf_counter(), 0
    for epoch in plan:
        for batch in epoch:
            features = [model.preprocess([prompt + t[0] for t in batch]),
                        model.preprocess([prompt + t[1] for t in batch])]
            if config.hard_negatives:
                features.append(model.preprocess([prompt + t[2] for t in batch]))
            value = loss(features, torch.zeros(len(batch)))
            value.backward()
            optimizer.step()
            optimizer.zero_grad()
            step += 1
            if step % 5 == 0 or step == total:
                spent = time.perf_counter() - t0
                logger.info(f"  step {step}/{total}, loss {float(value):.3f}, "
                            f"{spent:.0f} s, about {spent / step * (total - step):.0f} s left")
    model.eval()
    # Short sequences were for training only: passages are embedded whole.
    model.max_seq_length = serving_length
    # fp16 on disk like the base model (half the size); inference upcasts to float32.
    model.to(torch.float16)
    model.save(str(out_dir))
    (out_dir / "adaptation.json").write_text(json.dumps({
        "version": ADAPT_VERSION, **asdict(config), "questions": sum(len(g) for g in groups.values()),
        "passages": len(groups), "steps": total, "seconds": round(time.perf_counter() - t0, 1)}, indent=2))


def ensure_adapted_model(settings: KnowledgeSettings, base_dir: Path, base_model_id: str,
                         groups: dict[str, list[str]], config: AdaptConfig = AdaptConfig()) -> tuple[Path, str]:
    """The adapted model's folder and fingerprint, training it first if this corpus and these
    questions have none yet. Written to a temporary folder and renamed, so an interrupted run
    leaves nothing half-made."""
    fp = fingerprint(base_model_id, groups, config)
    out = adapted_dir(settings, fp)
    if (out / "adaptation.json").exists():
        return out, fp
    with written_whole(out) as tmp:
        train(base_dir, groups, config, tmp)
    # Older adaptations (other questions or settings) are not needed any more.
    for old in out.parent.glob("me5-small-adapted-*"):
        if old != out:
            shutil.rmtree(old, ignore_errors=True)
    return out, fp
