#!/usr/bin/env bash
# `npm run test:cluster`: the end-to-end files against a throw-away full Temporal server on
# PostgreSQL (scripts/cluster/start.sh), FerretDB as in `npm test`. Builds the server once (cache).
# Arguments replace the default file list. Prints the time taken; the cluster is removed after.
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$SECONDS
env_lines="$(bash scripts/cluster/start.sh)"
TEMPORAL_ADDRESS="$(sed -n 's/^TEMPORAL_ADDRESS=//p' <<<"$env_lines")"
CLUSTER_DIR="$(sed -n 's/^CHIRPFLOW_CLUSTER_DIR=//p' <<<"$env_lines")"
trap 'bash scripts/cluster/stop.sh "$CLUSTER_DIR"' EXIT
echo "[cluster] up in $((SECONDS - t0)) s at $TEMPORAL_ADDRESS" >&2
# Outreach scenarios, campaigns, analytics jobs, search-attribute filtering and a full product run
# (browser tests and the chaos suite stay on the dev server: npm test).
files=(
  test/foundation/temporal.test.ts test/stack/search-attributes.test.ts test/workflows/search-attributes.test.ts
  test/outreach/api.test.ts test/outreach/agent-actions.test.ts test/outreach/agent-reply-retry.test.ts test/outreach/crash.test.ts
  test/campaigns/e2e.test.ts test/campaigns/shared.e2e.test.ts test/campaigns/crash.test.ts test/campaigns/optin.test.ts test/campaigns/hostile.test.ts
  test/analytics-jobs/jobs.test.ts test/analytics-jobs/resume.test.ts test/analytics-jobs/schedules.test.ts
  test/security/secrets-in-logs.test.ts
)
[ $# -gt 0 ] && files=("$@")
t1=$SECONDS
status=0
TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" bash scripts/test.sh "${files[@]}" || status=$?
echo "[cluster] ${#files[@]} files in $((SECONDS - t1)) s (total with cluster start-up $((SECONDS - t0)) s), exit $status" >&2
exit $status
