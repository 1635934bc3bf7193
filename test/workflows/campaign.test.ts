// The campaign workflow under the time-skipping server: its signals and query through the contract,
// pause/resume (the resume backfills the gap the pause left, measured in workflow time), update, stop.
// Activities are recorders: this file is about the workflow's decisions, not X or the store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  CAMPAIGN_WORKFLOW_TYPE, campaignStateQuery, campaignWorkflowId, pauseCampaignSignal, resumeCampaignSignal, stopCampaignSignal,
  updateCampaignSignal, type BackfillInput, type BackfillResult, type CampaignRule, type CampaignWorkflow,
} from '../../src/workflows/campaign/contract';
import { uniqueId } from '../helpers/stack';
import { startWorker, timeSkippingEnv } from '../helpers/worker';

let env: TestWorkflowEnvironment;
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
const taskQueue = uniqueId('tq');
const calls: { name: string; arg: unknown }[] = [];

const activities = {
  async syncCampaignRules(campaignId: string): Promise<CampaignRule[]> {
    calls.push({ name: 'sync', arg: campaignId });
    return [{ id: `r-${calls.length}`, value: 'acme' }];
  },
  async backfillCampaign(i: BackfillInput): Promise<BackfillResult> {
    calls.push({ name: 'backfill', arg: i });
    return { found: 3, inserted: 2, started: 1 };
  },
  async deactivateCampaign(campaignId: string): Promise<void> {
    calls.push({ name: 'deactivate', arg: campaignId });
  },
};

before(async () => {
  env = await timeSkippingEnv();
  worker = await startWorker(env, taskQueue, activities);
});
after(async () => {
  await worker?.stop();
  await env?.teardown();
});

async function until(what: string, ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('start backfills, pause releases the rules, resume after an hour backfills the hour (plus margin), update re-syncs, stop deactivates', async () => {
  const id = uniqueId('camp');
  calls.length = 0;
  const h = await env.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
    taskQueue, workflowId: campaignWorkflowId(id), args: [{ campaignId: id, backfill: { limit: 5 } }],
  });
  const state = () => h.query(campaignStateQuery);
  await until('running', async () => (await state()).status === 'running' && (await state()).backfilled !== undefined);
  assert.deepEqual(calls.map((c) => c.name), ['sync', 'backfill']);
  assert.deepEqual(calls[1]!.arg, { campaignId: id, limit: 5 });
  assert.deepEqual((await state()).backfilled, { found: 3, inserted: 2, started: 1 });

  await h.signal(pauseCampaignSignal);
  await until('paused and re-synced', async () => (await state()).status === 'paused' && calls.length === 3);
  assert.equal(calls[2]!.name, 'sync', 'a pause re-syncs (the store says paused: no rules)');

  const hour = 3_600_000;
  await env.sleep(hour);
  await h.signal(resumeCampaignSignal);
  await until('resumed with a gap backfill', async () => ((await state()).resumed ?? []).length === 1);
  const gap = calls.find((c, i) => i > 2 && c.name === 'backfill')!.arg as BackfillInput;
  assert.equal(gap.campaignId, id);
  assert.equal(gap.limit, 5);
  assert.ok(gap.sinceMs! >= hour + 60_000 && gap.sinceMs! < hour + 120_000, `the resume searches the paused hour plus a minute's margin (sinceMs ${gap.sinceMs})`);
  assert.equal((await state()).status, 'running');

  const before = calls.length;
  await h.signal(updateCampaignSignal);
  await until('update re-synced', async () => (await state()).updates === 1 && calls.length === before + 1);
  assert.equal(calls.at(-1)!.name, 'sync');

  await h.signal(stopCampaignSignal);
  const result = await h.result();
  assert.equal(result.status, 'stopped');
  assert.deepEqual(result.rules, []);
  assert.deepEqual(calls.at(-1), { name: 'deactivate', arg: id });
});

test('a stop before the first sync finishes still deactivates, and no backfill runs', async () => {
  const id = uniqueId('camp');
  calls.length = 0;
  const h = await env.client.workflow.signalWithStart<CampaignWorkflow, []>(CAMPAIGN_WORKFLOW_TYPE, {
    taskQueue, workflowId: campaignWorkflowId(id), args: [{ campaignId: id }], signal: stopCampaignSignal, signalArgs: [],
  });
  const result = await env.client.workflow.getHandle<CampaignWorkflow>(h.workflowId).result();
  assert.equal(result.status, 'stopped');
  assert.deepEqual(calls.map((c) => c.name), ['sync', 'deactivate']);
});
