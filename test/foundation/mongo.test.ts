import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../helpers/stack';
import { connectStore, ensureIndexes, secondaryIndexesUseful } from '../../src/store';
import { ensureAllIndexes } from '../../src/store/indexes';
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

test('indexes: unique ones always; secondary ones only where queries can use them (not FerretDB 1.x)', async () => {
  const { db, close } = await testDb('indexes');
  try {
    // As an earlier version left it: the secondary index exists.
    await db.collection('tweets').createIndex({ authorId: 1, createdAt: -1 });
    await ensureAllIndexes(db);
    await ensureAllIndexes(db); // idempotent
    const useful = await secondaryIndexesUseful(db);
    const info = await db.admin().command({ buildInfo: 1 });
    assert.equal(useful, typeof info.ferretdbVersion !== 'string', 'only FerretDB 1.x is told apart');
    const names = async (c: string) => (await db.collection(c).listIndexes().toArray()).map((i) => i.name as string).sort();
    assert.ok((await names('api_keys')).includes('hash_1'), 'the unique index exists everywhere');
    assert.equal((await names('tweets')).includes('authorId_1_createdAt_-1'), useful, 'kept where useful, dropped where not');
    await db.collection('api_keys').insertOne({ _id: 'k1', hash: 'h' } as never);
    await assert.rejects(db.collection('api_keys').insertOne({ _id: 'k2', hash: 'h' } as never), /duplicate key/i);
  } finally {
    await close();
  }
});
