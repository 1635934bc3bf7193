// Hostile input to the campaign API: refused with the reason, nothing written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from './harness';
import { COLLECTIONS } from '../../src/store';

let s: Stack;
let existing: string;
before(async () => {
  s = await startStack('camp_hostile', { worker: false });
  const r = await s.call('POST', '/campaigns', { name: 'ok', brand: 'Acme', tracking: { keywords: ['acme'] } });
  assert.equal(r.status, 201, r.text);
  existing = r.body.id;
});
after(async () => { await s?.close(); });

const good = { name: 'n', brand: 'Acme', tracking: { keywords: ['acme'] } };

async function refused(method: string, path: string, body: unknown, status: number, reason: RegExp, raw?: string) {
  const campaigns = s.db.collection(COLLECTIONS.campaigns);
  const before = await campaigns.find().sort({ _id: 1 }).toArray();
  const r = await s.call(method, path, body, raw);
  assert.equal(r.status, status, `${JSON.stringify(body)?.slice(0, 80)} → ${r.status} ${r.text.slice(0, 200)}`);
  assert.match(r.body.error.message, reason);
  assert.deepEqual(await campaigns.find().sort({ _id: 1 }).toArray(), before, 'nothing changed');
}

test('unknown fields are refused', async () => {
  await refused('POST', '/campaigns', { ...good, admin: true }, 400, /admin|unrecognized/i);
  await refused('POST', '/campaigns', { ...good, tracking: { keywords: ['a'], regex: '.*' } }, 400, /tracking/);
  await refused('PATCH', `/campaigns/${existing}`, { status: 'running' }, 400, /status|unrecognized/i);
});

test('wrong types are refused with the field named', async () => {
  await refused('POST', '/campaigns', { ...good, name: 42 }, 400, /name/);
  await refused('POST', '/campaigns', { ...good, tracking: { keywords: 'acme' } }, 400, /tracking\.keywords/);
  await refused('POST', '/campaigns', { ...good, qualification: { minPositivity: 2 } }, 400, /minPositivity/);
  await refused('POST', '/campaigns', { ...good, maxReminders: -1 }, 400, /maxReminders/);
  await refused('PATCH', `/campaigns/${existing}`, { replyTimeoutMs: 'soon' }, 400, /replyTimeoutMs/);
  await refused('POST', '/campaigns', null, 400, /body|JSON/i, '{"name": ');
});

test('operator injection in any field is refused', async () => {
  await refused('POST', '/campaigns', { ...good, name: { $gt: '' } }, 400, /\$gt/);
  await refused('POST', '/campaigns', { ...good, tracking: { keywords: [{ $ne: null }] } }, 400, /\$ne/);
  await refused('POST', '/campaigns', { ...good, 'tracking.keywords': ['x'] }, 400, /tracking\.keywords/);
  await refused('PATCH', `/campaigns/${existing}`, { $set: { status: 'running' } }, 400, /\$set/);
  const q = await s.call('GET', '/campaigns?status[$ne]=draft');
  assert.equal(q.status, 400);
  const p = await s.call('GET', '/campaigns/%24where');
  assert.equal(p.status, 400);
});

test('rules longer than X allows are refused', async () => {
  await refused('POST', '/campaigns', { ...good, tracking: { keywords: ['word '.repeat(110).trim()] } }, 400, /512/);
  await refused('POST', '/campaigns', { ...good, tracking: { keywords: Array.from({ length: 100 }, (_, i) => `${'k'.repeat(100)}${i}`) } }, 400, /rules/);
  await refused('POST', '/campaigns', { ...good, tracking: { keywords: ['a) OR (b'] } }, 400, /keywords/);
  await refused('POST', '/campaigns', { ...good, conversation: { firstContact: 'auto' } }, 400, /consentBasis/);
});

test('a 1 MB body is refused with 413', async () => {
  await refused('POST', '/campaigns', { ...good, name: 'x'.repeat(1024 * 1024) }, 413, /larger/);
});

test('other roles may not manage campaigns', async () => {
  const { createApiKey } = await import('../../src/api/auth');
  const agent = await createApiKey(s.db, 'agent', 'agent');
  const r = await fetch(`${s.api}/campaigns`, { method: 'POST', headers: { 'x-api-key': agent, 'content-type': 'application/json' }, body: JSON.stringify(good) });
  assert.equal(r.status, 403);
});
