// The DM send protocol step by step, against the emulator and FerretDB, called the way Temporal
// would call the activity: a failure with nextRetryDelay is retried after that delay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { register } from 'prom-client';
import { startEmulator } from '../../src/emulator';
import { createXClient } from '../../src/x';
import { createApp } from '../../src/api/app';
import { createApiKey } from '../../src/api/auth';
import { loadConfig } from '../../src/config';
import { outreachCollections } from '../../src/store/conversations';
import type { SendDmInput, SendDmResult } from '../../src/workflows/outreach/contract';
import { testDb } from '../helpers/stack';
import { outreachActivities } from './harness';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
let store: Awaited<ReturnType<typeof testDb>>;
let n = 0;

before(async () => {
  emu = await startEmulator({ port: 0, seed: 5, rate: 0, users: 200, replyProfile: { yes: 0, help: 0, stop: 0, free: 0, none: 1, minDelayMs: 0, maxDelayMs: 0 } });
  store = await testDb('send_protocol');
});
after(async () => {
  await emu.close();
  await store.close();
});

function activities(o: { maxLookupFailures?: number } = {}) {
  const x = createXClient({
    baseUrl: emu.url, bearerToken: 't', appKey: 'k', appSecret: 's', accessToken: 'a', accessSecret: 's', brandUserId: emu.brandUserId,
    dmRequestTimeoutMs: 800,
  });
  return outreachActivities(store.db, x, { inFlightMarginMs: 700, ...o });
}

const people = () => emu.core.world.userIds.filter((u) => u !== emu.brandUserId && emu.core.world.users.get(u)!.dmOpen !== false);
function dm(text: string, key?: string): SendDmInput {
  const xUserId = people()[n++]!;
  return { key: key ?? `conv-${xUserId}:1-greeting`, conversationId: `c-${xUserId}`, workflowId: `outreach-${xUserId}`, xUserId, text };
}
const atX = (p: string) => emu.core.dms.events.filter((e) => e.sender_id === emu.brandUserId && e.recipient_id === p);
const path = (p: string) => `/2/dm_conversations/with/${p}/messages`;

/** One activity attempt: its result, or the failure Temporal would see. */
async function attempt(send: () => Promise<SendDmResult>): Promise<SendDmResult | ApplicationFailure> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    return ApplicationFailure.create({ message: (err as Error).message, type: 'Error' });
  }
}
/** Attempts until one returns, honouring nextRetryDelay (else Temporal's 1 s first backoff). */
async function untilDone(send: () => Promise<SendDmResult>, max = 20): Promise<{ result: SendDmResult; failures: string[] }> {
  const failures: string[] = [];
  for (let i = 0; i < max; i++) {
    const r = await attempt(send);
    if (!(r instanceof ApplicationFailure)) return { result: r, failures };
    failures.push(r.type ?? 'Error');
    const d = r.nextRetryDelay;
    await new Promise((res) => setTimeout(res, d === undefined ? 200 : Math.min(Number(d), 5000)));
  }
  throw new Error(`no result after ${max} attempts: ${failures.join(', ')}`);
}

test('X delivers then answers 503, links rewritten and listed late: the retry waits out the in-flight bound, then finds the DM', async () => {
  emu.core.dms.options = { visibleAfterMs: 500, rewriteLinks: true };
  try {
    const a = activities();
    const input = dm('Hi! Acme here, see acme.com/boots. Reply YES, HELP or STOP.');
    emu.core.faults.push({ path: path(input.xUserId), count: 1, deliver: true, status: 503 });
    const first = await attempt(() => a.outreachSendDm(input));
    assert.ok(first instanceof ApplicationFailure && first.type === 'DmSendUncertain', String(first));
    assert.ok(Number(first.nextRetryDelay) > 0);
    // A retry before the bound does not guess: no lookup, no POST.
    const early = await attempt(() => a.outreachSendDm(input));
    assert.ok(early instanceof ApplicationFailure && early.type === 'DmSendInFlight', String(early));
    const { result } = await untilDone(() => a.outreachSendDm(input));
    assert.equal(result.status, 'sent');
    assert.equal(result.status === 'sent' && result.recovered, true);
    assert.equal(atX(input.xUserId).length, 1, 'delivered once');
    assert.notEqual(atX(input.xUserId)[0]!.text, input.text, 'X rewrote the link');
  } finally {
    emu.core.dms.options = { visibleAfterMs: 0, rewriteLinks: false };
  }
});

test('a retry never takes a DM recorded under another key: the same text sent twice goes out twice', async () => {
  const a = activities();
  const first = dm('We are Acme. YES = talk to a person, STOP = no more messages.', undefined);
  assert.equal((await a.outreachSendDm(first)).status, 'sent');
  const second = { ...first, key: first.key.replace(':1-greeting', ':2-help') };
  // The second answer's first attempt fails without reaching anyone.
  emu.core.faults.push({ path: path(first.xUserId), count: 1, status: 503 });
  const { result, failures } = await untilDone(() => a.outreachSendDm(second));
  assert.ok(failures.includes('DmSendUncertain'), failures.join());
  assert.equal(result.status, 'sent');
  const sent = atX(first.xUserId);
  assert.equal(sent.length, 2, 'both answers reached the person');
  const ledger = await outreachCollections(store.db).sentMessages.find({ xUserId: first.xUserId }).toArray();
  assert.equal(new Set(ledger.map((l) => l.dmEventId)).size, 2, 'each key owns its own DM');
  // Each DM that went out is in the audit trail once, as the bot's, without its text.
  const audit = await store.db.collection('audit').find({ action: 'dm.sent', xUserId: first.xUserId }).toArray();
  assert.deepEqual(audit.map((e) => e.key).sort(), [first.key, second.key].sort());
  assert.ok(audit.every((e) => e.who === 'bot' && !JSON.stringify(e).includes('We are Acme')));
});

