// Customer segments: choose k and fit on a sample, then assign everyone in resumable chunks.
import { analyticsActivities, runBatch, BATCH_DEFAULTS } from './batch';
import type { BatchResult, ClustersOptions } from './contract';

export async function clustersWorkflow(options: ClustersOptions = {}): Promise<BatchResult> {
  const { sampleSize = 50_000, ...batch } = options;
  const acts = analyticsActivities(batch.heartbeatTimeoutMs ?? BATCH_DEFAULTS.heartbeatTimeoutMs);
  // Fewer than three people cannot be clustered: the run ends without touching the last result.
  return runBatch('clusters', batch, {}, async (baseKey) => (await acts.analyticsClustersFit({ baseKey, sampleSize })) !== null);
}
