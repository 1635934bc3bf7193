// The API's rate limits over a sliding minute, on the real store (FerretDB here) with a clock the
// test sets: no doubling at a window's edge, one count across processes, Retry-After that says when
// a call is allowed again, and nothing kept that no longer counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MongoRateLimitStore } from '../../src/api/security/rate-limit-store';
import { allowedAgainAt, hits } from '../../src/api/security/sliding-window';
import { COLLECTIONS } from '../../src/store';
import { testDb } from '../helpers/stack';

const W = 60_000;
const T0 = 1_000 * W; // the start of some window
let db: Awaited<ReturnType<typeof testDb>>;
before(async () => { db = await testDb('rate_window'); });
after(() => db.close());

/** A store as one API process sees it, on a clock the test moves. */
function storeAt(prefix: string, limit: number) {
  const clock = { t: T0 };
  const store = new MongoRateLimitStore(db.db, prefix, () => clock.t);
  store.init({ windowMs: W, limit });
  return { store, clock };
}

test('the limit spent in the last second of a minute is not spent again in the first second of the next', async () => {
  const { store, clock } = storeAt('edge', 3);
  clock.t = T0 + W - 1_000;
  for (let i = 1; i <= 3; i++) assert.equal((await store.increment('guesser')).totalHits, i, `call ${i} is within the limit`);
  clock.t = T0 + W + 1_000; // two seconds later, in the next fixed window
  const fourth = await store.increment('guesser');
  assert.ok(fourth.totalHits > 3, `the 4th call within two seconds is refused (counted ${fourth.totalHits})`);
  const retry = fourth.resetTime!.getTime() - clock.t;
  assert.ok(retry > 30_000 && retry <= W, `Retry-After ${retry} ms: the earlier calls must slide out first`);
});

test('two API processes share one sliding count', async () => {
  const a = storeAt('shared', 4);
  const b = storeAt('shared', 4);
  a.clock.t = b.clock.t = T0 + W - 500;
  await a.store.increment('key1');
  await b.store.increment('key1');
  a.clock.t = b.clock.t = T0 + W + 500;
  await a.store.increment('key1');
  assert.equal((await b.store.increment('key1')).totalHits, 4, 'both processes\' calls, both windows');
  assert.ok((await a.store.increment('key1')).totalHits > 4, 'the 5th call, made in the other process, is refused');
  assert.equal((await b.store.get('key1'))!.totalHits, 5, 'refused calls count too');
  assert.equal((await a.store.get('other')), undefined, 'another key has its own count');
});

test('Retry-After is when a call would be allowed again: a millisecond earlier it is not', async () => {
  // The same history for two clients; one probes at the reported time, the other just before.
  const { store, clock } = storeAt('retry', 5);
  clock.t = T0 + 20_000;
  for (let i = 0; i < 5; i++) { await store.increment('early'); await store.increment('ontime'); }
  clock.t = T0 + W + 10_000;
  const refused = await store.increment('early');
  await store.increment('ontime');
  assert.ok(refused.totalHits > 5);
  const again = refused.resetTime!.getTime();
  assert.ok(again > clock.t && again < T0 + 2 * W, 'later in this window, as the earlier calls slide out');
  clock.t = again - 1;
  assert.ok((await store.increment('early')).totalHits > 5, 'a millisecond early: refused');
  clock.t = again;
  assert.equal((await store.increment('ontime')).totalHits, 5, 'at the time given: allowed');
});

test('a window the estimate no longer reads is deleted, at the next window and by prune', async () => {
  const { store, clock } = storeAt('prune', 10);
  const col = db.db.collection(COLLECTIONS.rateLimits);
  const ids = async (key: string) => (await col.find({ _id: { $regex: `^prune:${key}:` } } as object).toArray()).map((d) => String(d._id)).sort();
  clock.t = T0 + 1;
  await store.increment('steady');
  await store.increment('gone');
  clock.t = T0 + W + 1;
  await store.increment('steady');
  assert.deepEqual(await ids('steady'), [`prune:steady:${T0}`, `prune:steady:${T0 + W}`], 'the previous window is still read');
  clock.t = T0 + 2 * W + 1;
  await store.increment('steady');
  assert.deepEqual(await ids('steady'), [`prune:steady:${T0 + W}`, `prune:steady:${T0 + 2 * W}`], 'the one before it is gone');
  assert.deepEqual(await ids('gone'), [`prune:gone:${T0}`], 'a client that never came back');
  assert.ok(await store.prune() >= 1);
  assert.deepEqual(await ids('gone'), [], 'is pruned');
  assert.equal((await store.get('steady'))!.totalHits, 2, 'while counts in use are kept');
});

test('the estimate: the earlier window weighs by the part of it still inside the last minute', () => {
  const c = { prev: 6, cur: 1, start: T0, windowMs: W, now: T0 + W / 3 };
  assert.equal(hits(c), 5); // 6 * 2/3 + 1
  assert.equal(allowedAgainAt(c, 10), c.now, 'room left: now');
  // limit 5: at most 4 before one more call, so 6 * (1 - f) + 1 <= 4, f >= 1/2
  assert.equal(allowedAgainAt(c, 5), T0 + W / 2);
  // the current window alone is over: wait into the next one, until 6 * (1 - f) <= 4
  assert.equal(allowedAgainAt({ ...c, cur: 6 }, 5), T0 + W + Math.ceil(W / 3));
});
