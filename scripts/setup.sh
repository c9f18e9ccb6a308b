#!/usr/bin/env bash
# Creates ./.venv and installs Smallbatch with its dev extras at the locked versions; a no-op
# when pyproject.toml and requirements-dev.lock are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
       && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PY=$candidate; break
    fi
  done
fi
[ -n "$PY" ] || { echo "setup: Python 3.11 or newer is needed" >&2; exit 2; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.smallbatch-installed
want=$(cat pyproject.toml requirements-dev.lock | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # The lock's versions as constraints: a fresh machine gets what the tests ran with
  # (scripts/lock.sh regenerates it; a dependency it does not list yet still installs).
  .venv/bin/python -m pip install --quiet -c requirements-dev.lock -e ".[dev]"
  echo "$want" > "$stamp"
fi
