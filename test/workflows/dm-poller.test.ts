// The DM poller under the time-skipping server: one poll per interval of workflow time, each from
// the last id seen, totals in its query, and continue-as-new after `iterationsPerRun` polls carrying
// the resume point and the totals. The poll activity is a recorder (the routing itself is tested in
// test/activities/outreach.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DM_POLLER_WORKFLOW_TYPE, pollerStateQuery, type DmPollInput, type DmPollResult, type DmPollerWorkflow,
} from '../../src/workflows/dm-poller/contract';
import { uniqueId } from '../helpers/stack';
import { startWorker, timeSkippingEnv } from '../helpers/worker';

let env: TestWorkflowEnvironment;
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
const taskQueue = uniqueId('tq');
const polls: { input: DmPollInput; at: number }[] = [];

before(async () => {
  env = await timeSkippingEnv();
  const activities = {
    async dmPollAndRoute(input: DmPollInput): Promise<DmPollResult> {
      polls.push({ input, at: await env.currentTimeMs() });
      const k = polls.length;
      // Every second poll finds nothing new (no lastId): the poller keeps its resume point.
      return k % 2 === 1 ? { lastId: String(100 + k), seen: 2, routed: 1, inbox: 1, ignored: 0 } : { seen: 0, routed: 0, inbox: 0, ignored: 0 };
    },
  };
  worker = await startWorker(env, taskQueue, activities);
});
after(async () => {
  await worker?.stop();
  await env?.teardown();
});

async function until(what: string, ok: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('polls once per interval from the last id seen, and continues as new with its resume point and totals', async () => {
  const intervalMs = 60_000;
  const h = await env.client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, {
    taskQueue, workflowId: uniqueId('dm-poller'), args: [{ taskQueue, intervalMs, iterationsPerRun: 3, sinceId: '100' }],
  });
  const firstRun = (await h.describe()).runId;
  await until('first poll', () => polls.length === 1);
  assert.deepEqual(polls[0]!.input, { sinceId: '100', taskQueue });
  for (let i = 2; i <= 5; i++) {
    await env.sleep(intervalMs);
    await until(`poll ${i}`, () => polls.length === i);
  }
  // Each poll starts where the last one that found something ended.
  assert.deepEqual(polls.map((p) => p.input.sinceId), ['100', '101', '101', '103', '103']);
  // One poll per interval of workflow time (none early, none doubled).
  for (let i = 1; i < polls.length; i++) assert.ok(polls[i]!.at - polls[i - 1]!.at >= intervalMs, `poll ${i + 1} came ${polls[i]!.at - polls[i - 1]!.at} ms after the last`);
  // The fourth poll is in a new run (continue-as-new after 3), which kept the totals.
  const now = await h.describe();
  assert.notEqual(now.runId, firstRun, 'continued as new');
  const view = await h.query(pollerStateQuery);
  assert.deepEqual(view.totals, { polls: 5, seen: 6, routed: 3, inbox: 3 });
  assert.equal(view.sinceId, '105');
  await h.terminate('test done');
});
