"""The lock files that set-up installs from (scripts/lock.sh) agree with the requirement files."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ["requirements/main.lock", "requirements/dev.lock", "requirements/rasa.lock"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)", re.MULTILINE)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    return {normalise(name): version for name, version in PIN.findall(text)}


def header(lock: str) -> tuple[list[str], str]:
    lines = (ROOT / lock).read_text().splitlines()
    inputs = lines[0].split("from: ", 1)[1].split()
    fingerprint = lines[1].split("inputs: ", 1)[1].strip()
    return inputs, fingerprint


@pytest.mark.parametrize("lock", LOCKS)
def test_a_lock_file_is_rewritten_whenever_its_requirement_files_change(lock):
    inputs, recorded = header(lock)
    current = hashlib.sha256(b"".join((ROOT / name).read_bytes() for name in inputs)).hexdigest()[:16]
    assert recorded == current, f"{lock} is older than {' '.join(inputs)}: run `make lock`"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pinned_requirement_is_locked_at_its_pinned_version(lock):
    inputs, _ = header(lock)
    locked = pins((ROOT / lock).read_text())
    for name in inputs:
        for package, version in pins((ROOT / name).read_text()).items():
            assert package in locked, f"{package} from {name} is missing in {lock}"
            # A local version label (torch 2.13.0+cpu) satisfies the plain pin, as pip agrees.
            assert locked[package].split("+")[0] == version.split("+")[0], f"{package}: {name} pins {version}, {lock} has {locked[package]}"


@pytest.mark.parametrize("lock", ["requirements/main.lock", "requirements/dev.lock"])
def test_the_main_environment_gets_the_cpu_build_of_torch_and_no_cuda_libraries(lock):
    locked = pins((ROOT / lock).read_text())
    assert locked["torch"].endswith("+cpu")
    assert not [p for p in locked if p.startswith(("nvidia-", "triton"))]


def test_the_development_environment_runs_the_image_s_versions():
    image, development = (pins((ROOT / f"requirements/{n}.lock").read_text()) for n in ("main", "dev"))
    assert {p: development.get(p) for p in image} == image
