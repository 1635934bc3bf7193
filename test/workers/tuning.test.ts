// Production workers' workflow task settings, read back from real workers as the SDK compiled them:
// new conversations' first tasks and every task of an evicted conversation come from the normal
// (non-sticky) queue, and the SDK's default of 2 pollers there took ~5 tasks/s from a backlog while
// the worker sat idle (bench:outreach measures the effect; this checks the settings hold).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { workflowTaskTuning } from '../../src/workers/tuning';
import { quietRuntime } from '../helpers/worker';
import { requireEnv, uniqueId, workflowBundle } from '../helpers/stack';

/** Normal-queue pollers as sdk-core derives them from the compiled options. */
function normalQueuePollers(o: Worker['options']): number {
  return Math.max(1, Math.floor(o.workflowTaskPollerBehavior.maximum * o.nonStickyToStickyPollRatio));
}

test('workers poll the normal queue with at least 10 pollers and stay within the cache and the SDK limits', { timeout: 120_000 }, async () => {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  try {
    const bundle = await workflowBundle();
    const defaultCache = loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS;
    for (const cache of [defaultCache, 1000, 40, 5, 2, 0]) {
      const worker = await Worker.create({ connection, taskQueue: uniqueId('tuning'), workflowBundle: bundle, activities: {}, ...workflowTaskTuning(cache) });
      // The native worker accepts them: it starts polling and shuts down cleanly.
      await worker.runUntil(new Promise((r) => setTimeout(r, 200)));
      const o = worker.options;
      const supplier = o.tuner.workflowTaskSlotSupplier as { type: string; numSlots?: number };
      const slots = supplier.numSlots ?? NaN;
      const polls = o.workflowTaskPollerBehavior.maximum;
      const seen = `cache ${cache}: ${JSON.stringify({ polls, ratio: o.nonStickyToStickyPollRatio, slots, supplier: supplier.type })}`;
      assert.equal(o.maxCachedWorkflows, cache, seen);
      if (cache === 0 || cache >= 40) assert.ok(normalQueuePollers(o) >= 10, seen);
      if (cache > 0) assert.ok(slots <= cache && slots >= 2, seen);
      assert.ok(polls <= slots, seen);
    }
  } finally {
    await connection.close();
  }
});
