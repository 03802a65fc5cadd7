#!/usr/bin/env bash
# `make demo`: migrate, load the Dinghai demo, start the task worker, the HJ 212 listener and the data-logger
# simulator, serve. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
INGEST_PORT="${INGEST_PORT:-2120}"
SIM_COUNT="${SIM_COUNT:-}"   # empty: every demo logger (a silent one would raise a missing-data alarm)
# The demo shows the product's own 404 and 500 pages, not Django's debug pages (issue 11 item 6): DEBUG is off
# unless asked for, and runserver serves the static files itself (--insecure) as there is no web server in front.
export DEBUG="${DEBUG:-0}"
mkdir -p var
"$BIN/ecopermit" migrate --noinput
"$BIN/ecopermit" load_demo
"$BIN/ecopermit" demo_logins
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT INT TERM
"$BIN/ecopermit" run_huey --quiet > var/worker.log 2>&1 &
pids+=($!)
echo "task worker started (pid $!, log var/worker.log)"
"$BIN/ecopermit" ingest --host 127.0.0.1 --port "$INGEST_PORT" --per-ip-limit 0 > var/ingest.log 2>&1 &
pids+=($!)
echo "HJ 212 listener started on 127.0.0.1:$INGEST_PORT (pid $!, log var/ingest.log)"
sleep 2
"$BIN/ecopermit" simulate-loggers ${SIM_COUNT:+--count "$SIM_COUNT"} --host 127.0.0.1 --port "$INGEST_PORT" \
  --rate 600 --backfill 24 --exceed 0.003 \
  > var/simulator.log 2>&1 &
pids+=($!)
echo "data-logger simulator started: ${SIM_COUNT:-all} demo loggers (pid $!, log var/simulator.log)"
"$BIN/ecopermit" runserver --insecure "$HOST:$PORT"
