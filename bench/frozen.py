"""The frozen test files and their checksums.

Each was written from the theses alone, by someone who saw neither the product's replies nor its
tuning data, and committed before any result on it was looked at. Tuning happens on the dev
files; these only measure. A bench run refuses a test file whose checksum differs, so a figure
quoted from one can always be traced to exactly this text.
"""
from __future__ import annotations

from pathlib import Path

from bench.eval_data import DATA_DIR, file_sha256

FROZEN = {
    # 248 answerable questions (nb 148, nn 50, en 50; 55 with typos) and 42 near-domain ones the
    # theses do not answer.
    "knowledge-test.jsonl": "1060b00197d96abd0fac8a51dc9238ed91b6c8368801cb6d28b1be20e4490ee1",
    # 29 intents, ≥ 24 examples each, 52 look-alike content questions.
    "nlu-test.yml": "23d472fd9476f5bcdf339d3d1ab310646fb5b2aa5fc66770db4db229bfb20c6d",
    # 28 conversations, 104 turns, with the thesis and sections a good reply quotes.
    "conversations-test.yml": "f7f205be3a1677b9b443ccf1c462f302ecf7781f464d38ff90c2e4dd6e5e8dbd",
}


class ChangedTestFile(RuntimeError):
    pass


def frozen_path(name: str) -> Path:
    """The path of a frozen test file, after checking it is byte for byte the frozen one."""
    path = DATA_DIR / name
    digest = file_sha256(path)
    if digest != FROZEN[name]:
        raise ChangedTestFile(f"{path} has changed since it was frozen (sha256 {digest[:12]}…, "
                              f"frozen {FROZEN[name][:12]}…); figures on it would not be comparable")
    return path
