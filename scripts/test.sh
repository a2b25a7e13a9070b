#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then end-to-end tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# The scale-out tests (tests/e2e/test_scale_out.py) need PostgreSQL and Redis on this machine.
echo "==> PostgreSQL and Redis for the scale-out tests"
bash scripts/ensure_databases.sh
exec .venv/bin/python -m pytest "$@"
