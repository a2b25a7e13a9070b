#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then end-to-end tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# The end-to-end tests write SQLite databases, logs and screenshots. On a full disk they fail in
# ways that look like other faults (a 503 from the gateway), so say up front how much room there is.
free_kb=$(df -Pk "${TMPDIR:-/tmp}" | awk 'NR == 2 {print $4}')
echo "==> $((free_kb / 1024 / 1024)) GB free in ${TMPDIR:-/tmp}"
if [ "$free_kb" -lt $((2 * 1024 * 1024)) ]; then
  echo "    warning: under 2 GB free; end-to-end tests may fail for want of disk space" >&2
fi
# The scale-out tests (tests/e2e/test_scale_out.py) need PostgreSQL and Redis on this machine.
echo "==> PostgreSQL and Redis for the scale-out tests"
bash scripts/ensure_databases.sh
exec .venv/bin/python -m pytest "$@"
