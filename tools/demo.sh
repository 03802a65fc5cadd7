#!/usr/bin/env bash
# `make demo`: migrate, load the Dinghai demo, start the task worker, serve. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
mkdir -p var
"$BIN/ecopermit" migrate --noinput
"$BIN/ecopermit" load_demo
"$BIN/ecopermit" demo_logins
"$BIN/ecopermit" run_huey --quiet > var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "task worker started (pid $worker, log var/worker.log)"
"$BIN/ecopermit" runserver "$HOST:$PORT"
