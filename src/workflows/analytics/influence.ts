// Influence of every known person, overall and per campaign and campaign keyword.
import { runBatch, workflowNow, type BatchOptions, type BatchResult } from './batch';

export async function influenceWorkflow(options: BatchOptions = {}): Promise<BatchResult> {
  return runBatch('influence', options, { now: workflowNow() });
}
