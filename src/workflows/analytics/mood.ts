// Each person's mood status, happiest/saddest tweets, then recommendations from everyone's mood.
import { runBatch, workflowNow, type BatchOptions, type BatchResult } from './batch';

export async function moodWorkflow(options: BatchOptions = {}): Promise<BatchResult> {
  return runBatch('mood', options, { now: workflowNow() });
}
