// Agent actions through the real API, the real dev server, FerretDB and a worker with a fake X
// (its DM log is the truth: what reached the person). Idempotency keys, 202 + readable state,
// stale escalations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createApp } from '../../src/api/app';
import { createApiKey, type Role } from '../../src/api/auth';
import { loadConfig } from '../../src/config';
import { startOutreach } from '../../src/outreach/start';
import { outreachCollections, type EscalationDoc } from '../../src/store/conversations';
import { replySignal, outreachWorkflowId, type OutreachInput } from '../../src/workflows/outreach/contract';
import { requireEnv, testDb, uniqueId, workflowBundle } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';
import { fakeX, input, outreachActivities, until, BRAND, personId } from './harness';

let server: Server;
let base: string;
let store: Awaited<ReturnType<typeof testDb>>;
let client: Client;
let connection: Connection;
let nativeConnection: NativeConnection;
const workers: { worker: Worker; running: Promise<void> }[] = [];
const x = fakeX();
const taskQueue = uniqueId('tq');
const keys = {} as Record<Role | 'agent2', string>;

/** Sends whose text is in here wait until the gate opens (a slow X). */
const gates = new Map<string, Promise<void>>();
const realSend = x.sendDm.bind(x);
x.sendDm = async (...args: Parameters<typeof realSend>) => {
  await gates.get(args[1]);
  return realSend(...args);
};

async function startWorker(tq: string, opts: Parameters<typeof outreachActivities>[2] = {}) {
  const worker = await Worker.create({ connection: nativeConnection, taskQueue: tq, workflowBundle: await workflowBundle(), activities: outreachActivities(store.db, x, opts) });
  workers.push({ worker, running: worker.run() });
}

before(async () => {
  quietRuntime();
  store = await testDb('agent_actions');
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  client = new Client({ connection });
  nativeConnection = await NativeConnection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  await startWorker(taskQueue);
  const config = loadConfig({ TASK_QUEUE: taskQueue, X_BRAND_USER_ID: BRAND });
  server = createApp({ db: store.db, temporal: client, config }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const role of ['agent', 'operator'] as Role[]) keys[role] = await createApiKey(store.db, `${role}-1`, role);
  keys.agent2 = await createApiKey(store.db, 'agent-2', 'agent');
});

after(async () => {
  server?.close();
  for (const w of workers) w.worker.shutdown();
  await Promise.all(workers.map((w) => w.running));
  await nativeConnection?.close();
  await connection?.close();
  await store?.close();
});

interface Answer { status: number; json: any; headers: Headers } // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, o: { role?: Role | 'agent2'; timeoutMs?: number } = {}): Promise<Answer> {
  const res = await fetch(base + path, {
    method, headers: { 'content-type': 'application/json', 'x-api-key': keys[o.role ?? 'agent'], ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    // Never wait long: an answer that waits on the DM send is a failure here, not a hang.
    signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}
const reply = (esc: string, text: string, key?: string, o?: { timeoutMs?: number }) =>
  call('POST', `/escalations/${esc}/reply`, { text }, key ? { 'idempotency-key': key } : {}, o);
const actionOf = (esc: string, actionId: string) => call('GET', `/escalations/${esc}/actions/${actionId}`);
async function untilState(esc: string, actionId: string, state: string, timeoutMs?: number): Promise<Answer> {
  return (await until(async () => { const a = await actionOf(esc, actionId); return a.json.state === state ? a : undefined; }, state, timeoutMs))!;
}

/** A conversation that reached an escalation (greeting, YES, the notice), claimed unless told. */
async function escalated(over: Partial<OutreachInput> = {}, o: { claim?: boolean; tq?: string } = {}): Promise<{ esc: EscalationDoc; id: string; i: OutreachInput; runId: string }> {
  const i = input({ campaignId: uniqueId('c').replace('-', '_'), ...over });
  const id = i.person.xUserId;
  const greeted = x.to(id).length;
  const started = await startOutreach(client, i, { taskQueue: o.tq ?? taskQueue });
  assert.ok(started.started, 'conversation started');
  await until(() => x.to(id).length > greeted, 'greeting');
  const messageId = `m-${uniqueId('yes')}`;
  await client.workflow.getHandle(outreachWorkflowId(id)).signal(replySignal, { messageId, text: 'YES', at: new Date().toISOString() });
  const escId = `${i.campaignId}-${id}`;
  const esc = (await until(async () => {
    const e = await outreachCollections(store.db).escalations.findOne({ _id: escId });
    return e?.status === 'open' && e.thread?.some((t) => t.id === messageId) ? e : undefined;
  }, 'open escalation'))!;
  await until(() => x.to(id).length === greeted + 2, 'escalation notice'); // greeting + notice
  if (o.claim !== false) assert.equal((await call('POST', `/escalations/${escId}/claim`, {})).status, 200);
  return { esc, id, i, runId: started.runId };
}

/** Count of DMs with this text that reached the person. */
const delivered = (id: string, text: string) => x.to(id).filter((t) => t === text).length;
const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));

