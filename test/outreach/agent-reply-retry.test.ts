// Chaos case "an agent reply retried by the client", on the X emulator: X answers the DM send
// slowly, the agent's client gives up and retries with its Idempotency-Key (twice, once while the
// first send is still in flight). The emulator's DM log must show the reply exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startEmulator } from '../../src/emulator';
import { createApp } from '../../src/api/app';
import { createApiKey } from '../../src/api/auth';
import { loadConfig } from '../../src/config';
import { createXClient } from '../../src/x';
import { startOutreach } from '../../src/outreach/start';
import { outreachCollections } from '../../src/store/conversations';
import { replySignal } from '../../src/workflows/outreach/contract';
import { requireEnv, testDb, uniqueId, workflowBundle } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';
import { input, outreachActivities, until } from './harness';

test('an agent reply retried by a client that timed out while X was slow reaches the person once', { timeout: 120_000 }, async () => {
  quietRuntime();
  const emu = await startEmulator({ port: 0, seed: 13, rate: 0, users: 50, replyProfile: { yes: 0, help: 0, stop: 0, free: 0, none: 1, minDelayMs: 100, maxDelayMs: 200 } });
  const store = await testDb('agent_reply_retry');
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const taskQueue = uniqueId('retry');
  const x = createXClient({
    baseUrl: emu.url, bearerToken: 't', appKey: 'ck', appSecret: 'cs', accessToken: 'at', accessSecret: 'as', brandUserId: emu.brandUserId, rateLimitMaxWaitMs: 0,
  });
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: await workflowBundle(), activities: outreachActivities(store.db, x) });
  const running = worker.run();
  const server = createApp({ db: store.db, temporal: client, config: loadConfig({ TASK_QUEUE: taskQueue, X_BRAND_USER_ID: emu.brandUserId }) }).listen(0, '127.0.0.1');
  try {
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const apiKey = await createApiKey(store.db, 'sam', 'agent');
    const post = (path: string, body: unknown, key: string, timeoutMs: number) => fetch(base + path, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'idempotency-key': key }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
    });

    const p = emu.core.world.userIds.find((id) => id !== emu.brandUserId && emu.core.world.users.get(id)!.dmOpen !== false)!;
    const u = emu.core.world.users.get(p)!;
    const i = input({ campaignId: 'retry', person: { xUserId: p, username: u.username, name: u.name } });
    const toPerson = () => emu.core.dms.events.filter((e) => e.sender_id === emu.brandUserId && e.recipient_id === p);
    const { workflowId } = await startOutreach(client, i, { taskQueue });
    await until(() => toPerson().length === 1, 'greeting', 90_000);
    await client.workflow.getHandle(workflowId).signal(replySignal, { messageId: '1990000000000000001', text: 'YES', at: new Date().toISOString() });
    await until(() => toPerson().length === 2, 'escalation notice', 90_000);
    const escId = `retry-${p}`;
    await until(async () => (await outreachCollections(store.db).escalations.findOne({ _id: escId }))?.status === 'open', 'escalation');
    assert.equal((await post(`/escalations/${escId}/claim`, {}, 'claim-1', 15_000)).status, 200);

    // X takes 4 s to answer the next DM send; the client waits 1 s, then retries, twice.
    emu.core.faults.push({ slowMs: 4000, count: 1, path: '/2/dm_conversations' });
    const text = 'Hi, Sam here from the team. How can I help?';
    const answers: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        answers.push((await post(`/escalations/${escId}/reply`, { text }, 'sam-reply-1', 1000)).status);
      } catch (err) {
        assert.match((err as Error).name, /TimeoutError|AbortError/);
      }
    }
    await until(() => toPerson().some((e) => e.text === text), 'the reply at X', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const replies = toPerson().filter((e) => e.text === text);
    assert.equal(replies.length, 1, `the reply reached the person ${replies.length} times`);
    assert.deepEqual(emu.core.dms.events.filter((e) => e.duplicateOf?.length).map((e) => e.id), [], 'no DM was sent twice');
    assert.ok(answers.length > 0 && answers.every((s) => s === 202), `answers ${answers.join(',')}`);
    const state = await until(async () => {
      const r = await fetch(`${base}/escalations/${escId}/actions/reply:sam-reply-1`, { headers: { 'x-api-key': apiKey } });
      const j = (await r.json()) as { state: string; dmEventId?: string };
      return j.state === 'sent' ? j : undefined;
    }, 'sent', 20_000);
    assert.equal(state?.dmEventId, replies[0]!.id);
    await client.workflow.getHandle(workflowId).terminate('test done');
  } finally {
    server.close();
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
    await store.close();
    await emu.close();
  }
});
