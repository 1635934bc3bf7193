// Influence of every known person, overall and per campaign and campaign keyword.
import { runBatch, workflowNow } from './batch';
import type { BatchOptions, BatchResult } from './contract';

export async function influenceWorkflow(options: BatchOptions = {}): Promise<BatchResult> {
  return runBatch('influence', options, { now: workflowNow() });
}
