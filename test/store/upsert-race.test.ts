// Two writers upserting the same new document at once: on FerretDB the loser of the insert race got
// E11000 instead of the update. A STOP sent three times in a second failed one routing that way
// (CI), and the same race sits under every "first one wins" write. Each case below races a fresh
// key many times on the real store: every call must succeed, and the document must come out once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { addSuppression, openEscalation, outreachCollections, recordInbox, upsertConversation } from '../../src/store/conversations';
import { MongoRateLimitStore } from '../../src/api/security/rate-limit-store';
import { COLLECTIONS, owned } from '../../src/store';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
before(async () => { t = await testDb('upsert_race'); db = t.db; });
after(() => t.close());

const KEYS = 12;
const RACERS = 6;

/** Runs `write` RACERS times at once for each of KEYS fresh keys; every call must resolve. */
async function race<T>(name: string, write: (key: string) => Promise<T>): Promise<T[][]> {
  const out: T[][] = [];
  for (let k = 0; k < KEYS; k++) {
    const key = `${name}-${k}`;
    const settled = await Promise.allSettled(Array.from({ length: RACERS }, () => write(key)));
    const failed = settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason));
    assert.deepEqual(failed, [], `${name}: racing writes of ${key} failed`);
    out.push(settled.map((s) => (s as PromiseFulfilledResult<T>).value));
  }
  return out;
}

test('a person opted out by several messages at once: every write succeeds, exactly one records the suppression', async () => {
  const results = await race('stop', (id) => addSuppression(db, { _id: id, reason: 'STOP', source: 'dm' }));
  for (const r of results) assert.equal(r.filter(Boolean).length, 1, 'exactly one write is the first');
  assert.equal(await outreachCollections(db).suppressions.countDocuments({ _id: { $regex: '^stop-' } }), KEYS);
});

test('the same DM delivered twice at once (webhook and poller) is recorded once', async () => {
  await race('dm', (id) => recordInbox(db, { _id: id, senderId: '42', text: 'STOP', createdAt: new Date(), via: 'webhook' }));
  assert.equal(await outreachCollections(db).inbox.countDocuments({ _id: { $regex: '^dm-' } }), KEYS);
});

test('conversation and escalation documents created by racing activities exist once', async () => {
  await race('convo', (id) => upsertConversation(db, id, {
    workflowId: `outreach-${id}`, campaignId: 'c', xUserId: id, policy: 'auto', stage: 'contacted', helpCount: 0, remindersSent: 0,
  }));
  await race('esc', (id) => openEscalation(db, {
    _id: id, conversationId: id, workflowId: `outreach-${id}`, campaignId: 'c', xUserId: id, priority: 'high', reason: 'yes',
  } as Parameters<typeof openEscalation>[1]));
  const c = outreachCollections(db);
  assert.equal(await c.conversations.countDocuments({ _id: { $regex: '^convo-' } }), KEYS);
  assert.equal(await c.escalations.countDocuments({ _id: { $regex: '^esc-' } }), KEYS);
});

test('a burst of API calls from one client in a new window: no call fails on the window document\'s creation, and each is counted once', async () => {
  const start = 1_000 * 60_000;
  const store = new MongoRateLimitStore(db, 'race', () => start);
  store.init({ windowMs: 60_000, limit: 1_000 });
  const results = await race('client', (key) => store.increment(key));
  // The increment must be atomic: FerretDB without write-locks.patch lost some ([1,2,2,3,4,5]).
  const counts = results.map((r) => r.map((i) => i.totalHits).sort((a, b) => a - b));
  assert.deepEqual(counts, results.map(() => Array.from({ length: RACERS }, (_, i) => i + 1)));
  const stored = await owned<{ _id: string; hits: number }>(db, COLLECTIONS.rateLimits)
    .find({ _id: { $in: results.map((_, k) => `race:client-${k}:${start}`) } }).toArray();
  assert.deepEqual(stored.map((d) => d.hits), results.map(() => RACERS));
});
