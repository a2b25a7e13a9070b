#!/usr/bin/env bash
# Trains the Rasa model only when its inputs changed: the model is named after their fingerprint.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false PYTHONWARNINGS=ignore

fp=$(cat config.yml domain.yml data/*.yml requirements/rasa.lock | sha256sum | cut -c1-16)
name="rasa-$fp"
if [ -f "models/$name.tar.gz" ]; then
  echo "    up to date: models/$name.tar.gz"
  exit 0
fi
echo "    training models/$name.tar.gz (config, domain or data changed) …"
start=$(date +%s)
# Trained into a temporary folder and moved into place, so an interrupted training leaves no
# half-written model that a later run would take for the current one.
tmp=$(mktemp -d models.tmp-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# Rasa's own warnings (unused responses, deprecations) would drown the set-up's progress: they go
# to a log, shown only when training fails. `rasa data validate` in the tests keeps them in check.
mkdir -p var/logs
log=var/logs/rasa-train.log
if ! .venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data data \
    --out "$tmp" --fixed-model-name "$name" --quiet > "$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "Rasa training failed; the whole output is in $log" >&2
  exit 1
fi
mkdir -p models
mv "$tmp/$name.tar.gz" "models/$name.tar.gz"
# `rasa run --model models` serves the newest model in the folder: keep only the current one.
find models -maxdepth 1 -name '*.tar.gz' ! -name "$name.tar.gz" -delete
echo "    trained in $(( $(date +%s) - start )) s"
