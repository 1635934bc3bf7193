// Each person's mood status, happiest/saddest tweets, then recommendations from everyone's mood.
import { runBatch, workflowNow } from './batch';
import type { BatchOptions, BatchResult } from './contract';

export async function moodWorkflow(options: BatchOptions = {}): Promise<BatchResult> {
  return runBatch('mood', options, { now: workflowNow() });
}
