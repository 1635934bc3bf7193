// The shape every analytics batch shares: plan the run into chunks of _ids (stored in the database)
// and slices of chunk numbers, walk each slice (in this workflow when there is one, in child
// workflows when the data is large), finalize, and remove the chunks. Only sizes and chunk numbers
// pass through workflow history, never the _ids.
import { CancellationScope, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AnalyticsActivities, AnalyticsJob, JobParams, SliceInput } from '../../activities/analytics';
import type { ChunkRunResult } from '../../analytics/chunks';
import type { BatchOptions, BatchResult } from './contract';
import { workflowTime } from '../clock';

export const BATCH_DEFAULTS = { chunkSize: 500, sliceSize: 200_000, maxParallel: 2, heartbeatTimeoutMs: 60_000 } as const;

export function analyticsActivities(heartbeatTimeoutMs: number) {
  return proxyActivities<AnalyticsActivities>({
    startToCloseTimeout: '4 hours',
    heartbeatTimeout: heartbeatTimeoutMs,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
  });
}

/** Fixed once at the top of a run and passed to every slice, so all of them agree on it. */
export const workflowNow = workflowTime;

/** One slice of a fanned-out run. */
export async function analyticsSliceWorkflow(input: SliceInput & { heartbeatTimeoutMs?: number }): Promise<ChunkRunResult> {
  const { heartbeatTimeoutMs, ...slice } = input;
  return analyticsActivities(heartbeatTimeoutMs ?? BATCH_DEFAULTS.heartbeatTimeoutMs).analyticsSlice(slice);
}

export async function runBatch(job: AnalyticsJob, options: BatchOptions = {}, params: JobParams = {}, before?: (baseKey: string) => Promise<boolean>): Promise<BatchResult> {
  const o = { ...BATCH_DEFAULTS, ...options };
  const info = workflowInfo();
  const baseKey = `${info.workflowId}:${info.runId}`;
  const acts = analyticsActivities(o.heartbeatTimeoutMs);
  const empty = (total: number): BatchResult => ({ job, baseKey, total, slices: 0, chunks: 0, processed: 0, resumedSlices: 0, finalize: {} });
  if (before && !(await before(baseKey))) return empty(0);
  const plan = await acts.analyticsPlan({ job, baseKey, chunkSize: o.chunkSize, sliceSize: o.sliceSize, params });
  if (plan.total === 0 && job !== 'trends') return empty(0);
  try {
    const inputs: SliceInput[] = plan.slices.map((slice, index) => ({ job, baseKey, index, slice, params }));
    const results: ChunkRunResult[] = new Array(inputs.length);
    if (inputs.length === 1) {
      results[0] = await acts.analyticsSlice(inputs[0]!);
    } else {
      let next = 0;
      const lane = async () => {
        while (next < inputs.length) {
          const i = next++;
          results[i] = await executeChild(analyticsSliceWorkflow, {
            workflowId: `${info.workflowId}-slice-${i}`,
            args: [{ ...inputs[i]!, heartbeatTimeoutMs: o.heartbeatTimeoutMs }],
          });
        }
      };
      await Promise.all(Array.from({ length: Math.min(o.maxParallel, inputs.length) }, lane));
    }
    const processed = results.reduce((s, r) => s + r.processed, 0);
    const finalize = await acts.analyticsFinalize({ job, baseKey, processed, params, planKey: plan.planKey });
    return {
      job, baseKey, total: plan.total, slices: inputs.length,
      chunks: results.reduce((s, r) => s + r.chunks, 0), processed,
      resumedSlices: results.filter((r) => r.resumedFrom !== null).length, finalize,
    };
  } finally {
    // Also when a slice failed for good or the run was cancelled: the chunks are of no further use.
    if (plan.chunks > 0) await CancellationScope.nonCancellable(() => acts.analyticsCleanup({ baseKey, planKey: plan.planKey, chunks: plan.chunks }));
  }
}
