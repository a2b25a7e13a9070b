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

The pipeline holds ~330 MB (its three transducers), a third of the action server, so it runs only
while nynorsk is asked: it starts with the first nynorsk question (~0.2 s once) and stops after
``idle_seconds`` without one.
"""
from __future__ import annotations

import logging
import re
import shlex
import shutil
import subprocess
import threading
import time
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


def _pipeline(mode_file: Path) -> list[list[str]]:
    """The mode file's programs, each with ``-z`` and unknown words left unmarked."""
    mode = mode_file.read_text(encoding="utf-8").strip()
    # $1 is the generator's flag: -n leaves unknown words without Apertium's "*" mark.
    mode = mode.replace("$1", "-n").replace("$2", "")
    return [[argv[0], "-z", *argv[1:]] for argv in map(shlex.split, mode.split("|")) if argv]


class _Pipe:
    """The pipeline's programs, started by this process with each one's output the next one's
    input (no shell between), so that stopping them stops and reaps every one of them."""

    def __init__(self, steps: list[list[str]]):
        self.processes: list[subprocess.Popen] = []
        previous = subprocess.PIPE
        try:
            for argv in steps:
                proc = subprocess.Popen(argv, stdin=previous, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                if self.processes:
                    self.processes[-1].stdout.close()  # the next program holds it now
                self.processes.append(proc)
                previous = proc.stdout
        except OSError:
            for proc in self.processes:  # a program is missing: none of the others is left running
                proc.kill()
                proc.wait()
            raise
        self.stdin = self.processes[0].stdin
        self.stdout = self.processes[-1].stdout

    def alive(self) -> bool:
        return all(proc.poll() is None for proc in self.processes)

    def kill(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.kill()

    def close(self) -> None:
        self.kill()
        for proc in self.processes:
            proc.wait()
        self.stdin.close()
        self.stdout.close()


class NynorskTranslator:
    """Thread-safe; starts the pipeline on first use and again if it ever dies, and stops it after
    ``idle_seconds`` unused (0: never)."""

    def __init__(self, mode_file: Path = MODE_FILE, timeout_seconds: float = 2.0, idle_seconds: float = 0):
        self.mode_file = mode_file
        self.timeout_seconds = timeout_seconds
        self.idle_seconds = idle_seconds
        self._proc: _Pipe | None = None
        self._lock = threading.Lock()
        self._last_used = 0.0
        self._idle_timer: threading.Timer | None = None

    @property
    def running(self) -> bool:
        with self._lock:  # not while it is being stopped
            return self._proc is not None and self._proc.alive()

    @property
    def available(self) -> bool:
        return self.mode_file.exists() and shutil.which("lt-proc") is not None

    def _start(self) -> _Pipe:
        if not self.available:
            raise TranslatorUnavailable(
                f"Apertium's nno-nob pair is not installed ({self.mode_file} missing); "
                "run scripts/setup.sh or `apt-get install apertium-nno-nob`")
        try:
            return _Pipe(_pipeline(self.mode_file))
        except OSError as exc:
            raise TranslatorUnavailable(f"Apertium's pipeline could not start ({exc})") from exc

    def translate(self, text: str) -> str:
        text = " ".join(text.split())[:MAX_CHARS]
        if not text:
            return text
        payload = (_RESERVED.sub(" ", text) + _SUPERBLANK).encode("utf-8") + b"\0"
        with self._lock:
            for attempt in (1, 2):
                if self._proc is None or not self._proc.alive():
                    self._stop()  # a program of it died: reap the rest
                    self._proc = self._start()
                try:
                    translated = self._exchange(payload)
                    self._last_used = time.monotonic()
                    self._stop_when_idle()
                    return translated
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

    def _stop_when_idle(self) -> None:
        """Arms one timer for when the pipeline will have been unused for ``idle_seconds``; a use in
        the meantime moves that moment on, and the timer, when it fires, arms itself again for it."""
        if self.idle_seconds <= 0 or self._idle_timer is not None:
            return
        wait = self._last_used + self.idle_seconds - time.monotonic()
        self._idle_timer = threading.Timer(max(wait, 0.0), self._idle_check)
        self._idle_timer.daemon = True
        self._idle_timer.start()

    def _idle_check(self) -> None:
        with self._lock:
            self._idle_timer = None
            if time.monotonic() - self._last_used >= self.idle_seconds:
                logger.info("Apertium pipeline unused for %.0f s; stopped until the next nynorsk question",
                            self.idle_seconds)
                self._stop()
            else:
                self._stop_when_idle()

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.close()
            self._proc = None

    def close(self) -> None:
        with self._lock:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            self._stop()
