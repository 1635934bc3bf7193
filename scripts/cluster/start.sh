#!/usr/bin/env bash
# Starts a throw-away Temporal cluster: the full server (all services in one process) on
# PostgreSQL persistence with SQL visibility, the `default` namespace registered. Everything lives
# in one directory (CHIRPFLOW_CLUSTER_DIR, default a new one under /tmp) on free loopback ports.
# Prints `TEMPORAL_ADDRESS=host:port` and `CHIRPFLOW_CLUSTER_DIR=…` on stdout (logs go to stderr);
# the same lines are in $CHIRPFLOW_CLUSTER_DIR/env. `scripts/cluster/stop.sh DIR` stops and removes it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE/../.."
log() { printf '[cluster] %s\n' "$*" >&2; }
CACHE="${CHIRPFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chirpflow}"
bash scripts/setup.sh                       # Temporal CLI (registers the namespace), npm packages
TS="$(bash "$HERE/build.sh")"               # temporal-server, temporal-sql-tool, schema/
# The Temporal CLI that set-up fetched: it registers the namespace and checks the server's health.
CLI="$CACHE/temporal-$(sed -n 's/^TEMPORAL_CLI_VERSION=\([^ ]*\).*/\1/p' scripts/setup.sh)/temporal"

# PostgreSQL from Debian's package when missing (root with apt-get, as set-up does for chromium).
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ] && ! command -v initdb >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's postgresql (once)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
  else
    log "PostgreSQL is missing and this is not root with apt-get: install postgresql (initdb, pg_ctl)"; exit 1
  fi
fi
PG="$(pg_bin)"; PG="${PG:-$(dirname "$(command -v initdb)")}"

DIR="${CHIRPFLOW_CLUSTER_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/chirpflow-cluster-XXXX")}"
mkdir -p "$DIR" && DIR="$(cd "$DIR" && pwd)"
if [ -f "$DIR/env" ] && [ -f "$DIR/temporal.pid" ] && kill -0 "$(cat "$DIR/temporal.pid")" 2>/dev/null; then
  log "already running in $DIR"; cat "$DIR/env"; exit 0
