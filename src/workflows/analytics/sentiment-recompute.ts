// Rescores tweets scored by an older model version (after retraining), then refreshes every
// person's polarity and subjectivity. Cheap when nothing is stale: the plan counts zero and stops.
import { runBatch } from './batch';
import type { BatchOptions, BatchResult } from './contract';

export async function sentimentRecomputeWorkflow(options: BatchOptions = {}): Promise<BatchResult> {
  return runBatch('sentiment-recompute', options);
}
