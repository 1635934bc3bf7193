import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { pingWorkflow } from '../../src/workflows/ping';
import { requireEnv, uniqueId, workflowBundle } from '../helpers/stack';
import { quietRuntime, withDevWorker } from '../helpers/worker';

const activities = { echo: async (m: string) => `pong: ${m}` };

test('a workflow runs on the real dev server', async () => {
  await withDevWorker(activities, async ({ taskQueue }) => {
    const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
    const client = new Client({ connection });
    const result = await client.workflow.execute(pingWorkflow, { taskQueue, workflowId: uniqueId('ping'), args: ['hello'] });
    assert.equal(result, 'pong: hello');
    await connection.close();
  });
});

test('a simulated week of sleep passes in the time-skipping test server', async () => {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireEnv('TEMPORAL_TEST_SERVER_PATH') } },
  });
  try {
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
    const week = 7 * 24 * 3600 * 1000;
    const started = Date.now();
    const before = await env.currentTimeMs();
    const result = await worker.runUntil(env.client.workflow.execute(pingWorkflow, { taskQueue, workflowId: uniqueId('sleepy'), args: ['later', week] }));
    assert.equal(result, 'pong: later');
    const skipped = (await env.currentTimeMs()) - before;
    assert.ok(skipped >= week, `server time advanced ${skipped} ms, expected a week`);
    assert.ok(Date.now() - started < week / 1000, 'the week must not pass in wall-clock time');
  } finally {
    await env.teardown();
  }
});
