// Single-document updates must be atomic, as on MongoDB. FerretDB 1.x reads the matching
// documents, applies the update in Go and writes them back later; without
// scripts/ferretdb/write-locks.patch two commands could read the same version and both write:
// 50 concurrent $inc left 38-41, and a compare-and-set claim was won twice. Each case races many
// writers on the real store; on the build without the patch each case failed in every run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Collection, Db } from 'mongodb';
import { testDb } from '../helpers/stack';

interface Doc { _id: string; hits?: number; state?: string; by?: number; tag?: string; owner?: string }

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let col: Collection<Doc>;
before(async () => { t = await testDb('atomic_update'); db = t.db; col = db.collection<Doc>('docs'); });
after(() => t.close());

const WRITERS = 60;
const KEYS = 120; // claims: on the build without the patch 2-5 keys of 60 were won twice
const RACERS = 6;
const all = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

test('concurrent $inc by updateOne on one document: none is lost', async () => {
  await col.insertMany([{ _id: 'inc-a', hits: 0 }, { _id: 'inc-b', hits: 0 }]);
  // Two documents at once: the writers of one must not hold up or break the other's.
  const ROUNDS = 5;
  for (let round = 0; round < ROUNDS; round++) {
    const r = await all(2 * WRITERS, (i) => col.updateOne({ _id: i % 2 ? 'inc-a' : 'inc-b' }, { $inc: { hits: 1 } }));
    assert.ok(r.every((x) => x.modifiedCount === 1));
  }
  assert.equal((await col.findOne({ _id: 'inc-a' }))?.hits, ROUNDS * WRITERS);
  assert.equal((await col.findOne({ _id: 'inc-b' }))?.hits, ROUNDS * WRITERS);
});

test('concurrent $inc by findOneAndUpdate: none is lost and each returns its own count', async () => {
  await col.insertOne({ _id: 'fam', hits: 0 });
  const r = await all(WRITERS, () => col.findOneAndUpdate({ _id: 'fam' }, { $inc: { hits: 1 } }, { returnDocument: 'after' }));
  assert.deepEqual(r.map((d) => d?.hits).sort((a, b) => a! - b!), Array.from({ length: WRITERS }, (_, i) => i + 1));
  assert.equal((await col.findOne({ _id: 'fam' }))?.hits, WRITERS);
});

test('concurrent upserting $inc on a new document (the rate limiter\'s write): every call counted', async () => {
  // The loser of the insert race may get E11000 (the app retries, see src/store/upsert-race.ts);
  // every call that succeeded must have counted.
  const r = await Promise.allSettled(Array.from({ length: WRITERS }, () =>
    col.findOneAndUpdate({ _id: 'ups' }, { $inc: { hits: 1 } }, { upsert: true, returnDocument: 'after' })));
  const ok = r.filter((x) => x.status === 'fulfilled').map((x) => (x as PromiseFulfilledResult<Doc | null>).value?.hits);
  for (const x of r) if (x.status === 'rejected') assert.match(String(x.reason), /E11000/);
  assert.deepEqual(ok.sort((a, b) => a! - b!), Array.from({ length: ok.length }, (_, i) => i + 1));
  assert.equal((await col.findOne({ _id: 'ups' }))?.hits, ok.length);
});

/**
 * Opens KEYS documents `<prefix>-k` and races RACERS claims on each, four keys at a time (as a busy
 * worker pool would). `claim` resolves to what the winner got (undefined: lost); `check` looks at the
 * one winner. Returns the keys with other than one winner.
 */
async function raceClaims<T>(prefix: string, claim: (_id: string, i: number) => Promise<T | undefined>, check: (_id: string, i: number, got: T) => Promise<void>): Promise<string[]> {
  await col.insertMany(Array.from({ length: KEYS }, (_, k) => ({ _id: `${prefix}-${k}`, state: 'open' })));
  const doubles: string[] = [];
  for (let k = 0; k < KEYS; k += 4) {
    await all(4, async (j) => {
      const _id = `${prefix}-${k + j}`;
      const r = await all(RACERS, (i) => claim(_id, i));
      const won = r.flatMap((got, i) => (got === undefined ? [] : [{ i, got }]));
      if (won.length !== 1) doubles.push(`${_id}: ${won.length} winners`);
      else await check(_id, won[0]!.i, won[0]!.got);
    });
  }
  return doubles;
}

test('compare-and-set claims by _id: exactly one winner per key', async () => {
  const doubles = await raceClaims('claim',
    async (_id, i) => ((await col.updateOne({ _id, state: 'open' }, { $set: { state: 'claimed', by: i } })).modifiedCount === 1 ? true : undefined),
    async (_id, i) => assert.equal((await col.findOne({ _id }))?.by, i));
  assert.deepEqual(doubles, []);
});

test('compare-and-set claims by findOneAndUpdate: exactly one gets the document', async () => {
  const doubles = await raceClaims('fclaim',
    async (_id, i) => (await col.findOneAndUpdate({ _id, state: 'open' }, { $set: { state: 'claimed', by: i } }, { returnDocument: 'after' })) ?? undefined,
    async (_id, _i, doc) => assert.equal(doc.state, 'claimed'));
  assert.deepEqual(doubles, []);
});

test('claims and $inc with a filter that is not on _id (the collection-wide lock)', async () => {
  await col.insertMany(Array.from({ length: 20 }, (_, k) => ({ _id: `tag-${k}`, tag: `t${k}`, state: 'open', hits: 0 })));
  const doubles: string[] = [];
  for (let k = 0; k < 20; k++) {
    const r = await all(RACERS, (i) => col.updateOne({ tag: `t${k}`, state: 'open' }, { $set: { state: 'claimed', by: i }, $inc: { hits: 1 } }));
    if (r.filter((x) => x.modifiedCount === 1).length !== 1) doubles.push(`t${k}`);
  }
  assert.deepEqual(doubles, []);
  await all(WRITERS, (i) => col.updateOne({ tag: `t${i % 4}` }, { $inc: { hits: 1 } }));
  const hits = (await col.find({ tag: { $in: ['t0', 't1', 't2', 't3'] } }).toArray()).map((d) => d.hits!);
  assert.deepEqual(hits, [1, 1, 1, 1].map((h) => h + WRITERS / 4));
});

test('a conditional delete racing a conditional update: one of them wins, never both', async () => {
  // A lease released (deleted if still ours) while another process takes it over.
  const both: string[] = [];
  for (let k = 0; k < KEYS; k++) {
    const _id = `lease-${k}`;
    await col.insertOne({ _id, owner: 'a' });
    const [d, u] = await Promise.all([
      col.deleteOne({ _id, owner: 'a' }),
      col.updateOne({ _id, owner: 'a' }, { $set: { owner: 'b' } }),
    ]);
    const left = await col.findOne({ _id });
    if (d.deletedCount + u.modifiedCount !== 1 || (u.modifiedCount === 1) !== (left?.owner === 'b')) {
      both.push(`${_id}: deleted ${d.deletedCount}, updated ${u.modifiedCount}, left ${JSON.stringify(left)}`);
    }
  }
  assert.deepEqual(both, []);
});

test('the embedded FerretDB carries the write-locks patch', async (c) => {
  const bin = process.env.CHIRPFLOW_TEST_FERRETDB_BIN;
  if (!bin) return c.skip('not the embedded FerretDB');
  // Go keeps function names in the binary: the patch's lock is there, or the build is older.
  assert.ok(readFileSync(bin).includes('handler.(*docLocks).lock'), `${bin} was built without scripts/ferretdb/write-locks.patch`);
});
