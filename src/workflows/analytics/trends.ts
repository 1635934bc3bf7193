// Hourly trends and word clouds over a recent window, crisis alerts, and their webhook delivery.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { AnalyticsActivities } from '../../activities/analytics';
import { runBatch, workflowNow } from './batch';
import type { TrendsOptions, TrendsResult } from './contract';

export async function trendsWorkflow(options: TrendsOptions = {}): Promise<TrendsResult> {
  const { windowHours = 48, deliveryAttempts = 5, deliveryInitialIntervalMs = 2000, ...batch } = options;
  const now = workflowNow();
  const windowFrom = Math.floor(now / 3_600_000) * 3_600_000 - (windowHours - 1) * 3_600_000;
  const result = await runBatch('trends', batch, { windowFrom, windowTo: now });
  const { deliverAlert } = proxyActivities<AnalyticsActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: deliveryInitialIntervalMs, backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: deliveryAttempts },
  });
  const { markAlertFailed } = proxyActivities<AnalyticsActivities>({ startToCloseTimeout: '30 seconds' });
  let delivered = 0, failed = 0, skipped = 0;
  for (const id of result.finalize.trends?.alerts ?? []) {
    try {
      const r = await deliverAlert(id);
      if (r.status === 'delivered') delivered++;
      else if (r.status === 'skipped') skipped++;
    } catch (err) {
      failed++;
      const cause = err instanceof ActivityFailure ? err.cause?.message ?? err.message : String(err);
      await markAlertFailed(id, cause);
    }
  }
  return { ...result, delivered, failed, skipped };
}
