#!/usr/bin/env bash
# Second README command: set up and run the whole test suite (lint, types, layers, tests on
# SQLite and PostgreSQL). PostgreSQL's server binaries must be installed (Debian: postgresql);
# as root this script installs them when missing. The tests start their own throw-away cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap-env.sh --dev
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL est requis pour les tests : installez le paquet Debian « postgresql »." >&2
    exit 1
  fi
fi
export OMP_NUM_THREADS=1
.venv/bin/ruff check src tests bench
.venv/bin/lint-imports
.venv/bin/mypy
set +e
.venv/bin/pytest -n 2 -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "Aucun test n'a été collecté : c'est une erreur." >&2
  exit 1
fi
exit "$status"
