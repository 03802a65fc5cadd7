#!/usr/bin/env bash
# Runs the suite on SQLite, then on PostgreSQL when TEST_POSTGRES_URL (or a postgres DATABASE_URL) names one.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
pg_url="${TEST_POSTGRES_URL:-}"
if [[ -z "$pg_url" && "${DATABASE_URL:-}" == postgres* ]]; then pg_url="$DATABASE_URL"; fi
if [[ "${1:-}" == "--sqlite-only" ]]; then pg_url=""; shift; fi

# The browser journeys (tests/e2e, marker e2e) run in a pytest process of their own: Playwright's event loop stays up
# to the end of the process, and Django's async guard, which the rest of the suite keeps, is lifted there
# (tests/e2e/conftest.py). A failing journey leaves its screenshot and page in var/test-results/.
echo "== pytest on SQLite"
env -u DATABASE_URL "$BIN/pytest" "$@"
echo "== browser journeys on SQLite"
env -u DATABASE_URL "$BIN/pytest" -m e2e tests/e2e "$@"

if [[ -n "$pg_url" ]]; then
  echo "== pytest on PostgreSQL ($pg_url)"
  DATABASE_URL="$pg_url" "$BIN/pytest" "$@"
  echo "== browser journeys on PostgreSQL"
  DATABASE_URL="$pg_url" "$BIN/pytest" -m e2e tests/e2e "$@"
fi
