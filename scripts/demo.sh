#!/usr/bin/env bash
# First README command: set up on a fresh machine and run the showcase on the embedded SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap-env.sh
exec .venv/bin/recouvre demo "$@"