test('a reply answers 202 at once with its action; the state reads queued → sent; the generated key comes back', async () => {
  const { esc, id } = await escalated();
  const text = 'Hi, Sam from Acme here.';
  let open!: () => void;
  gates.set(text, new Promise<void>((r) => { open = r; }));
  const r = await reply(esc._id, text);
  assert.equal(r.status, 202);
  const key = r.headers.get('idempotency-key')!;
  assert.match(key, /^[A-Za-z0-9._:-]{1,128}$/);
  assert.equal(r.json.idempotencyKey, key);
  assert.deepEqual({ id: r.json.id, kind: r.json.action.kind, state: r.json.action.state }, { id: esc._id, kind: 'reply', state: 'queued' });
  assert.equal(r.json.action.id, `reply:${key}`);
  assert.equal(r.headers.get('location'), `/escalations/${esc._id}/actions/reply:${key}`);
  assert.equal((await actionOf(esc._id, r.json.action.id)).json.state, 'queued', 'X has not answered yet');
  open();
  const done = await untilState(esc._id, r.json.action.id, 'sent');
  assert.ok(done.json.dmEventId);
  assert.equal(x.sent.find((m) => m.text === text)?.id, done.json.dmEventId);
  assert.ok(!Number.isNaN(Date.parse(done.json.at)));
  // The generated key, sent again, is the same action: nothing is sent twice.
  const again = await reply(esc._id, text, key);
  assert.equal(again.status, 202);
  assert.deepEqual(again.json.action, done.json);
  await settle();
  assert.equal(delivered(id, text), 1);
  assert.equal((await actionOf(esc._id, 'reply:no-such-key')).status, 404);
  assert.equal((await actionOf(esc._id, 'bogus')).status, 400);
});

test('the same key: concurrent requests and a retry after the send completed give one DM and one action', async () => {
  const { esc, id } = await escalated();
  const text = 'Sending the voucher now!';
  const key = uniqueId('k');
  const answers = await Promise.all([1, 2, 3].map(() => reply(esc._id, text, key)));
  await until(() => delivered(id, text) >= 1, 'the reply at X');
  await settle();
  const late = await reply(esc._id, text, key);
  await settle();
  assert.equal(delivered(id, text), 1, 'exactly one DM at X');
  assert.deepEqual(answers.map((a) => a.status), [202, 202, 202]);
  assert.equal(new Set(answers.map((a) => a.json.action.id)).size, 1);
  await untilState(esc._id, `reply:${key}`, 'sent');
  assert.equal(late.status, 202);
  assert.equal(late.json.action.id, answers[0]!.json.action.id);
  const doc = await outreachCollections(store.db).conversations.findOne({ _id: esc.conversationId });
  assert.equal(doc?.transcript.filter((t) => t.text === text).length, 1);
});

test('a retry after the reply went out and the conversation ended is answered, not sent again', async () => {
  const { esc, id } = await escalated();
  const text = 'All sorted, enjoy!';
  const key = uniqueId('k');
  assert.equal((await reply(esc._id, text, key)).status, 202);
  // Nobody reads the action back before the conversation ends: the answer lives in the closed run.
  await until(() => delivered(id, text) === 1, 'the reply at X');
  assert.equal((await call('POST', `/escalations/${esc._id}/resolve`, { outcome: 'sale' })).status, 200);
  await client.workflow.getHandle(esc.workflowId).result();
  const retry = await reply(esc._id, text, key);
  await settle();
  assert.equal(delivered(id, text), 1, 'exactly one DM at X');
  assert.equal(retry.status, 202);
  assert.equal(retry.json.action.state, 'sent');
  assert.equal(retry.json.action.dmEventId, x.sent.find((m) => m.text === text)?.id);
  const fresh = await reply(esc._id, text, uniqueId('k'));
  assert.equal(fresh.status, 409, 'a new key on a resolved escalation is stale');
});

test('a reply X refuses reads failed with the reason', async () => {
  const { esc, id } = await escalated();
  x.closed.add(id); // the person closed their DMs
  const r = await reply(esc._id, 'Are you still there?');
  assert.equal(r.status, 202);
  const failed = await untilState(esc._id, r.json.action.id, 'failed');
  assert.match(failed.json.reason, /not permitted/);
  assert.equal(failed.json.dmEventId, undefined);
});

