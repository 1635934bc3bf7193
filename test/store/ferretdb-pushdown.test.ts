// The embedded FerretDB is built with scripts/ferretdb/sqlite-id-index.patch: lookups by _id use
// SQLite's _id index. These tests check the answers stay right for every filter shape the patch
// pushes down (or declines to), and that the index is really used. Skipped on a real MongoDB.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { testDb } from '../helpers/stack';

interface Doc { _id: string; rev: number; tag: string }

describe('FerretDB lookups by _id', () => {
  let t: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  let col: Collection<Doc>;
  let any: Collection<{ _id: string | number | ObjectId; rev: number; tag: string }>; // for the ids of other types
  let ferret = false;
  const oid = new ObjectId();

  before(async () => {
    t = await testDb('pushdown');
    db = t.db;
    const info = await db.admin().command({ buildInfo: 1 });
    ferret = 'ferretdb' in info || 'ferretdbVersion' in info || JSON.stringify(info).toLowerCase().includes('ferretdb');
    col = db.collection<Doc>('docs');
    any = db.collection<{ _id: string | number | ObjectId; rev: number; tag: string }>('docs');
    const docs: Doc[] = Array.from({ length: 300 }, (_, i) => ({ _id: `u${i}`, rev: i % 3, tag: i % 2 ? 'odd' : 'even' }));
    await col.insertMany(docs);
    await any.insertMany([{ _id: 7, rev: 0, tag: 'number' }, { _id: oid, rev: 1, tag: 'oid' }, { _id: { a: 1 } as never, rev: 2, tag: 'doc' }]);
  });
  after(async () => { await t?.close(); });

  test('equality with other keys beside _id applies every key', async () => {
    assert.deepEqual(await col.find({ _id: 'u4', rev: 1 }).toArray(), [{ _id: 'u4', rev: 1, tag: 'even' }]);
    assert.deepEqual(await col.find({ _id: 'u4', rev: 2 }).toArray(), []);
    assert.equal(await any.countDocuments({ _id: oid, tag: 'oid' }), 1);
  });

  test('$in over ids, including ids that do not exist and non-string ids', async () => {
    const got = await col.find({ _id: { $in: ['u1', 'u2', 'nope', 'u299'] } }).toArray();
    assert.deepEqual(got.map((d) => d._id).sort(), ['u1', 'u2', 'u299']);
    const mixed = await any.find({ _id: { $in: ['u3', 7, oid] } }).toArray();
    assert.equal(mixed.length, 3);
    const withOther = await col.find({ _id: { $in: ['u1', 'u2', 'u3'] }, tag: 'odd' }).toArray();
    assert.deepEqual(withOther.map((d) => d._id).sort(), ['u1', 'u3']);
    assert.equal((await col.find({ _id: { $in: Array.from({ length: 1500 }, (_, i) => `u${i}`) } }).toArray()).length, 300);
  });

  test('conditional updates and deletes by _id touch exactly the matching document', async () => {
    const lost = await col.updateOne({ _id: 'u10', rev: 0 }, { $set: { tag: 'x' } }); // u10 has rev 1
    assert.equal(lost.matchedCount, 0);
    const won = await col.updateOne({ _id: 'u10', rev: 1 }, { $set: { tag: 'x' }, $inc: { rev: 1 } });
    assert.equal(won.modifiedCount, 1);
    assert.deepEqual(await col.findOne({ _id: 'u10' }), { _id: 'u10', rev: 2, tag: 'x' });
    assert.equal((await col.deleteMany({ _id: { $in: ['u11', 'u12'] }, tag: 'odd' })).deletedCount, 1);
    assert.deepEqual((await col.find({ _id: { $in: ['u11', 'u12'] } }).toArray()).map((d) => d._id), ['u12']);
    assert.equal(await col.countDocuments(), 302);
  });

  test('the _id index is used (the FerretDB patch is applied)', async (c) => {
    if (!ferret) return c.skip('not FerretDB');
    const plan = JSON.stringify(await col.find({ _id: { $in: ['u1', 'u2'] }, rev: 1 }).explain());
    assert.match(plan, /USING INDEX/, `query plan without the _id index: ${plan}`);
  });
});
