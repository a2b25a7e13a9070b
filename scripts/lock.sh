#!/usr/bin/env bash
# Writes requirements/main.lock, dev.lock and rasa.lock from the hand-written requirement files:
# every package, with its exact version, for Linux x86_64 and Python 3.11. Set-up installs only from
# the lock files, so a fresh machine resolves nothing. Run it (`make lock`) after changing a
# requirements/*.txt file; tests/test_setup_locks.py fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.tools/bin/uv}
[ -x "$UV" ] || { echo "uv not found at $UV: run make setup first (it installs uv into .tools/)" >&2; exit 1; }

# The inputs' fingerprint heads each lock, so a test can tell a lock that is behind its inputs.
fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
# `--no-emit-from FILE`: leave out the packages FILE lists (one per line, # comments).
compile() {
  local out=$1; shift
  local args=() files=() excluded
  while [ $# -gt 0 ]; do
    if [ "$1" = --no-emit-from ]; then
      files+=("$2")
      for excluded in $(sed 's/#.*//' "$2"); do args+=(--no-emit-package "$excluded"); done
      shift 2
      continue
    fi
    [ -f "$1" ] && files+=("$1")
    args+=("$1")
    shift
  done
  echo "==> $out"
  # The current lock, without its header, is uv's preference: only what must change changes.
  if [ -f "$out" ]; then tail -n +3 "$out" > "$out.tmp"; fi
  "$UV" pip compile -q --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
    --custom-compile-command "make lock" --no-header -o "$out.tmp" "${args[@]}"
  { echo "# Written by scripts/lock.sh (make lock) from: ${files[*]}"
    echo "# inputs: $(fingerprint "${files[@]}")"
    cat "$out.tmp"; } > "$out"
  rm "$out.tmp"
}

source scripts/torch_source.sh
# main.lock is what the Docker image installs; dev.lock (the .venv of set-up) adds the test tools
# at the versions main.lock already chose.
compile requirements/main.lock requirements/main.txt "${torch_source[@]}"
compile requirements/dev.lock requirements/main.txt requirements/test.txt -c requirements/main.lock "${torch_source[@]}"
compile requirements/rasa.lock requirements/rasa.txt -c requirements/rasa-constraints.txt --override requirements/rasa-overrides.txt \
  --no-emit-from requirements/rasa-excludes.txt
