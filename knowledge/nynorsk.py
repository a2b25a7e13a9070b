"""Nynorsk → bokmål with Apertium, for the lexical search.

The theses are in bokmål; a nynorsk question («Korleis kan eg som leiar byggje tillit hjå dei
tilsette?») shares few word forms with them, and Snowball stems the two standards differently.
Apertium's ``nno-nob`` pair (Debian ``apertium-nno-nob``, installed by ``scripts/setup.sh``)
translates it («Hvordan kan jeg som leder bygge tillit hos de ansatte?»).

The translator runs as one long-lived pipeline in null-flush mode (``-z``): each question is
written followed by a NUL byte and its translation comes back followed by one, a few
milliseconds after the first call, instead of ~200 ms to start a dozen processes per question.
The pipeline is the language pair's own mode file with ``-z`` added to every step; Apertium's
``apertium`` wrapper script cannot be used for this because its text deformatter buffers.
"""
from __future__ import annotations

import logging
import re
import shlex
import shutil
import subprocess
import threading
from pathlib import Path

logger = logging.getLogger(__name__)

MODE_FILE = Path("/usr/share/apertium/modes/nno-nob.mode")
# Apertium's stream format reserves these characters (and its deformatter still treats an escaped
# "@" as markup); none of them matters to the lexical search, so they become spaces going in.
_RESERVED = re.compile(r"[\\\[\]^$/<>@{}]")
_SUPERBLANK = "[][\n]"
# Longer input is cut: a question, not a document, and the pipe must never block on a huge write.
MAX_CHARS = 2000


class TranslatorUnavailable(RuntimeError):
    pass


def _pipeline(mode_file: Path) -> str:
    """The mode file's pipe with ``-z`` on every program and unknown words left unmarked."""
    mode = mode_file.read_text(encoding="utf-8").strip()
    # $1 is the generator's flag: -n leaves unknown words without Apertium's "*" mark.
    mode = mode.replace("$1", "-n").replace("$2", "")
    steps = []
    for step in mode.split("|"):
        argv = shlex.split(step)
        if not argv:
            continue
        steps.append(" ".join([shlex.quote(argv[0]), "-z", *map(shlex.quote, argv[1:])]))
    return " | ".join(steps)


class NynorskTranslator:
    """Thread-safe; starts the pipeline on first use and again if it ever dies."""

    def __init__(self, mode_file: Path = MODE_FILE, timeout_seconds: float = 2.0):
        self.mode_file = mode_file
        self.timeout_seconds = timeout_seconds
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.mode_file.exists() and shutil.which("lt-proc") is not None

    def _start(self) -> subprocess.Popen:
        if not self.available:
            raise TranslatorUnavailable(
                f"Apertium's nno-nob pair is not installed ({self.mode_file} missing); "
                "run scripts/setup.sh or `apt-get install apertium-nno-nob`")
        return subprocess.Popen(_pipeline(self.mode_file), shell=True, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def translate(self, text: str) -> str:
        text = " ".join(text.split())[:MAX_CHARS]
        if not text:
            return text
        payload = (_RESERVED.sub(" ", text) + _SUPERBLANK).encode("utf-8") + b"\0"
        with self._lock:
            for attempt in (1, 2):
                if self._proc is None or self._proc.poll() is not None:
                    self._proc = self._start()
                try:
                    return self._exchange(payload)
                except (OSError, TimeoutError) as exc:
                    logger.warning("Apertium pipeline failed (%s); restarting it", type(exc).__name__)
                    self._stop()
                    if attempt == 2:
                        raise TranslatorUnavailable("Apertium did not answer") from exc
        raise AssertionError("unreachable")

    def _exchange(self, payload: bytes) -> str:
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(payload)
        proc.stdin.flush()
        out = b""
        timer = threading.Timer(self.timeout_seconds, proc.kill)
        timer.start()
        try:
            while not out.endswith(b"\0"):
                chunk = proc.stdout.read1(4096)
                if not chunk:
                    raise TimeoutError("Apertium closed its output")
                out += chunk
        finally:
            timer.cancel()
        return out[:-1].decode("utf-8", errors="replace").replace(_SUPERBLANK, "").strip()

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def close(self) -> None:
        with self._lock:
            self._stop()