test('a client that times out while X is slow and retries with its key gets 202 and the person one DM', async () => {
  const { esc, id } = await escalated();
  const text = 'Let me check that order for you.';
  let open!: () => void;
  gates.set(text, new Promise<void>((r) => { open = r; }));
  const key = uniqueId('k');
  // The first attempt gives up quickly (an impatient client, a proxy's timeout); X answers later.
  const first = Date.now();
  await reply(esc._id, text, key, { timeoutMs: 1000 }).catch((err: Error) => assert.match(err.name, /TimeoutError|AbortError/));
  setTimeout(open, Math.max(0, first + 3000 - Date.now()));
  const retry = await reply(esc._id, text, key, { timeoutMs: 10_000 });
  await until(() => delivered(id, text) >= 1, 'the reply at X');
  await settle(1000);
  assert.equal(delivered(id, text), 1, 'exactly one DM at X');
  assert.equal(retry.status, 202);
  assert.equal(retry.json.action.id, `reply:${key}`);
  await untilState(esc._id, `reply:${key}`, 'sent');
});

test('the same key with another body (or another agent) is refused with a reason; bad keys are 400', async () => {
  const { esc, id } = await escalated();
  const key = uniqueId('k');
  assert.equal((await reply(esc._id, 'First answer', key)).status, 202);
  const other = await reply(esc._id, 'A different answer', key);
  assert.equal(other.status, 422);
  assert.match(other.json.error.message, /already used for a different reply/);
  const byOther = await call('POST', `/escalations/${esc._id}/reply`, { text: 'First answer' }, { 'idempotency-key': key }, { role: 'agent2' });
  assert.equal(byOther.status, 422);
  for (const bad of ['', 'has space', 'x'.repeat(129), 'semi;colon', 'a,b']) {
    const r = await call('POST', `/escalations/${esc._id}/reply`, { text: 'hi' }, { 'idempotency-key': bad });
    assert.equal(r.status, 400, `key ${JSON.stringify(bad)}`);
    assert.match(r.json.error.message, /Idempotency-Key/);
  }
  await until(() => delivered(id, 'First answer') === 1, 'first answer');
  await settle();
  assert.equal(delivered(id, 'A different answer'), 0);
});

