#!/usr/bin/env bash
# Builds the full Temporal server and its SQL schema tool from the Go module proxy, once, into the
# cache (like FerretDB in scripts/setup.sh), with the PostgreSQL schema files of the same release.
# Prints the directory holding temporal-server, temporal-sql-tool and schema/. Idempotent.
set -euo pipefail
TEMPORAL_SERVER_VERSION=v1.32.1  # the newest release whose go.mod asks for no newer Go than 1.26.8
CACHE="${CHIRPFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chirpflow}"
OUT="$CACHE/temporal-server-$TEMPORAL_SERVER_VERSION"
log() { printf '[cluster] %s\n' "$*" >&2; }
if [ ! -x "$OUT/temporal-server" ] || [ ! -x "$OUT/temporal-sql-tool" ] || [ ! -d "$OUT/schema/postgresql/v12" ]; then
  command -v go >/dev/null || { log "missing go: install Go >= 1.26 to build the Temporal server"; exit 1; }
  log "building Temporal server $TEMPORAL_SERVER_VERSION from its Go module (once; ~10-20 min on 2 cores)"
  # GOTOOLCHAIN=local: never fetch another Go; the pinned release builds with the installed one.
  export GOPATH="$CACHE/gopath" GOFLAGS=-mod=mod GOTOOLCHAIN=local
  tmp="$OUT.tmp" && rm -rf "$tmp" && mkdir -p "$tmp/bin"
  (cd "$tmp" && GOBIN="$tmp/bin" nice -n 10 go install \
    "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION")
  mv "$tmp/bin/server" "$tmp/temporal-server" && mv "$tmp/bin/sql" "$tmp/temporal-sql-tool" && rmdir "$tmp/bin"
  src=$(cd "$tmp" && go mod download -json "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["Dir"])')
  mkdir -p "$tmp/schema/postgresql" && cp -r "$src/schema/postgresql/v12" "$tmp/schema/postgresql/" && chmod -R u+w "$tmp/schema"
  rm -rf "$OUT" && mv "$tmp" "$OUT"
fi
echo "$OUT"
