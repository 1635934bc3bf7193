// The send and DM-routing activities as Temporal runs them (MockActivityEnvironment supplies the
// activity context: heartbeats, the client), against the X emulator, FerretDB and the dev server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Client, Connection } from '@temporalio/client';
import { startEmulator } from '../../src/emulator';
import { createXClient } from '../../src/x';
import { addSuppression, outreachCollections } from '../../src/store/conversations';
import { startOutreach } from '../../src/outreach/start';
import { replySignal, outreachWorkflowId, type SendDmInput } from '../../src/workflows/outreach/contract';
import { requireEnv, testDb, uniqueId } from '../helpers/stack';
import { input, outreachActivities } from '../outreach/harness';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
let store: Awaited<ReturnType<typeof testDb>>;
let connection: Connection;
let client: Client;
let n = 0;

before(async () => {
  emu = await startEmulator({ port: 0, seed: 7, rate: 0, users: 200, replyProfile: { yes: 0, help: 0, stop: 0, free: 0, none: 1, minDelayMs: 0, maxDelayMs: 0 } });
  store = await testDb('act_outreach');
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  client = new Client({ connection });
});
after(async () => {
  await emu.close();
  await store.close();
  await connection.close();
});

function activities() {
  const x = createXClient({
    baseUrl: emu.url, bearerToken: 't', appKey: 'k', appSecret: 's', accessToken: 'a', accessSecret: 's', brandUserId: emu.brandUserId,
    dmRequestTimeoutMs: 800,
  });
  return outreachActivities(store.db, x, { inFlightMarginMs: 700 });
}
const person = () => emu.core.world.userIds.filter((u) => u !== emu.brandUserId && emu.core.world.users.get(u)!.dmOpen !== false)[n++]!;
const atX = (p: string) => emu.core.dms.events.filter((e) => e.sender_id === emu.brandUserId && e.recipient_id === p);
function dm(xUserId: string, text: string): SendDmInput {
  return { key: `outreach-${xUserId}:run1:1-greeting`, conversationId: `camp-${xUserId}`, workflowId: `outreach-${xUserId}`, xUserId, text };
}
/** A fresh activity context per attempt; `run` calls the activity inside it. */
function mockEnv(o: { client?: Client } = {}) {
  const env = new MockActivityEnvironment({ activityType: 'test' }, o);
  const beats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => beats.push(d));
  const run = <A, R>(fn: (a: A) => Promise<R>, arg: A): Promise<R> => env.run(fn, arg) as Promise<R>;
  return { env: { run }, beats };
}

test('outreachSendDm: one DM at X, recorded in the ledger under its key; the same key again sends nothing', async () => {
  const a = activities();
  const p = person();
  const input = dm(p, 'Hi Ada! Acme here. Reply YES, HELP or STOP.');
  const { env, beats } = mockEnv();
  const first = await env.run(a.outreachSendDm, input);
  assert.equal(first.status, 'sent');
  assert.ok(beats.length >= 1, 'the send heartbeats (its heartbeat timeout finds a dead worker)');
  assert.deepEqual(atX(p).map((e) => e.text), [input.text]);
  const ledger = await outreachCollections(store.db).sentMessages.find({ xUserId: p }).toArray();
  assert.equal(ledger.length, 1);
  assert.equal(ledger[0]!.dmEventId, first.status === 'sent' ? first.dmEventId : undefined);
  // A retry of the same activity (same key) after it succeeded: the recorded answer, no second DM.
  const again = await mockEnv().env.run(a.outreachSendDm, input);
  assert.deepEqual(again.status === 'sent' && again.dmEventId, first.status === 'sent' && first.dmEventId);
  assert.equal(atX(p).length, 1, 'never sent twice');
});

test('outreachSendDm: a suppressed person gets nothing; only the STOP confirmation goes through', async () => {
  const a = activities();
  const p = person();
  await addSuppression(store.db, { _id: p, reason: 'person replied STOP', source: 'test' });
  const r = await mockEnv().env.run(a.outreachSendDm, dm(p, 'Hi again!'));
  assert.deepEqual(r, { status: 'suppressed' });
  assert.equal(atX(p).length, 0);
  const confirm = { ...dm(p, 'Done. Acme will not message you again.'), key: `outreach-${p}:run1:2-stopConfirmation`, ignoreSuppression: true };
  assert.equal((await mockEnv().env.run(a.outreachSendDm, confirm)).status, 'sent');
  assert.deepEqual(atX(p).map((e) => e.text), [confirm.text]);
});

test('dmPollAndRoute: a reply reaches its running conversation, read; a stranger goes to the inbox; a STOP is recorded first; the resume point is kept', async () => {
  const a = activities();
  const taskQueue = uniqueId('no-worker'); // nobody polls it: the conversation just collects its signals
  const inConversation = person();
  const stranger = person();
  const stopper = person();
  const started = await startOutreach(client, input({ person: { xUserId: inConversation, username: 'ada', name: 'Ada' } }), { taskQueue, searchAttributes: false });
  assert.equal(started.started, true);
  try {
    const r1 = emu.core.dms.receive(inConversation, 'YES please', 'injected');
    emu.core.dms.receive(stranger, 'hello, who is this?', 'injected');
    emu.core.dms.receive(stopper, 'STOP', 'injected');
    const { env, beats } = mockEnv({ client });
    const res = await env.run(a.dmPollAndRoute, { taskQueue });
    // The brand's own DMs (sent by the tests above) are seen and ignored; 'inbox' counts the stranger and the STOP.
    assert.deepEqual({ people: res.seen - res.ignored, routed: res.routed, inbox: res.inbox }, { people: 3, routed: 1, inbox: 2 });
    assert.equal(beats.length, res.seen, 'one heartbeat per DM handled');
    // The conversation got the reply with the router's reading.
    const history = await client.workflow.getHandle(outreachWorkflowId(inConversation)).fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
    assert.equal(signals.length, 1);
    assert.equal(signals[0]!.workflowExecutionSignaledEventAttributes!.signalName, replySignal.name);
    const c = outreachCollections(store.db);
    assert.ok(await c.inbox.findOne({ senderId: stranger }), 'the stranger is in the inbox');
    assert.equal(await c.inbox.findOne({ senderId: stopper }), null);
    assert.ok(await c.suppressions.findOne({ _id: stopper }), 'the STOP is on the suppression list');
    // The next poll resumes after the newest event: nothing is routed twice.
    const next = await mockEnv({ client }).env.run(a.dmPollAndRoute, { taskQueue });
    assert.equal(next.seen, 0);
    assert.equal(res.lastId !== undefined && BigInt(res.lastId) >= BigInt(r1.id), true);
  } finally {
    await client.workflow.getHandle(outreachWorkflowId(inConversation)).terminate('test done').catch(() => undefined);
  }
});
