#!/usr/bin/env bash
# Regenerates the lock files from pyproject.toml with pip-tools' pip-compile:
#   requirements.lock      runtime + the postgres extra (the Docker image installs exactly this)
#   requirements-dev.lock  runtime + the dev extra (scripts/setup.sh uses it as constraints)
# Existing pins are kept while they still satisfy pyproject.toml; `scripts/lock.sh --upgrade`
# moves every pin to the newest allowed release. Run it after any change to the dependencies
# (tests/test_lock.py fails until you do).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || scripts/setup.sh
# pip-tools is only needed here, so it is not a dev dependency.
.venv/bin/python -c 'import piptools' 2>/dev/null || .venv/bin/python -m pip install --quiet "pip-tools>=7.4"
# Extras are stripped so the files also work as constraints; index and find-links lines are left
# out so the files name no machine's package source.
compile=(.venv/bin/python -m piptools compile --quiet --strip-extras --allow-unsafe
         --no-emit-index-url --no-emit-trusted-host --no-emit-find-links "$@")
# The image installs with `pip install -r`, so its pins carry hashes (pip then checks every file).
"${compile[@]}" --generate-hashes --extra postgres --output-file requirements.lock pyproject.toml
# Pins only: pip refuses hashed constraints beside the editable install of setup.sh.
"${compile[@]}" --extra dev --output-file requirements-dev.lock pyproject.toml
echo "lock: requirements.lock and requirements-dev.lock regenerated"
