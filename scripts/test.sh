#!/usr/bin/env bash
# `npm test`: sets up what is missing (incl. the time-skipping test server), starts a throw-away
# Temporal dev server and FerretDB, and runs every test under test/ with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
CHIRPFLOW_SETUP_TESTS=1 bash scripts/setup.sh
# Types and lint first: cheap, and they catch what tests cannot (floating promises, workflow imports).
if [ $# -eq 0 ]; then
  npx --no-install tsc --noEmit -p .
  npx --no-install eslint .
fi
run() { # files...
  # --test-force-exit: a file whose tests are done exits even if it leaked a handle, so a leak fails
  # the test written for it (e.g. test/api/events.test.ts) instead of hanging the run for good.
  # shellcheck disable=SC2068
  node --import tsx scripts/with-stack.ts -- \
    node --import tsx --test --test-force-exit --test-concurrency="${TEST_CONCURRENCY:-2}" --test-reporter=spec $@
}
if [ $# -gt 0 ]; then run "$@"; exit; fi
# The chaos suite floods a Temporal server with signals and SIGKILLs its workers: it runs on its own
# servers after the rest, so neither it nor the other files run under the other's load.
run $(find test -name '*.test.ts' -not -path 'test/chaos/*' | sort)
run $(find test/chaos -name '*.test.ts' | sort)
