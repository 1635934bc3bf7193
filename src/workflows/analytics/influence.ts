// Influence of every known person, overall and per campaign and campaign keyword.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { InfluenceHistoryActivities } from '../../activities/influence-history';
import { runBatch, workflowNow } from './batch';
import type { BatchOptions, BatchResult } from './contract';

const history = proxyActivities<InfluenceHistoryActivities>({
  startToCloseTimeout: '1 hour', heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

export async function influenceWorkflow(options: BatchOptions = {}): Promise<BatchResult> {
  const now = workflowNow();
  const result = await runBatch('influence', options, { now });
  // Keeps this period's snapshot of everyone's influence for trends and forecasts (docs/planning.md).
  if (patched('influence-history')) await history.influenceHistorySnapshot({ now });
  return result;
}
