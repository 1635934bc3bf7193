#!/usr/bin/env bash
# `npm start`: install what is missing, then run the whole stack on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/chirpflow.js start "$@"
