#!/usr/bin/env bash
# Sets up everything the product and its tests need on a fresh Debian machine with Python 3.11:
# system packages, the two virtualenvs, the embedding model, the knowledge index, the Rasa model.
# Every step checks whether it is already up to date, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_TELEMETRY_ENABLED=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
PYTHON=${PYTHON:-python3.11}
step() { printf '\n==> %s\n' "$*"; }
skip() { printf '    up to date: %s\n' "$*"; }
fingerprint() { cat "$@" | sha256sum | cut -c1-16; }

source scripts/debian_packages.sh

# pip runs only when a virtualenv's requirement files changed; the fingerprint is kept inside it.
venv_is_current() { [ -f "$1/.fingerprint" ] && [ "$(cat "$1/.fingerprint")" = "$2" ]; }
# This machine's pip configuration adds local package folders that warn for every package missing
# from them; the warnings hide real progress.
quiet_pip() { "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

step "System packages (FreeType and Qhull for Rasa's matplotlib build; Apertium's nynorsk→bokmål pair for the search; Chromium and fonts for the browser tests)"
ensure_debian_packages libfreetype-dev libqhull-dev pkg-config apertium-nno-nob chromium fonts-dejavu-core fonts-noto-color-emoji

step "Main environment (.venv: knowledge, actions, gateway, tests)"
main_fp=$(fingerprint requirements/main.txt requirements/test.txt)
if venv_is_current .venv "$main_fp"; then skip ".venv"; else
  [ -x .venv/bin/pip ] || "$PYTHON" -m venv .venv
  # torch first and pinned: the CPU wheel; an unpinned torch would pull several GB of CUDA.
  echo "    installing torch (CPU) …"; quiet_pip .venv/bin/pip install -q torch==2.13.0
  echo "    installing requirements/main.txt and test.txt …"
  quiet_pip .venv/bin/pip install -q -r requirements/main.txt -r requirements/test.txt
  echo "$main_fp" > .venv/.fingerprint
fi

step "Rasa environment (.venv-rasa: Rasa 3.6.21 on Python 3.11, ~4 minutes the first time)"
rasa_fp=$(fingerprint requirements/rasa.txt requirements/rasa-constraints.txt scripts/mplsetup.cfg)
if venv_is_current .venv-rasa "$rasa_fp"; then skip ".venv-rasa"; else
  [ -x .venv-rasa/bin/pip ] || "$PYTHON" -m venv .venv-rasa
  # Rasa 3.6 declares python<3.11 but runs on it with these pins; matplotlib 3.5.3 has no 3.11
  # wheel and its build would download FreeType, so it is pointed at the system libraries.
  MPLSETUPCFG="$PWD/scripts/mplsetup.cfg" quiet_pip .venv-rasa/bin/pip install -q --ignore-requires-python \
    -c requirements/rasa-constraints.txt -r requirements/rasa.txt
  echo "$rasa_fp" > .venv-rasa/.fingerprint
fi

step "Telegram Bot API emulator for the Telegram tests (tests/telegram_emulator, npm)"
emulator=tests/telegram_emulator
emulator_fp=$(fingerprint $emulator/package.json $emulator/package-lock.json)
if [ -f $emulator/node_modules/.fingerprint ] && [ "$(cat $emulator/node_modules/.fingerprint)" = "$emulator_fp" ]; then
  skip "$emulator/node_modules"
else
  command -v npm >/dev/null || ensure_debian_packages nodejs npm
  (cd $emulator && npm ci --no-audit --no-fund --loglevel=error)
  echo "$emulator_fp" > $emulator/node_modules/.fingerprint
fi

step "Embedding model (adapted to the corpus's written questions, ~4–5 min the first time) and knowledge index"
.venv/bin/python -m knowledge build

step "Rasa model"
bash scripts/train_rasa.sh

printf '\nSet-up complete.\n'
