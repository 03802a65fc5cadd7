#!/usr/bin/env bash
# Runs the suite on SQLite, then on PostgreSQL when TEST_POSTGRES_URL (or a postgres DATABASE_URL) names one.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
pg_url="${TEST_POSTGRES_URL:-}"
if [[ -z "$pg_url" && "${DATABASE_URL:-}" == postgres* ]]; then pg_url="$DATABASE_URL"; fi
if [[ "${1:-}" == "--sqlite-only" ]]; then pg_url=""; shift; fi

echo "== pytest on SQLite"
env -u DATABASE_URL "$BIN/pytest" "$@"

if [[ -n "$pg_url" ]]; then
  echo "== pytest on PostgreSQL ($pg_url)"
  DATABASE_URL="$pg_url" "$BIN/pytest" "$@"
fi
