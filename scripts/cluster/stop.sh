#!/usr/bin/env bash
# Stops a cluster started by start.sh and removes its directory: stop.sh [DIR] (default $CHIRPFLOW_CLUSTER_DIR).
set -uo pipefail
DIR="${1:-${CHIRPFLOW_CLUSTER_DIR:-}}"
[ -n "$DIR" ] && [ -f "$DIR/temporal.yaml" -o -d "$DIR/pg" ] || { echo "[cluster] usage: stop.sh DIR (a directory made by start.sh)" >&2; exit 1; }
if [ -f "$DIR/temporal.pid" ]; then
  pid=$(cat "$DIR/temporal.pid")
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null
fi
if [ -f "$DIR/pg/postmaster.pid" ]; then
  PG="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"; PG="${PG:-$(dirname "$(command -v pg_ctl)")}"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null
  else "$PG/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null; fi
fi
rm -rf "$DIR"
echo "[cluster] stopped; removed $DIR" >&2
