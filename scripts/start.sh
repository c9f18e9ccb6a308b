#!/usr/bin/env bash
# The main job: the Telegram bot when BOT_TOKEN is set, otherwise the console chat (SQLite default).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/smallbatch "$@"
