#!/usr/bin/env bash
# Creates .venv with uv and installs recouvre (and its dev tools with --dev). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! command -v uv >/dev/null 2>&1; then
  "$PY" -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
UV=$(command -v uv || echo "$("$PY" -m site --user-base)/bin/uv")
[ -x .venv/bin/python ] || "$UV" venv --quiet --python "$PY" .venv
if [ "${1:-}" = "--dev" ]; then
  "$UV" pip install --quiet --python .venv/bin/python -e '.[dev]'
else
  "$UV" pip install --quiet --python .venv/bin/python -e .
fi
