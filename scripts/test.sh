#!/usr/bin/env bash
# Second README command: set up and run the whole test suite (lint, types, layers, tests on
# SQLite and PostgreSQL). As root, it installs the Debian packages the tests need when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap-env.sh --dev
# System tools the tests use for real: PostgreSQL's server (storage tests on a throw-away
# cluster), zbarimg (decodes the EPC QR codes of the PDFs), pdftoppm (rasterises them) and
# dovecot (the IMAP server the bounce tests start on 127.0.0.1 with their own configuration) and
# chromium (the browser the web application's end-to-end test drives through Playwright).
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
{ [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ]; } || missing+=(dovecot-imapd)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Paquets Debian requis pour les tests : ${missing[*]} (sudo apt-get install ${missing[*]})." >&2
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
