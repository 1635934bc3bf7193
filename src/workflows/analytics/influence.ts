// Influence of every known person, overall and per campaign and campaign keyword.
import { runBatch, workflowNow, type BatchOptions, type BatchResult } from './batch';

export async function influenceWorkflow(options: BatchOptions = {}): Promise<BatchResult> {
  const result = await runBatch('influence', options, { now: workflowNow() });
  // Steps after the scores are written go here, each behind its own patched() id. Every influence
  // document of this run carries runKey === result.baseKey (stale scopes are already dropped).
  return result;
}
