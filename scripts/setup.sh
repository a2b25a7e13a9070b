#!/usr/bin/env bash
# Sets up everything the product and its tests need on a fresh Debian machine with Python 3.11:
# system packages, the two virtualenvs, the embedding model, the knowledge index, the Rasa model.
# Every step checks whether it is already up to date, so a second run takes seconds, and every step
# writes its result under a temporary name or records it as done only at its end, so a run
# interrupted halfway (Ctrl-C) leaves nothing half-made: the next run finishes it.
#
# Two lanes run side by side, because they hardly compete: the knowledge lane (.venv, then adapting
# the model and building the index) is CPU-bound; the Rasa lane (Debian packages, .venv-rasa,
# the Telegram emulator, then training Rasa) is mostly downloads until its last step.
#
# `scripts/setup.sh product` (what `make run` does) leaves out what only the tests need: the Debian
# packages (Apertium, Chromium and its fonts) and the Telegram emulator. `scripts/setup.sh all`
# (`make test`) sets up both.
set -euo pipefail
cd "$(dirname "$0")/.."

FOR=${1:-all}
case $FOR in
  product|all) ;;
  *) echo "usage: scripts/setup.sh [product|all]" >&2; exit 2 ;;
esac

export RASA_TELEMETRY_ENABLED=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
PYTHON=${PYTHON:-python3.11}
UV_VERSION=$(sed -n "s/^uv==//p" requirements/uv.txt)
setup_start=$SECONDS

step() { printf '==> %s\n' "$*"; }
skip() { printf '    up to date: %s\n' "$*"; }
# Runs a step and prints how long it took.
timed() {
  local name=$1 t0=$SECONDS; shift
  step "$name"
  "$@"
  printf '    %s: %d s\n' "$name" $((SECONDS - t0))
}
fingerprint() { cat "$@" | sha256sum | cut -c1-16; }

source scripts/debian_packages.sh
source scripts/torch_source.sh

# A virtualenv is synced only when its lock file changed; the lock's fingerprint is written into
# it after a complete sync, so an interrupted sync is simply repeated.
venv_is_current() { [ -f "$1/.fingerprint" ] && [ "$(cat "$1/.fingerprint")" = "$2" ]; }
# This machine's pip configuration adds local package folders that warn for every package missing
# from them; the warnings hide real progress.
quiet_pip() { "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

# uv installs the locked environments in seconds; pip stays the fallback where uv cannot be had.
UV=
ensure_uv() {
  if [ -x .tools/bin/uv ] && [ "$(.tools/bin/uv --version | cut -d' ' -f2)" = "$UV_VERSION" ]; then
    UV=.tools/bin/uv; skip "uv $UV_VERSION"; return
  fi
  if { [ -x .tools/bin/pip ] || "$PYTHON" -m venv .tools; } \
      && quiet_pip .tools/bin/pip install -q -r requirements/uv.txt; then
    UV=.tools/bin/uv; echo "    installed uv $UV_VERSION into .tools/"
  else
    echo "    uv could not be installed; falling back to pip" >&2
  fi
}

# The lock files hold every package with its exact version (scripts/lock.sh writes them), so
# nothing is resolved here.
sync_main_venv() {
  local fp; fp=$(fingerprint requirements/dev.lock)
  if venv_is_current .venv "$fp"; then skip ".venv"; return; fi
  if [ -n "$UV" ]; then
    [ -x .venv/bin/python ] || "$UV" venv -q -p "$PYTHON" .venv
    "$UV" pip sync -q -p .venv/bin/python "${torch_source[@]}" requirements/dev.lock
  else
    [ -x .venv/bin/pip ] || "$PYTHON" -m venv .venv
    quiet_pip .venv/bin/pip install -q --no-deps -r requirements/dev.lock
  fi
  echo "$fp" > .venv/.fingerprint
}

sync_rasa_venv() {
  local fp; fp=$(fingerprint requirements/rasa.lock)
  if venv_is_current .venv-rasa "$fp"; then skip ".venv-rasa"; return; fi
  # Rasa 3.6 declares python<3.11 but runs on it with the pins of requirements/rasa-constraints.txt
  # and requirements/rasa-overrides.txt (uv ignores such upper bounds; pip needs
  # --ignore-requires-python, and --no-deps so that it takes the lock's matplotlib as it is).
  if [ -n "$UV" ]; then
    [ -x .venv-rasa/bin/python ] || "$UV" venv -q -p "$PYTHON" .venv-rasa
    "$UV" pip sync -q -p .venv-rasa/bin/python requirements/rasa.lock
  else
    [ -x .venv-rasa/bin/pip ] || "$PYTHON" -m venv .venv-rasa
    quiet_pip .venv-rasa/bin/pip install -q --no-deps --ignore-requires-python -r requirements/rasa.lock
  fi
  echo "$fp" > .venv-rasa/.fingerprint
}

sync_telegram_emulator() {
  local emulator=tests/telegram_emulator fp
  fp=$(fingerprint $emulator/package.json $emulator/package-lock.json)
  if [ -f $emulator/node_modules/.fingerprint ] && [ "$(cat $emulator/node_modules/.fingerprint)" = "$fp" ]; then
    skip "$emulator/node_modules"; return
  fi
  command -v npm >/dev/null || ensure_debian_packages nodejs npm
  (cd $emulator && npm ci --no-audit --no-fund --loglevel=error)
  echo "$fp" > $emulator/node_modules/.fingerprint
}

rasa_lane() {
  # The product needs no system package: Apertium made the nynorsk word table, which is committed,
  # and only the test that checks the table runs it again.
  if [ "$FOR" = all ]; then
    timed "System packages (Apertium for the nynorsk table's test; Chromium and fonts for the browser tests)" \
      ensure_debian_packages apertium-nno-nob chromium fonts-dejavu-core fonts-noto-color-emoji
  fi
  timed "Rasa environment (.venv-rasa: Rasa 3.6.21 on Python 3.11)" sync_rasa_venv
  if [ "$FOR" = all ]; then
    timed "Telegram Bot API emulator for the Telegram tests (npm)" sync_telegram_emulator
  fi
  timed "Rasa model" bash scripts/train_rasa.sh
}

knowledge_lane() {
  timed "Main environment (.venv: knowledge, actions, gateway, tests)" sync_main_venv
  timed "Embedding model (adapted to the corpus's written questions, ~5 min the first time) and knowledge index" \
    .venv/bin/python -m knowledge build
}

# Stops the Rasa lane and whatever it runs (uv, apt, rasa train) when the knowledge lane fails or
# the run is interrupted: background jobs of a script ignore Ctrl-C.
kill_tree() { local child; for child in $(pgrep -P "$1"); do kill_tree "$child"; done; kill "$1" 2>/dev/null || true; }

# A step's program may catch Ctrl-C and exit normally (Python does), and bash would then go on to
# the next step: stop the whole set-up instead. The EXIT trap below stops the Rasa lane.
trap 'echo "Set-up interrupted: nothing half-made is kept; the next run finishes it." >&2; exit 130' INT TERM

timed "uv" ensure_uv

# The Rasa lane's lines are marked so the two lanes' progress can be told apart.
rasa_lane > >(sed -u 's/^/[rasa lane] /') 2>&1 &
rasa_pid=$!
trap 'kill_tree $rasa_pid' EXIT
knowledge_lane
if ! wait $rasa_pid; then
  echo "Set-up failed in the Rasa lane (see the [rasa lane] lines above)." >&2
  exit 1
fi
trap - EXIT

printf '\nSet-up complete in %d s.\n' $((SECONDS - setup_start))
