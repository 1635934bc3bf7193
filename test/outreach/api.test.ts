// The outreach API on a real app (port 0, fetch), the real dev server and a worker with a fake X.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createApp } from '../../src/api/app';
import { createApiKey, type Role } from '../../src/api/auth';
import { loadConfig } from '../../src/config';
import { webhookSignature } from '../../src/x';
import { startOutreach } from '../../src/outreach/start';

import { appendTranscript, outreachCollections, TRANSCRIPT_KEEP, upsertConversation } from '../../src/store/conversations';
import { requireEnv, testDb, uniqueId, workflowBundle } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';
import { fakeX, input, outreachActivities, until, BRAND } from './harness';

const SECRET = 'consumer-secret';
let server: Server;
let base: string;
let store: Awaited<ReturnType<typeof testDb>>;
let client: Client;
let connection: Connection;
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const x = fakeX();
const taskQueue = uniqueId('tq');
const keys = {} as Record<Role | 'agentTwin', string>;

before(async () => {
  quietRuntime();
  store = await testDb('outreach_api');
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  client = new Client({ connection });
  nativeConnection = await NativeConnection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: outreachActivities(store.db, x) });
  running = worker.run();
  const config = loadConfig({ X_API_SECRET: SECRET, TASK_QUEUE: taskQueue, X_BRAND_USER_ID: BRAND });
  const app = createApp({ db: store.db, temporal: client, config });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const role of ['admin', 'marketer', 'agent', 'operator'] as Role[]) keys[role] = await createApiKey(store.db, `${role}-1`, role);
  // A second agent key with the same name: names are not identities.
  keys.agentTwin = await createApiKey(store.db, 'agent-1', 'agent');
});

after(async () => {
  server?.close();
  worker?.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await store?.close();
});

