"""A folder that appears whole or not at all: the model conversion, the adapted model, the ONNX
export and the index are each written into a temporary folder beside their place and then take
it in one rename. A concurrent reader (another action server starting) never sees a half-written
folder, and a build that fails or is interrupted leaves the previous folder as it was."""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def written_whole(out: Path) -> Iterator[Path]:
    """Yields an empty folder to write into; when the block ends without an error, it replaces
    ``out``. The previous ``out`` is moved aside before the rename and removed after it, so there is
    no moment without a complete folder at ``out``. Leftovers of a crashed process are named
    ``<out>.tmp-<pid>`` and ``<out>.old-<pid>``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
