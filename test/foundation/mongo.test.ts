import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../helpers/stack';
import { connectStore, ensureIndexes } from '../../src/store';
import { UserError } from '../../src/errors';

test('documents round-trip through the MongoDB wire protocol with the official driver', async () => {
  const { db, close } = await testDb('roundtrip');
  try {
    const col = db.collection<{ _id: string; n: number; at: Date; tags: string[] }>('things');
    const at = new Date('2026-01-02T03:04:05.678Z');
    await col.insertOne({ _id: 'a', n: 1, at, tags: ['x', 'y'] });
    await col.updateOne({ _id: 'a' }, { $inc: { n: 2 }, $addToSet: { tags: 'z' } });
    const doc = await col.findOne({ _id: 'a' });
    assert.deepEqual(doc, { _id: 'a', n: 3, at, tags: ['x', 'y', 'z'] });
    await ensureIndexes(db);
    await ensureIndexes(db); // idempotent
    const counts = await col.aggregate([{ $group: { _id: null, total: { $sum: '$n' } } }]).toArray();
    assert.equal(counts[0]!.total, 3);
  } finally {
    await close();
  }
});

test('an unreachable MongoDB fails fast with one line naming the remedy', async () => {
  const started = Date.now();
  await assert.rejects(connectStore('mongodb://127.0.0.1:1/', 'x', 1000), (err: Error) => {
    assert.ok(err instanceof UserError);
    assert.match(err.message, /cannot reach MongoDB.*MONGODB_URI/);
    assert.ok(!err.message.includes('\n'));
    return true;
  });
  assert.ok(Date.now() - started < 10_000);
});
