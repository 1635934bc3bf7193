// The embedded FerretDB is built with scripts/ferretdb/sqlite-index-pushdown.patch: equality to a
// string, or `$in` over strings, on a top-level field with a single-field index is answered from
// that index. MongoDB's semantics must hold for every value the field can have (an array holding
// the string matches too; other types never do) and for every command that filters (find, count,
// update, delete). Expected answers are computed here from the documents, not read back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { testDb } from '../helpers/stack';

interface Doc { _id: string; tag?: unknown; n: number }

const tags: unknown[] = ['x', 'y', 'x', ['x', 'z'], ['y'], [], 7, null, { x: 1 }, undefined, new ObjectId(), 'X', 'x ', '', 'é<&>', ['é<&>']];
const docs: Doc[] = Array.from({ length: 320 }, (_, i) => {
  const tag = tags[i % tags.length];
  return tag === undefined ? { _id: `d${i}`, n: i } : { _id: `d${i}`, tag, n: i };
});

/** MongoDB's answer to {tag: s} for a string s. */
const matches = (d: Doc, s: string) => d.tag === s || (Array.isArray(d.tag) && d.tag.includes(s));
const ids = (xs: Doc[]) => xs.map((d) => d._id).sort();

describe('FerretDB lookups by an indexed field', () => {
  let t: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  let col: Collection<Doc>;
  let ferret = false;

  before(async () => {
    t = await testDb('field_pushdown');
    db = t.db;
    ferret = typeof (await db.admin().command({ buildInfo: 1 })).ferretdbVersion === 'string';
    col = db.collection<Doc>('docs');
    await col.createIndex({ tag: 1 });
    await col.insertMany(docs);
  });
  after(async () => { await t?.close(); });

  const find = async (f: Filter<Doc>) => ids(await col.find(f).toArray());

  test('equality and $in over strings match strings and arrays holding them, nothing else', async () => {
    for (const s of ['x', 'y', 'z', 'X', 'x ', '', 'é<&>', 'absent']) {
      assert.deepEqual(await find({ tag: s }), ids(docs.filter((d) => matches(d, s))), `{tag: ${JSON.stringify(s)}}`);
    }
    assert.deepEqual(await find({ tag: { $in: ['y', 'z', 'absent'] } }), ids(docs.filter((d) => matches(d, 'y') || matches(d, 'z'))));
  });

  test('other keys beside it still apply; conditions it does not take are answered as before', async () => {
    assert.deepEqual(await find({ tag: 'x', n: { $lt: 100 } }), ids(docs.filter((d) => matches(d, 'x') && d.n < 100)));
    assert.deepEqual(await find({ tag: { $in: ['y', 7] } }), ids(docs.filter((d) => matches(d, 'y') || d.tag === 7)));
    assert.deepEqual(await find({ tag: null }), ids(docs.filter((d) => d.tag === null || d.tag === undefined)));
    assert.deepEqual(await find({ tag: { $ne: 'x' } }), ids(docs.filter((d) => !matches(d, 'x'))));
    const many = Array.from({ length: 1500 }, (_, i) => `v${i}`).concat('y');
    assert.deepEqual(await find({ tag: { $in: many } }), ids(docs.filter((d) => matches(d, 'y'))));
  });

  test('count, update and delete filter the same way', async () => {
    assert.equal(await col.countDocuments({ tag: 'z' }), docs.filter((d) => matches(d, 'z')).length);
    const upd = await col.updateMany({ tag: 'y' }, { $set: { n: -1 } });
    assert.equal(upd.modifiedCount, docs.filter((d) => matches(d, 'y')).length);
    const del = await col.deleteMany({ tag: { $in: ['x ', ''] } });
    assert.equal(del.deletedCount, docs.filter((d) => matches(d, 'x ') || matches(d, '')).length);
    assert.equal(await col.countDocuments(), docs.length - del.deletedCount);
  });

  test('the index is used (the FerretDB patch is applied)', async (c) => {
    if (!ferret) return c.skip('not FerretDB');
    const plan = JSON.stringify(await col.find({ tag: { $in: ['x', 'y'] } }).explain());
    assert.match(plan, /USING INDEX \S*tag_1/, `query plan without the tag index: ${plan}`);
  });
});
