// The single ingest workflow (`ingest`): X allows one filtered-stream connection per app, so one
// long-running activity holds it for every campaign. The activity heartbeats its resume point;
// a retry (worker crash, stream failure) resumes from there, and each run hands its resume point
// to the next. Continues as new now and then to keep the history short.
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { createIngestActivities } from '../../activities/ingest';
import type { IngestInput, IngestWorkflowInput } from './contract';

type IngestActivities = ReturnType<typeof createIngestActivities>;

const RUNS_PER_HISTORY = 20;

export async function ingestWorkflow(input: IngestWorkflowInput = {}): Promise<void> {
  const runMs = input.runMs ?? 3_600_000;
  const { runIngest } = proxyActivities<IngestActivities>({
    startToCloseTimeout: runMs + 10 * 60_000,
    heartbeatTimeout: `${input.heartbeatTimeoutSec ?? 30}s`,
    retry: { initialInterval: '1s', maximumInterval: '30s', backoffCoefficient: 2 },
  });
  let sinceId = input.sinceId;
  for (let run = 0; run < RUNS_PER_HISTORY; run++) {
    const args: IngestInput = { maxRunMs: runMs, ...(sinceId ? { sinceId } : {}) };
    if (input.batchSize) args.batchSize = input.batchSize;
    if (input.batchMs) args.batchMs = input.batchMs;
    if (input.profileFlushMs) args.profileFlushMs = input.profileFlushMs;
    const cp = await runIngest(args);
    sinceId = cp.lastId ?? sinceId;
  }
  await continueAsNew<typeof ingestWorkflow>({ ...input, ...(sinceId ? { sinceId } : {}) });
}