async function call(method: string, path: string, role: Role | 'agentTwin' | null, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method, headers: { 'content-type': 'application/json', ...(role ? { 'x-api-key': keys[role] } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

test('review through the API: list prospects, approve (greets), reject, bulk; roles and validation', async () => {
  const a = input({ campaignId: 'apiC' }, { policy: 'review' });
  const b = input({ campaignId: 'apiC' }, { policy: 'review' });
  const c = input({ campaignId: 'apiC' }, { policy: 'review' });
  for (const i of [a, b, c]) await startOutreach(client, i, { taskQueue });
  await until(async () => (await call('GET', '/prospects?campaign=apiC', 'marketer')).json.count === 3, 'three prospects');

  assert.equal((await call('GET', '/prospects', 'agent')).status, 403);
  assert.equal((await call('GET', '/prospects', null)).status, 401);
  assert.equal((await call('GET', '/prospects?bogus=1', 'marketer')).status, 400);
  assert.equal((await call('POST', `/prospects/${a.person.xUserId}/approve`, 'marketer', { extra: true })).status, 400);
  assert.equal((await call('POST', '/prospects/abc/approve', 'marketer', {})).status, 400);

  const ok = await call('POST', `/prospects/${a.person.xUserId}/approve`, 'marketer', {});
  assert.equal(ok.status, 200);
  assert.equal(ok.json.stage, 'awaiting-reply');
  await until(() => x.to(a.person.xUserId).length === 1, 'greeting after approval');
  assert.equal((await call('POST', `/prospects/${a.person.xUserId}/approve`, 'marketer', {})).status, 409);

  assert.equal((await call('POST', '/prospects/review', 'operator', { decision: 'reject', xUserIds: [b.person.xUserId] })).status, 403, 'operators do not decide first contact');
  const bulk = await call('POST', '/prospects/review', 'marketer', { decision: 'reject', xUserIds: [b.person.xUserId, c.person.xUserId, '99'], reason: 'off-topic' });
  assert.equal(bulk.status, 200);
  assert.deepEqual(bulk.json.results.map((r: { ok: boolean }) => r.ok), [true, true, false]);
  assert.equal((await call('POST', '/prospects/review', 'marketer', { decision: 'maybe', xUserIds: ['1'] })).status, 400);
  assert.equal((await call('POST', '/prospects/review', 'marketer', { decision: 'approve', xUserIds: ['1'], $where: 'x' })).status, 400);
  await client.workflow.getHandle(`outreach-${a.person.xUserId}`).terminate('test done');
});

test('escalations through the API: webhook YES → list, claim, reply (sent as a DM), resolve; conversations readable', async () => {
  const i = input({ campaignId: 'apiE' });
  const id = i.person.xUserId;
  await startOutreach(client, i, { taskQueue });
  await until(() => x.to(id).length === 1, 'greeting');

  // The person answers; X delivers it to our webhook, signed with the consumer secret.
  const payload = JSON.stringify({ for_user_id: BRAND, direct_message_events: [
    { type: 'message_create', id: '1960000000000000001', created_timestamp: String(Date.now()), message_create: { sender_id: id, target: { recipient_id: BRAND }, message_data: { text: 'YES!' } } },
    { type: 'message_create', id: '1960000000000000002', created_timestamp: String(Date.now()), message_create: { sender_id: BRAND, target: { recipient_id: id }, message_data: { text: 'our own' } } },
  ] });
  assert.equal((await call('POST', '/webhooks/x', null, payload, { 'x-twitter-webhooks-signature': 'sha256=bad' })).status, 401);
  const hook = await call('POST', '/webhooks/x', null, payload, { 'x-twitter-webhooks-signature': webhookSignature(payload, SECRET) });
  assert.equal(hook.status, 200);
  assert.equal(hook.json.routed, 1);
  assert.equal(hook.json.ignored, 1);
  const crc = await call('GET', '/webhooks/x?crc_token=abc', null);
  assert.match(crc.json.response_token, /^sha256=/);

  await until(async () => (await call('GET', '/escalations?campaign=apiE&status=open', 'agent')).json.count === 1, 'open escalation');
  const [esc] = (await call('GET', '/escalations?campaign=apiE&priority=high', 'agent')).json.items;
  assert.equal((await call('GET', '/escalations', 'marketer')).status, 403);
  assert.equal((await call('GET', '/escalations?status=weird', 'agent')).status, 400);
  assert.equal((await call('POST', `/escalations/${esc._id}/reply`, 'agent', { text: 'hi' })).status, 409, 'claim first');
  assert.equal((await call('POST', `/escalations/${esc._id}/claim`, 'agent', {})).status, 200);
  assert.equal((await call('POST', `/escalations/${esc._id}/claim`, 'agentTwin', {})).status, 409, 'someone else (same name, another key) has it');
  assert.equal((await call('POST', `/escalations/${esc._id}/claim`, 'operator', {})).status, 403, 'operators do not write to people');
  assert.equal((await call('POST', `/escalations/${esc._id}/reply`, 'agent', { text: '' })).status, 400);
  const sent = await call('POST', `/escalations/${esc._id}/reply`, 'agent', { text: 'Happy to help, Ada!' });
  assert.equal(sent.status, 202);
  assert.equal(sent.json.action.kind, 'reply');
  await until(async () => (await call('GET', `/escalations/${esc._id}/actions/${sent.json.action.id}`, 'agent')).json.state === 'sent', 'agent reply sent');
  assert.equal(x.to(id).at(-1), 'Happy to help, Ada!');
  assert.equal((await call('POST', `/escalations/${esc._id}/resolve`, 'agent', { outcome: 'sale', extra: 1 })).status, 400);
  assert.equal((await call('POST', `/escalations/${esc._id}/resolve`, 'agent', { outcome: 'sale', note: 'ordered two' })).status, 200);
  await client.workflow.getHandle(`outreach-${id}`).result();
  // The note is kept with the resolution (it was accepted and dropped before).
  assert.equal((await outreachCollections(store.db).escalations.findOne({ _id: esc._id }))?.resolutionNote, 'ordered two');
  assert.equal((await call('POST', `/escalations/${esc._id}/resolve`, 'agent', { outcome: 'sale' })).status, 409);

  const list = await call('GET', '/conversations?campaign=apiE&stage=resolved', 'marketer');
  assert.equal(list.json.count, 1);
  assert.equal(list.json.items[0].transcript, undefined);
  const one = await call('GET', `/conversations/${list.json.items[0]._id}`, 'agent');
  assert.deepEqual(one.json.transcript.map((t: { from: string }) => t.from), ['bot', 'person', 'bot', 'agent']);
  assert.equal((await call('GET', '/conversations?stage=nope', 'agent')).status, 400);
  assert.equal((await call('GET', '/conversations/apiE-1', 'agent')).status, 404);
});

test('suppressions: admin only, reason required, audited; a DM from an unknown person goes to the inbox', async () => {
  assert.equal((await call('POST', '/suppressions', 'operator', { xUserId: '123', reason: 'asked by email' })).status, 403);
  assert.equal((await call('POST', '/suppressions', 'admin', { xUserId: '123' })).status, 400);
  assert.equal((await call('POST', '/suppressions', 'admin', { xUserId: '123', reason: 'asked by email' })).status, 201);
  assert.equal((await call('POST', '/suppressions', 'admin', { xUserId: '123', reason: 'again' })).status, 200);
  const list = await call('GET', '/suppressions', 'operator');
  assert.ok(list.json.items.some((s: { xUserId: string }) => s.xUserId === '123'));
  assert.equal((await call('DELETE', '/suppressions/123', 'admin', {})).status, 400, 'reason required');
  assert.equal((await call('DELETE', '/suppressions/123', 'admin', { reason: 'added by mistake' })).status, 200);
  assert.equal((await call('DELETE', '/suppressions/123', 'admin', { reason: 'added by mistake' })).status, 404);
  const audits = await store.db.collection('audit').find({ action: { $in: ['suppression.add', 'suppression.remove'] } }).toArray();
  assert.equal(audits.length, 3);

  const payload = JSON.stringify({ for_user_id: BRAND, direct_message_events: [
    { type: 'message_create', id: '1960000000000000010', message_create: { sender_id: '4242', message_data: { text: 'hello brand' } } },
    { type: 'message_create', id: '1960000000000000011', message_create: { sender_id: '4343', message_data: { text: 'STOP' } } },
  ] });
  const hook = await call('POST', '/webhooks/x', null, payload, { 'x-twitter-webhooks-signature': webhookSignature(payload, SECRET) });
  assert.deepEqual({ inbox: hook.json.inbox, suppressed: hook.json.suppressed }, { inbox: 1, suppressed: 1 });
  assert.equal((await outreachCollections(store.db).inbox.findOne({ _id: '1960000000000000010' }))?.text, 'hello brand');
  assert.ok(await outreachCollections(store.db).suppressions.findOne({ _id: '4343' }));
});

test('openapi documents the outreach routes', async () => {
  const doc = (await call('GET', '/openapi.json', null)).json;
  for (const p of ['/conversations', '/conversations/{id}', '/prospects', '/prospects/review', '/escalations', '/escalations/{id}/claim', '/escalations/{id}/reply', '/escalations/{id}/resolve', '/suppressions', '/suppressions/{xUserId}', '/webhooks/x']) {
    assert.ok(doc.paths[p], `missing ${p}`);
  }
});

test('a long transcript: the document keeps the last entries, older ones are read from /archive, oldest first; retries add nothing', async () => {
  const id = 'apiT-424242';
  await upsertConversation(store.db, id, { workflowId: 'outreach-424242', campaignId: 'apiT', xUserId: '424242', policy: 'auto', stage: 'escalated', helpCount: 0, remindersSent: 0 });
  const t0 = Date.UTC(2026, 0, 1);
  const entry = (n: number) => ({ id: `m${n}`, at: new Date(t0 + n * 1000), from: 'person' as const, text: `reply ${n}` });
  for (let n = 0; n < 250; n++) await appendTranscript(store.db, id, entry(n));
  await appendTranscript(store.db, id, entry(249)); // a retried activity
  const one = await call('GET', `/conversations/${id}`, 'agent');
  assert.equal(one.status, 200);
  assert.ok(one.json.transcript.length <= TRANSCRIPT_KEEP + 20, `kept ${one.json.transcript.length}`);
  assert.equal(one.json.transcript.length + one.json.transcriptArchived, 250);
  assert.equal(one.json.transcript.at(-1).text, 'reply 249');
  const page = await call('GET', `/conversations/${id}/archive?limit=5`, 'agent');
  assert.equal(page.status, 200);
  assert.equal(page.json.total, one.json.transcriptArchived);
  assert.deepEqual(page.json.items.map((e: { text: string }) => e.text), ['reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4']);
  const last = await call('GET', `/conversations/${id}/archive?limit=500&offset=${page.json.total - 1}`, 'agent');
  assert.deepEqual(last.json.items.map((e: { text: string }) => e.text), [`reply ${page.json.total - 1}`]);
  assert.equal(one.json.transcript[0].text, `reply ${page.json.total}`, 'the document continues where the archive ends');
  assert.equal((await call('GET', `/conversations/${id}/archive?limit=0`, 'agent')).status, 400);
  assert.equal((await call('GET', '/conversations/apiT-1/archive', 'agent')).status, 404);
  assert.equal((await call('GET', `/conversations/${id}/archive`, null)).status, 401);
  assert.equal(await outreachCollections(store.db).transcriptsArchive.countDocuments({ conversationId: id }), page.json.total);
});