test('unknown outcome: when the lookup keeps failing the DM is never sent again; counted and listed for operators', async () => {
  const a = activities({ maxLookupFailures: 2 });
  const input = dm('Hello from Acme, YES / HELP / STOP?');
  emu.core.faults.push({ path: path(input.xUserId), count: 1, deliver: true, status: 500 });
  emu.core.faults.push({ path: `/2/dm_conversations/with/${input.xUserId}/dm_events`, count: 1000, status: 503 });
  const before = (await register.getSingleMetric('chirpflow_dm_send_unknown_total')!.get()).values.reduce((s, v) => s + v.value, 0);
  let result: SendDmResult;
  try {
    result = (await untilDone(() => a.outreachSendDm(input))).result;
  } finally {
    emu.core.faults = [];
  }
  assert.equal(result.status, 'unknown');
  assert.match(result.status === 'unknown' ? result.reason : '', /lookup at X failed 2 times/);
  assert.equal(atX(input.xUserId).length, 1);
  // Asked again (a later retry, a replay): the same answer, nothing sent.
  assert.equal((await a.outreachSendDm(input)).status, 'unknown');
  assert.equal(atX(input.xUserId).length, 1);
  const doc = await outreachCollections(store.db).sentMessages.findOne({ _id: input.key });
  assert.equal(doc?.state, 'unknown');
  const afterCount = (await register.getSingleMetric('chirpflow_dm_send_unknown_total')!.get()).values.reduce((s, v) => s + v.value, 0);
  assert.equal(afterCount - before, 1);
  assert.equal(await store.db.collection('audit').countDocuments({ action: 'dm.sent', key: input.key, outcome: 'unknown' }), 1);

  const app = createApp({ db: store.db, temporal: {} as Client, config: loadConfig({}) });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const key = await createApiKey(store.db, 'ops-1', 'operator');
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/outreach/unknown`, { headers: { 'x-api-key': key } });
    assert.equal(res.status, 200);
    const body = await res.json() as { items: { key: string; reason: string }[] };
    assert.deepEqual(body.items.map((i) => i.key), [input.key]);
  } finally {
    server.close();
  }
});

test('a 429 never makes the send wait in the worker: it fails at once with the reset as retry delay', async () => {
  const a = activities();
  const input = dm('Hi there, Acme here. YES, HELP or STOP?');
  emu.core.faults.push({ path: path(input.xUserId), count: 1, status: 429, resetInSec: 20 });
  const t0 = Date.now();
  const r = await attempt(() => a.outreachSendDm(input));
  assert.ok(Date.now() - t0 < 3000, `returned after ${Date.now() - t0} ms`);
  assert.ok(r instanceof ApplicationFailure && r.type === 'XRateLimited', String(r));
  assert.ok(Number(r.nextRetryDelay) > 15_000);
  // The budget is known to be spent: the next attempt does not even ask X, and does not wait either.
  const t1 = Date.now();
  const again = await attempt(() => a.outreachSendDm(input));
  assert.ok(again instanceof ApplicationFailure && again.type === 'XRateLimited' && Date.now() - t1 < 3000, String(again));
  assert.equal(atX(input.xUserId).length, 0);
  // A 429 is a refusal, not an attempt that may have reached X: the ledger owes no lookup.
  const doc = await outreachCollections(store.db).sentMessages.findOne({ _id: input.key });
  assert.equal(doc?.maybeDelivered, 0);
});

test('STOP recorded while an earlier attempt may have landed: nothing is sent again, and one look at X records what happened', async () => {
  const { addSuppression } = await import('../../src/store/conversations');
  const a = activities();
  const input = dm('Hi from Acme! Reply YES, HELP or STOP.');
  emu.core.faults.push({ path: path(input.xUserId), count: 1, deliver: true, status: 503 });
  const first = await attempt(() => a.outreachSendDm(input));
  assert.ok(first instanceof ApplicationFailure, 'the answer was lost');
  await addSuppression(store.db, { _id: input.xUserId, reason: 'person replied STOP', source: 'test' });
  const r = await a.outreachSendDm(input);
  assert.equal(r.status, 'suppressed');
  assert.equal(atX(input.xUserId).length, 1, 'not sent again');
  const doc = await outreachCollections(store.db).sentMessages.findOne({ _id: input.key });
  assert.equal(doc?.state, 'sent', 'the ledger says it landed (it did), not unknown');
});

test('several attempts of one send at once, after an earlier attempt X refused: one DM at X', async () => {
  // A stale attempt and its retry (a worker that came back after its heartbeat timed out) both see
  // the ledger's refused attempt and both try to start the next one: the compare-and-set on the
  // attempt count lets one through. (This rests on the store's single-document atomicity; the
  // primitive itself is raced much harder in test/store/ferretdb-atomic-update.test.ts.)
  const a = activities();
  const inputs = Array.from({ length: 8 }, () => dm('Acme here: reply YES, HELP or STOP.'));
  const past = Date.now() - 60_000;
  await outreachCollections(store.db).sentMessages.insertMany(inputs.map((i) => ({
    _id: i.key, state: 'sending' as const, xUserId: i.xUserId, text: i.text, workflowId: i.workflowId, conversationId: i.conversationId,
    startedAt: new Date(past), attempts: 1, maybeDelivered: 0, firstAttemptAt: past, attemptStartedAt: past, inFlightUntil: past + 1_000,
  })));
  await Promise.all(inputs.flatMap((i) => [1, 2, 3, 4].map(() => untilDone(() => a.outreachSendDm(i)))));
  for (const i of inputs) assert.equal(atX(i.xUserId).length, 1, `one DM to ${i.xUserId}`);
});
