// The suppression check became two index lookups (`_id`, `xUserId`) instead of one `$or` that read
// every suppression on FerretDB. It must stay exactly as strict: everyone the `$or` called
// suppressed still is, in either shape, however the document got there (by hand, later, under an
// ObjectId), in batches mixing hits, misses and duplicates, and past one lookup's 1,000 ids.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { ensureAllIndexes } from '../../src/store/indexes';
import { isSuppressed, outreachCollections, removeSuppression, suppressedAmong } from '../../src/store/conversations';
import { listSuppressions } from '../../src/store/suppressions-search';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
before(async () => { t = await testDb('supp_lookup'); db = t.db; await ensureAllIndexes(db); });
after(() => t.close());

/** The definition before this change, kept as the oracle: one `$or` query. */
async function oracle(ids: string[]): Promise<string[]> {
  const docs = await outreachCollections(db).suppressions
    .find({ $or: [{ _id: { $in: ids } }, { xUserId: { $in: ids } }] }, { projection: { _id: 1, xUserId: 1 } }).toArray();
  const asked = new Set(ids);
  return [...new Set(docs.flatMap((d) => [d._id, d.xUserId].filter((x): x is string => !!x && asked.has(x))))].sort();
}

/** The collection as an operator or an import writes it: any _id (a string, or an ObjectId when left out), any shape. */
const raw = () => db.collection<{ _id?: string; [field: string]: unknown }>('suppressions');
const at = new Date('2026-06-01T00:00:00Z');

async function agree(ids: string[], expected: string[]): Promise<void> {
  const got = [...await suppressedAmong(db, ids)].sort();
  assert.deepEqual(got, [...expected].sort(), 'suppressedAmong');
  assert.deepEqual(await oracle(ids), [...expected].sort(), 'the old $or answers the same');
  for (const id of new Set(ids)) assert.equal(await isSuppressed(db, id), got.includes(id), `isSuppressed(${id})`);
}

test('both shapes, however written, in batches with hits, misses and duplicates', async () => {
  await raw().insertMany([
    { _id: '1001', reason: 'STOP', source: 'dm-poller', at },
    { _id: 'import:2001', xUserId: '2001', reason: 'list', source: 'import', at },
    { _id: '3001', xUserId: '3002', reason: 'keyed by one, naming another', source: 'import', at },
    { _id: '4001', xUserId: '4001', reason: 'names itself', source: 'dm-webhook', at },
    { _id: 'a:5001', xUserId: '5001', reason: 'twice', source: 'import', at },
    { _id: 'b:5001', xUserId: '5001', reason: 'twice', source: 'import', at },
    // Shapes the old check never honoured either: an array, a number.
    { _id: 'arr', xUserId: ['6001', '6002'], reason: 'odd', source: 'import', at },
    { _id: 'num', xUserId: 7001, reason: 'odd', source: 'import', at },
  ]);
  await raw().insertOne({ xUserId: '2002', reason: 'by hand, ObjectId key', source: 'operator', at });
  const hits = ['1001', '2001', '2002', '3001', '3002', '4001', '5001'];

  await agree(['1001'], ['1001']);
  await agree(['2001'], ['2001']);
  await agree(['2002'], ['2002']);
  await agree(['9999'], []);
  await agree(['6001', '7001', 'arr', 'num'], ['arr', 'num']); // as before: the key, not the odd values
  await agree([...hits, '9001', '9002', '2001', '1001', '3002'], hits);
  await agree([], []);
});

test('past one lookup: 2,500 ids with hits on both sides of every 1,000', async () => {
  const ids = Array.from({ length: 2500 }, (_, i) => `b${i}`);
  const chosen = [5, 999, 1000, 1001, 1999, 2000, 2499];
  await raw().insertMany(chosen.map((i) => (i % 2 ? { _id: `b${i}`, reason: 'STOP', source: 'dm-poller', at } : { _id: `imp:b${i}`, xUserId: `b${i}`, reason: 'list', source: 'import', at })));
  assert.deepEqual([...await suppressedAmong(db, [...ids, ...ids.slice(0, 10)])].sort(), chosen.map((i) => `b${i}`).sort());
  assert.deepEqual([...await suppressedAmong(db, ids)].sort(), await oracle(ids));
});

test('a document written by hand in the other shape counts the moment it exists', async () => {
  assert.equal(await isSuppressed(db, '8001'), false);
  await raw().insertOne({ xUserId: '8001', reason: 'asked the support desk', source: 'operator', at });
  assert.equal(await isSuppressed(db, '8001'), true);
  assert.deepEqual([...await suppressedAmong(db, ['8000', '8001', '8002'])], ['8001']);
  const page = await listSuppressions(db, { limit: 10, xUserId: '8001' });
  assert.deepEqual(page.items.map((d) => d.xUserId), ['8001'], 'the search finds them too');
});

test('lifting a person removes every document that names them, and only reports what it did', async () => {
  assert.equal(await removeSuppression(db, '5001'), true);
  assert.equal(await raw().countDocuments({ xUserId: '5001' }), 0);
  assert.equal(await removeSuppression(db, '4001'), true);
  assert.equal(await removeSuppression(db, '2002'), true);
  assert.equal(await removeSuppression(db, '1001'), true);
  assert.equal(await removeSuppression(db, '1001'), false);
  assert.equal(await removeSuppression(db, 'never-there'), false);
  await agree(['5001', '4001', '2002', '1001', '2001'], ['2001']);
});

test('the xUserId lookup has its index on every store, and the embedded FerretDB uses it', async (c) => {
  const names = (await raw().listIndexes().toArray()).map((i) => i.name as string);
  assert.ok(names.includes('xUserId_1'), `indexes: ${names.join(', ')}`);
  const info = await db.admin().command({ buildInfo: 1 });
  if (typeof info.ferretdbVersion !== 'string') return c.skip('not FerretDB: MongoDB plans its own use of the index');
  const plan = JSON.stringify(await raw().find({ xUserId: { $in: ['2001', '9999'] } }).explain());
  assert.match(plan, /USING INDEX \S*xUserId_1/, `query plan without the xUserId index: ${plan}`);
});
