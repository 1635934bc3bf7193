// A worker SIGKILLed in the middle of 100 live conversations on the dev server, with the X
// emulator answering: a second worker finishes every conversation and nobody gets a greeting twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startEmulator } from '../../src/emulator';
import { startOutreach } from '../../src/outreach/start';
import { DM_POLLER_WORKFLOW_TYPE, pollerStateQuery, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';
import { outreachCollections } from '../../src/store/conversations';
import { requireEnv, testDb, uniqueId, workflowBundle } from '../helpers/stack';
import { input, until } from './harness';

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'worker-proc.ts'), [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

test('SIGKILL mid-run: every conversation finishes and each greeting is sent exactly once', { timeout: 240_000 }, async () => {
  await workflowBundle(); // built once, before the children need it
  const emu = await startEmulator({ port: 0, seed: 11, rate: 0, users: 400, replyProfile: { yes: 0, help: 0, stop: 0.3, free: 0, none: 0.7, minDelayMs: 200, maxDelayMs: 1500 } });
  const store = await testDb('outreach_crash');
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const client = new Client({ connection });
  const taskQueue = uniqueId('crash');
  const env = {
    ...process.env, EMULATOR_URL: emu.url, BRAND_ID: emu.brandUserId, CRASH_DB: store.db.databaseName, CRASH_TASK_QUEUE: taskQueue,
  };
  const children: ChildProcess[] = [];
  try {
    const people = emu.core.world.userIds.filter((id) => id !== emu.brandUserId && emu.core.world.users.get(id)!.dmOpen !== false).slice(0, 100);
    assert.equal(people.length, 100);
    const t0 = Date.now();
    children.push(await startWorker(env));
    process.stderr.write(`[crash] worker up at ${Date.now() - t0} ms\n`);
    const poller = await client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, {
      workflowId: `dm-poller-${taskQueue}`, taskQueue, args: [{ taskQueue, intervalMs: 300, iterationsPerRun: 3 }],
    });
    const s = { maxReminders: 0, replyTimeoutMs: 4000 };
    const handles = await Promise.all(people.map(async (p) => {
      const u = emu.core.world.users.get(p)!;
      const r = await startOutreach(client, input({ campaignId: 'crash', person: { xUserId: p, username: u.username, name: u.name } }, s), { taskQueue });
      assert.equal(r.started, true);
      return client.workflow.getHandle(r.workflowId);
    }));
    const sentByBrand = () => emu.core.dms.events.filter((e) => e.sender_id === emu.brandUserId).length;
    await until(() => sentByBrand() >= 40, '40 DMs before the crash', 60_000);
    children[0]!.kill('SIGKILL');
    process.stderr.write(`[crash] killed at ${Date.now() - t0} ms\n`);
    const atCrash = sentByBrand();
    children.push(await startWorker(env));

    const results = await Promise.all(handles.map((h) => h.result()));
    process.stderr.write(`[crash] all finished at ${Date.now() - t0} ms\n`);
    const stages = results.reduce<Record<string, number>>((m, r) => ({ ...m, [r.stage]: (m[r.stage] ?? 0) + 1 }), {});
    assert.equal(results.length, 100);
    assert.ok(results.every((r) => ['stopped', 'no-response'].includes(r.stage)), JSON.stringify(stages));
    assert.ok((stages.stopped ?? 0) > 0, 'STOP replies were routed by the poller');

    const greetings = /Reply YES to talk to us|YES \/ HELP \/ STOP\?/;
    const sent = emu.core.dms.events.filter((e) => e.sender_id === emu.brandUserId);
    for (const p of people) {
      const mine = sent.filter((e) => e.recipient_id === p && greetings.test(e.text));
      assert.equal(mine.length, 1, `greetings to ${p}: ${mine.length}`);
    }
    assert.deepEqual(emu.core.dms.events.filter((e) => e.duplicateOf?.length).map((e) => e.id), [], 'no DM was sent twice');
    const ledger = await outreachCollections(store.db).sentMessages.countDocuments({ state: 'sent' });
    assert.equal(ledger, sent.length, 'every DM at X is in the ledger as sent');
    // Report how much work the crash interrupted (visible with --test-reporter=spec).
    process.stderr.write(`[crash] ${atCrash} DMs before the kill, ${sent.length} in total; stages ${JSON.stringify(stages)}\n`);
    // The poller keeps its history short by continuing as new, and kept its cursor doing so.
    const pollerNow = client.workflow.getHandle(poller.workflowId);
    assert.notEqual((await pollerNow.describe()).runId, poller.firstExecutionRunId, 'the poller continued as new');
    assert.ok((await pollerNow.query(pollerStateQuery)).totals.routed > 0);
    await pollerNow.terminate('test done');
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await connection.close();
    await store.close();
    await emu.close();
  }
});