fi
# A free loopback port below 32768: the server stores membership ports as PostgreSQL smallint.
free_port() { python3 -c '
import random, socket
while True:
    p = random.randint(20000, 32767); s = socket.socket()
    try: s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: s.close()'; }
PGPORT=$(free_port)
# A start that fails half-way leaves nothing running behind it.
trap 'rc=$?; [ $rc -eq 0 ] || { log "start failed; cleaning up $DIR"; bash "$HERE/stop.sh" "$DIR" >/dev/null 2>&1; }' EXIT

# PostgreSQL refuses to run as root: as root its files belong to the `postgres` user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$DIR/pg" && [ "$(id -u)" = 0 ] && chown postgres "$DIR" "$DIR/pg"
chmod 0755 "$DIR"
if [ ! -f "$DIR/pg/PG_VERSION" ]; then
  # Trust on loopback only: a throw-away cluster for tests and trying things, never a deployment.
  as_pg "$PG/initdb" -D "$DIR/pg" -U temporal --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { log "initdb failed: $(tail -3 "$DIR/initdb.log")"; exit 1; }
fi
as_pg "$PG/pg_ctl" -D "$DIR/pg" -l "$DIR/pg/postgres.log" -w -t 60 \
  -o "-p $PGPORT -k $DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off" start >&2
echo "$PGPORT" > "$DIR/pg.port"

sqltool() { "$TS/temporal-sql-tool" --plugin postgres12 --ep 127.0.0.1 -p "$PGPORT" -u temporal --pw temporal "$@"; }
for db in temporal temporal_visibility; do
  schema=temporal; [ "$db" = temporal_visibility ] && schema=visibility
  sqltool --db "$db" create-database >>"$DIR/schema.log" 2>&1 || true   # exists on a restart
  if ! sqltool --db "$db" update-schema -d "$TS/schema/postgresql/v12/$schema/versioned" >>"$DIR/schema.log" 2>&1; then
    sqltool --db "$db" setup-schema -v 0.0 >>"$DIR/schema.log" 2>&1
    sqltool --db "$db" update-schema -d "$TS/schema/postgresql/v12/$schema/versioned" >>"$DIR/schema.log" 2>&1 \
      || { log "schema set-up of $db failed: $(tail -3 "$DIR/schema.log")"; exit 1; }
  fi
done

P_FE=$(free_port); P_HTTP=$(free_port)
cat > "$DIR/dynamic.yaml" <<YAML
# New search attributes are visible at once (not after the cache's refresh), as on the dev server.
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
frontend.enableUpdateWorkflowExecution:
  - value: true
# One partition per task queue (default 4): one process with a few pollers per queue, so no task
# waits to be forwarded between partitions.
matching.numTaskqueueReadPartitions:
  - value: 1
matching.numTaskqueueWritePartitions:
  - value: 1
# A namespace made by a test is served within ~2 s (default 10 s).
system.namespaceCacheRefreshInterval:
  - value: 2s
YAML
svc() { # name: the rpc block of one service on two free ports
  printf '  %s:\n    rpc:\n      grpcPort: %s\n      membershipPort: %s\n      bindOnLocalHost: true\n' "$1" "$2" "$3"
}
{
  cat <<YAML
log:
  stdout: true
  level: warn
persistence:
  defaultStore: pg-default
  visibilityStore: pg-visibility
  numHistoryShards: 4
  datastores:
YAML
  for ds in pg-default:temporal:20 pg-visibility:temporal_visibility:10; do IFS=: read -r name db conns <<<"$ds"
    printf '    %s:\n      sql:\n        pluginName: postgres12\n        databaseName: %s\n        connectAddr: "127.0.0.1:%s"\n        connectProtocol: tcp\n        user: temporal\n        password: temporal\n        maxConns: %s\n        maxIdleConns: %s\n        maxConnLifetime: 1h\n' \
      "$name" "$db" "$PGPORT" "$conns" "$conns"
  done
  cat <<YAML
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
  frontend:
    rpc:
      grpcPort: $P_FE
      membershipPort: $(free_port)
      bindOnLocalHost: true
      httpPort: $P_HTTP
YAML
  svc matching "$(free_port)" "$(free_port)"
  svc history "$(free_port)" "$(free_port)"
  svc worker "$(free_port)" "$(free_port)"
  cat <<YAML
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:$P_FE"
      httpAddress: "127.0.0.1:$P_HTTP"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "$DIR/dynamic.yaml"
  pollInterval: 10s
YAML
} > "$DIR/temporal.yaml"

setsid "$TS/temporal-server" --config-file "$DIR/temporal.yaml" --allow-no-auth start >"$DIR/temporal.log" 2>&1 </dev/null &
echo $! > "$DIR/temporal.pid"
ADDR="127.0.0.1:$P_FE"
deadline=$((SECONDS + 120))
until "$CLI" operator cluster health --address "$ADDR" >/dev/null 2>&1; do
  kill -0 "$(cat "$DIR/temporal.pid")" 2>/dev/null || { log "Temporal server exited: $(tail -5 "$DIR/temporal.log")"; exit 1; }
  [ $SECONDS -lt $deadline ] || { log "Temporal server not serving after 120 s (see $DIR/temporal.log)"; exit 1; }
  sleep 1
done
until out=$("$CLI" operator namespace create --address "$ADDR" --namespace default --retention 24h 2>&1) \
    || grep -qi 'already' <<<"$out"; do
  [ $SECONDS -lt $deadline ] || { log "registering the default namespace failed: $out"; exit 1; }
  sleep 1
done
# The search attributes, as the worker registers them (the new namespace may take a few seconds to be served).
until TEMPORAL_ADDRESS="$ADDR" TEMPORAL_NAMESPACE=default node --import tsx scripts/cluster/search-attributes.ts 2>"$DIR/sa.log"; do
  [ $SECONDS -lt $deadline ] || { log "registering search attributes failed: $(tail -3 "$DIR/sa.log")"; exit 1; }
  sleep 1
done
cat "$DIR/sa.log" >&2
printf 'TEMPORAL_ADDRESS=%s\nCHIRPFLOW_CLUSTER_DIR=%s\n' "$ADDR" "$DIR" > "$DIR/env"
log "Temporal $(basename "$TS") on PostgreSQL $("$PG/postgres" --version | awk '{print $3}') (port $PGPORT) is up; data in $DIR"
cat "$DIR/env"