test('claim and resolve are idempotent too: the same key answers the same result, a refused one leaves nothing behind', async () => {
  const { esc } = await escalated({}, { claim: false });
  // Reply before claim: the conversation refuses it, and the key stays free.
  const early = await reply(esc._id, 'too early', 'early-1');
  assert.equal(early.status, 409);
  assert.match(early.json.error.message, /claim/);
  const c1 = await call('POST', `/escalations/${esc._id}/claim`, {}, { 'idempotency-key': 'claim-1' });
  assert.equal(c1.status, 200);
  assert.deepEqual({ stage: c1.json.stage, state: c1.json.action.state }, { stage: 'claimed', state: 'done' });
  assert.match(c1.json.claimedBy, /^agent-1#/);
  assert.deepEqual((await call('POST', `/escalations/${esc._id}/claim`, {}, { 'idempotency-key': 'claim-1' })).json, c1.json);
  assert.equal((await call('POST', `/escalations/${esc._id}/claim`, {}, { 'idempotency-key': 'claim-2' }, { role: 'agent2' })).status, 409, 'someone else has it');
  assert.equal((await call('POST', `/escalations/${esc._id}/claim`, {}, {}, { role: 'operator' })).status, 403, 'operators do not write to people');
  assert.equal((await reply(esc._id, 'now it works', 'early-1')).status, 202, 'the refused key was free');
  const r1 = await call('POST', `/escalations/${esc._id}/resolve`, { outcome: 'sale' }, { 'idempotency-key': 'res-1' });
  assert.equal(r1.status, 200);
  assert.equal(r1.json.stage, 'resolved');
  await client.workflow.getHandle(esc.workflowId).result();
  // The conversation has ended; the retry is still answered with the same result.
  const r2 = await call('POST', `/escalations/${esc._id}/resolve`, { outcome: 'sale' }, { 'idempotency-key': 'res-1' });
  assert.deepEqual({ status: r2.status, json: r2.json }, { status: 200, json: r1.json });
  const r3 = await call('POST', `/escalations/${esc._id}/resolve`, { outcome: 'sale' }, { 'idempotency-key': 'res-2' });
  assert.equal(r3.status, 409);
  assert.match(r3.json.error.message, /is resolved/);
});

test('a stale escalation is refused with 409 and says why: newer conversation, ended conversation', async () => {
  const person = { xUserId: personId(), username: 'grace', name: 'Grace' };
  const a = await escalated({ person }, { claim: false });
  await client.workflow.getHandle(a.esc.workflowId).terminate('campaign A stopped');
  const ended = await call('POST', `/escalations/${a.esc._id}/claim`, {});
  assert.equal(ended.status, 409);
  assert.match(ended.json.error.message, /has ended/);
  // The same person, a new conversation in another campaign, escalated too.
  const b = await escalated({ person }, { claim: false });
  const sentBefore = x.to(person.xUserId).length;
  const claim = await call('POST', `/escalations/${a.esc._id}/claim`, {});
  assert.equal(claim.status, 409, 'must not claim the newer conversation through the old escalation');
  assert.match(claim.json.error.message, new RegExp(`newer conversation with this person \\(campaign ${b.i.campaignId}\\)`));
  const r = await reply(a.esc._id, 'to the old one', 'old-1');
  assert.equal(r.status, 409);
  assert.equal((await actionOf(a.esc._id, 'reply:old-1')).status, 404, 'a refused action leaves nothing behind');
  assert.equal((await call('POST', `/escalations/${a.esc._id}/resolve`, { outcome: 'x' })).status, 409);
  // The newer escalation works, and nothing reached the person from the old one.
  assert.equal((await call('POST', `/escalations/${b.esc._id}/claim`, {})).status, 200);
  await settle();
  assert.equal(x.to(person.xUserId).length, sentBefore);
  assert.match((await outreachCollections(store.db).escalations.findOne({ _id: b.esc._id }))?.claimedBy ?? '', /^agent-1#/);
  assert.equal(a.esc.firstRunId, a.runId, 'the escalation records its conversation');
  assert.match(ended.json.error.message, /its conversation has ended \(terminated\)/);
  await client.workflow.getHandle(b.esc.workflowId).terminate('test done');
});

test('an escalation reopened by a later conversation in the same campaign acts on that conversation only', async () => {
  const person = { xUserId: personId(), username: 'lin', name: 'Lin' };
  const campaignId = uniqueId('same').replace('-', '_');
  const a = await escalated({ person, campaignId });
  await client.workflow.getHandle(a.esc.workflowId).terminate('ended');
  const b = await escalated({ person, campaignId }, { claim: false });
  assert.equal(b.esc._id, a.esc._id);
  assert.notEqual(b.esc.firstRunId, a.esc.firstRunId);
  assert.equal(b.esc.claimedBy, undefined, 'reopened: the old claim is gone');
  assert.equal((await call('POST', `/escalations/${b.esc._id}/claim`, {})).status, 200);
  await client.workflow.getHandle(b.esc.workflowId).terminate('test done');
});

test('a reply waiting on the DM limiter reads held, then sent', async () => {
  // A worker of its own, with a clock we move and a budget of two DMs per 15 minutes. The fake
  // time is far from today's, so other tests' sends do not count against it.
  const W = 15 * 60_000;
  const t0 = (Math.floor(Date.now() / W) + 100 * 96) * W + 1000;
  let fake = t0;
  const tq = uniqueId('tq-held');
  await startWorker(tq, { now: () => fake, limits: { perSender15m: 2, perSenderDay: 1000, perAppDay: 1000 } });
  const { esc, id } = await escalated({}, { tq }); // greeting + escalation notice: the budget is spent
  fake = t0 + W - 6000; // the same window (fixed or rolling): full for a few more seconds
  const text = 'Here is the link you asked for.';
  const r = await reply(esc._id, text);
  assert.equal(r.status, 202);
  const held = await untilState(esc._id, r.json.action.id, 'held', 15_000);
  assert.match(held.json.reason, /DM limiter/);
  assert.equal(delivered(id, text), 0);
  fake = t0 + W + 1000; // the window has passed
  await untilState(esc._id, r.json.action.id, 'sent', 20_000);
  assert.equal(delivered(id, text), 1);
  await client.workflow.getHandle(esc.workflowId).terminate('test done');
});

test('openapi documents the agent action routes and the Idempotency-Key header', async () => {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>> };
  assert.ok(doc.paths['/escalations/{id}/actions/{actionId}']?.get);
  for (const kind of ['claim', 'reply', 'resolve']) {
    const op = doc.paths[`/escalations/{id}/${kind}`]!.post!;
    assert.ok(op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key'), kind);
    assert.ok(op.responses['409'] && op.responses['422']);
  }
  assert.ok(doc.paths['/escalations/{id}/reply']!.post!.responses['202']);
});
