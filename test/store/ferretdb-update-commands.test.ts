// The embedded FerretDB is built with scripts/ferretdb/update-commands.patch: the statements of one
// update command are written in one transaction, and each statement's query is closed when the
// statement is done (before, a command of ~100 statements waited forever for a pooled connection).
// These tests hold the patched server to MongoDB's semantics; they run the same on a real MongoDB.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { testDb } from '../helpers/stack';

interface Doc { _id: string; rev: number; tag: string; n?: number }

/** Fails instead of hanging when a command never returns. */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not return within ${ms} ms`)), ms); });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

describe('update commands with many statements', () => {
  let t: Awaited<ReturnType<typeof testDb>>;
  let col: Collection<Doc>;

  before(async () => {
    t = await testDb('updcmd');
    col = t.db.collection<Doc>('docs');
    await col.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: `d${i}`, rev: 0, tag: 'a' })));
  });
  after(async () => { await t?.close(); });

  test('a later statement sees what an earlier one changed in the same command', async () => {
    const r = await col.bulkWrite([
      { updateOne: { filter: { _id: 'd1', rev: 0 }, update: { $inc: { rev: 1 } } } },
      { updateOne: { filter: { _id: 'd1', rev: 1 }, update: { $inc: { rev: 1 } } } }, // same _id: must see rev 1
      { updateOne: { filter: { _id: 'd2' }, update: { $set: { tag: 'moved' } } } },
      { updateMany: { filter: { tag: 'moved' }, update: { $set: { n: 7 } } } }, // not by _id: must see d2's new tag
      { updateOne: { filter: { _id: 'd3', rev: 5 }, update: { $set: { tag: 'never' } } } }, // matches nothing
    ], { ordered: true });
    assert.equal(r.matchedCount, 4);
    assert.equal(r.modifiedCount, 4);
    assert.deepEqual(await col.findOne({ _id: 'd1' }), { _id: 'd1', rev: 2, tag: 'a' });
    assert.deepEqual(await col.findOne({ _id: 'd2' }), { _id: 'd2', rev: 0, tag: 'moved', n: 7 });
    assert.deepEqual(await col.findOne({ _id: 'd3' }), { _id: 'd3', rev: 0, tag: 'a' });
  });

  test('an upsert between updates inserts once and keeps the updates around it', async () => {
    const r = await col.bulkWrite([
      { updateOne: { filter: { _id: 'd4' }, update: { $set: { tag: 'b' } } } },
      { updateOne: { filter: { _id: 'new1' }, update: { $set: { tag: 'up' }, $setOnInsert: { rev: 9 } }, upsert: true } },
      { updateOne: { filter: { _id: 'new1' }, update: { $inc: { rev: 1 } } } },
      { updateOne: { filter: { _id: 'd5' }, update: { $set: { tag: 'c' } } } },
    ]);
    assert.equal(r.upsertedCount, 1);
    assert.equal(r.matchedCount, 3);
    assert.deepEqual(await col.find({ _id: { $in: ['d4', 'd5', 'new1'] } }).sort({ _id: 1 }).toArray(), [
      { _id: 'd4', rev: 0, tag: 'b' }, { _id: 'd5', rev: 0, tag: 'c' }, { _id: 'new1', rev: 10, tag: 'up' },
    ]);
  });

  test('an ordered command that fails midway keeps the statements before the failure', async () => {
    await col.updateOne({ _id: 'd6' }, { $set: { tag: 'text' } });
    const ops: AnyBulkWriteOperation<Doc>[] = [
      { updateOne: { filter: { _id: 'd7' }, update: { $set: { tag: 'before' } } } },
      { updateOne: { filter: { _id: 'd6' }, update: { $inc: { tag: 1 } as never } } }, // $inc on a string: an error
      { updateOne: { filter: { _id: 'd8' }, update: { $set: { tag: 'after' } } } },
    ];
    await assert.rejects(col.bulkWrite(ops, { ordered: true }), MongoBulkWriteError);
    assert.equal((await col.findOne({ _id: 'd7' }))?.tag, 'before');
    assert.equal((await col.findOne({ _id: 'd6' }))?.tag, 'text');
    assert.equal((await col.findOne({ _id: 'd8' }))?.tag, 'a');
  });

  test('commands of 300 statements, and two of 150 at once, complete and write every statement', async () => {
    const ops = (from: number, count: number, tag: string): AnyBulkWriteOperation<Doc>[] =>
      Array.from({ length: count }, (_, i) => ({ updateOne: { filter: { _id: `d${from + i}` }, update: { $set: { tag }, $inc: { rev: 1 } } } }));
    const big = await within(60_000, col.bulkWrite(ops(100, 300, 'big')), 'a command of 300 updates');
    assert.equal(big.modifiedCount, 300);
    const [x, y] = await within(60_000, Promise.all([col.bulkWrite(ops(400, 150, 'x')), col.bulkWrite(ops(550, 150, 'y'))]), 'two commands of 150 updates');
    assert.equal(x.modifiedCount + y.modifiedCount, 300);
    assert.equal(await col.countDocuments({ tag: { $in: ['big', 'x', 'y'] }, rev: 1 }), 600);
  });
});
