import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { echo } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Smallest end-to-end check of a worker: one activity, one durable timer. */
export async function pingWorkflow(message: string, sleepMs = 0): Promise<string> {
  if (sleepMs > 0) await sleep(sleepMs);
  return echo(message);
}
