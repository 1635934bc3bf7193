// Rate limits shared across API processes, the audit trail, webhook replays.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/api/auth';
import { webhookSignature } from '../../src/x';
import { startApi, type ApiUnderTest } from './harness';

let api: ApiUnderTest;
let admin: string;
before(async () => {
  api = await startApi('sec_limits', { RATE_LIMIT_WRITES_PER_MIN: '3', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '4', RATE_LIMIT_READS_PER_MIN: '1000' });
  admin = await createApiKey(api.db, 'root', 'admin');
});
after(() => api.close());

test('writes per key are limited across API processes, with 429 and Retry-After; reads are not held by writes', async () => {
  const other = await api.second();
  const body = { xUserId: '42', reason: 'asked by email' };
  const a = await api.call('POST', '/suppressions', admin, body);
  const b = await api.call('POST', `${other}/suppressions`, admin, body);
  const c = await api.call('POST', '/suppressions', admin, body);
  assert.deepEqual([a.status, b.status, c.status].map((s) => s < 300), [true, true, true]);
  const d = await api.call('POST', `${other}/suppressions`, admin, body);
  assert.equal(d.status, 429, 'the fourth write in a minute, counted across both processes');
  const retry = Number(d.headers.get('retry-after'));
  // When the next write would be allowed over a sliding minute: once 4 * (1 - f) <= 2 in the next
  // window (the refused call counts too), so between 30 and 90 s depending on the second we are at.
  assert.ok(retry >= 1 && retry <= 90, `Retry-After ${retry}`);
  assert.match(d.json.error.message, new RegExp(`retry in ${retry} s`));
  assert.equal(d.json.error.code, 'rate_limited');
  assert.equal((await api.call('GET', '/suppressions', admin)).status, 200, 'reads have their own budget');
});

test('failed authentications per address are limited: key guessing stops, even a good key waits', async () => {
  const ok = await createApiKey(api.db, 'late', 'operator');
  for (let i = 0; i < 4; i++) assert.equal((await api.call('GET', '/whoami', `cf_guess${i}`)).status, 401);
  assert.equal((await api.call('GET', '/whoami', 'cf_guess5')).status, 429);
  assert.equal((await api.call('GET', '/whoami', ok)).status, 429);
});

test('every state-changing call lands in the audit trail, readable by admins only, paged', async () => {
  const fresh = await startApi('sec_audit');
  try {
    const root = await createApiKey(fresh.db, 'root', 'admin');
    const agent = await createApiKey(fresh.db, 'amy', 'agent');
    await fresh.call('POST', '/suppressions', root, { xUserId: '7', reason: 'court order' });
    await fresh.call('POST', '/suppressions', agent, { xUserId: '8', reason: 'nope' }); // refused: 403
    await fresh.call('POST', '/campaigns', null, {}); // unauthenticated
    for (let i = 0; i < 3; i++) await fresh.call('POST', '/api-keys', root, { name: `k${i}`, role: 'agent' });
    assert.equal((await fresh.call('GET', '/audit', agent)).status, 403);
    const all = (await fresh.call('GET', '/audit?limit=500', root)).json.items as { who: string; action: string; outcome: string; status?: number }[];
    const calls = all.filter((e) => e.status !== undefined);
    assert.ok(calls.some((e) => e.action === 'POST /suppressions' && e.who.startsWith('root#') && e.outcome === 'ok'));
    assert.ok(calls.some((e) => e.action === 'POST /suppressions' && e.who.startsWith('amy#') && e.outcome === 'refused' && e.status === 403));
    assert.ok(calls.some((e) => e.who === 'anonymous' && e.status === 401));
    const page1 = (await fresh.call('GET', '/audit?action=POST%20%2Fapi-keys&limit=2', root)).json;
    assert.equal(page1.items.length, 2);
    const page2 = (await fresh.call('GET', `/audit?action=POST%20%2Fapi-keys&limit=2&before=${page1.next}`, root)).json;
    assert.equal(page2.items.length, 1);
    assert.equal(page2.next, undefined);
    assert.equal((await fresh.call('GET', '/audit?before=notanid', root)).status, 400);
  } finally {
    await fresh.close();
  }
});

test('webhook: a replayed delivery changes nothing; CRC takes extra parameters; a bad signature is refused', async () => {
  const fresh = await startApi('sec_hook', { X_BRAND_USER_ID: '1000' });
  try {
    const payload = JSON.stringify({ for_user_id: '1000', direct_message_events: [
      { type: 'message_create', id: '1970000000000000001', created_timestamp: String(Date.now()), message_create: { sender_id: '555', target: { recipient_id: '1000' }, message_data: { text: 'hello?' } } },
    ] });
    const sig = { 'x-twitter-webhooks-signature': webhookSignature(payload, 'consumer-secret') };
    const first = await fresh.call('POST', '/webhooks/x', null, payload, sig);
    assert.equal(first.status, 200);
    assert.equal(first.json.inbox, 1);
    const replay = await fresh.call('POST', '/webhooks/x', null, payload, sig);
    assert.equal(replay.status, 200);
    assert.equal(replay.json.duplicate, 1);
    assert.equal(replay.json.inbox, undefined, 'nothing routed twice');
    const received = await fresh.db.collection('audit').find({ action: 'dm.received' }).toArray();
    assert.equal(received.length, 1, 'the DM received is in the audit trail once');
    assert.equal(received[0]!.who, 'x:555');
    assert.ok(!JSON.stringify(received[0]).includes('hello?'), 'without its text');
    assert.equal((await fresh.call('POST', '/webhooks/x', null, payload, { 'x-twitter-webhooks-signature': 'sha256=AAAA' })).status, 401);
    const crc = await fresh.call('GET', '/webhooks/x?crc_token=abc&nonce=xyz&extra=1', null);
    assert.equal(crc.status, 200);
    assert.match(crc.json.response_token, /^sha256=/);
  } finally {
    await fresh.close();
  }
});

test('audit retention removes only entries older than the retention', async () => {
  const { pruneAudit, recordAudit, listAudit } = await import('../../src/store/audit');
  const fresh = await startApi('sec_prune');
  try {
    await recordAudit(fresh.db, { who: 'x', action: 'old', at: new Date(Date.now() - 40 * 86_400_000) });
    await recordAudit(fresh.db, { who: 'x', action: 'new' });
    assert.equal(await pruneAudit(fresh.db, 30), 1);
    assert.deepEqual((await listAudit(fresh.db, { limit: 10 })).items.map((e) => e.action), ['new']);
  } finally {
    await fresh.close();
  }
});

test('sign-in (POST /session) counts failed keys toward the per-address limit', async () => {
  const fresh = await startApi('sec_signin', { RATE_LIMIT_AUTH_FAILURES_PER_MIN: '3' });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await fresh.call('POST', '/session', null, { key: `cf_guess${i}` })).status, 401);
    const spent = await fresh.call('POST', '/session', null, { key: 'cf_guess4' });
    assert.equal(spent.status, 429);
    assert.ok(Number(spent.headers.get('retry-after')) >= 1);
  } finally {
    await fresh.close();
  }
});
