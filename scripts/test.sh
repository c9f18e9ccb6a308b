#!/usr/bin/env bash
# The test command: lint, types, import boundaries, then the whole test suite (SQLite always,
# PostgreSQL too when it answers at TEST_DATABASE_URL or postgresql://postgres@127.0.0.1/test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. .venv/bin/activate
echo "== ruff"; ruff check . && ruff format --check .
echo "== mypy"; mypy bot
echo "== mypy (tests, benchmarks)"; mypy tests benchmarks
echo "== import boundaries"; lint-imports
echo "== pytest"; python -m pytest -q -n auto "$@"   # two workers per core: tests/conftest.py
