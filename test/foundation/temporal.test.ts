// The Temporal plumbing itself, with the app's real workflows and stand-in activities: a workflow
// runs on the dev server, and durable timers pass in the time-skipping test server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { CAMPAIGN_WORKFLOW_TYPE, stopCampaignSignal, type CampaignWorkflow } from '../../src/workflows/campaign/contract';
import { DM_POLLER_WORKFLOW_TYPE, pollerStateQuery, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';
import { requireEnv, uniqueId, workflowBundle } from '../helpers/stack';
import { quietRuntime, withDevWorker } from '../helpers/worker';

test('a workflow runs on the real dev server (signal, activities, result)', async () => {
  const calls: string[] = [];
  const activities = {
    syncCampaignRules: async (id: string) => { calls.push(`sync ${id}`); return [{ id: 'r1', value: 'acme' }]; },
    deactivateCampaign: async (id: string) => { calls.push(`deactivate ${id}`); },
  };
  await withDevWorker(activities, async ({ taskQueue }) => {
    const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
    try {
      const client = new Client({ connection });
      const h = await client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
        taskQueue, workflowId: uniqueId('campaign'), args: [{ campaignId: 'c1', backfill: false }],
      });
      await h.signal(stopCampaignSignal);
      const result = await h.result();
      assert.equal(result.status, 'stopped');
      assert.deepEqual(calls, ['sync c1', 'deactivate c1']);
    } finally {
      await connection.close();
    }
  });
});

test('a simulated week between two polls passes in the time-skipping test server', async () => {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireEnv('TEMPORAL_TEST_SERVER_PATH') } },
  });
  try {
    const taskQueue = uniqueId('tq');
    let polls = 0;
    const activities = { dmPollAndRoute: async () => { polls++; return { seen: 0, routed: 0, inbox: 0, ignored: 0 }; } };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
    const week = 7 * 24 * 3600 * 1000;
    await worker.runUntil(async () => {
      const h = await env.client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, {
        taskQueue, workflowId: uniqueId('poller'), args: [{ taskQueue, intervalMs: week, iterationsPerRun: 10 }],
      });
      while ((await h.query(pollerStateQuery)).totals.polls < 1) await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      const before = await env.currentTimeMs();
      await env.sleep(week);
      while ((await h.query(pollerStateQuery)).totals.polls < 2) await new Promise((r) => setTimeout(r, 50));
      const skipped = (await env.currentTimeMs()) - before;
      assert.ok(skipped >= week, `server time advanced ${skipped} ms, expected a week`);
      assert.ok(Date.now() - started < week / 1000, 'the week must not pass in wall-clock time');
      assert.equal(polls, 2);
      await h.terminate();
    });
  } finally {
    await env.teardown();
  }
});
