// The chunked walk on the real store: one plan pass stores sorted chunks of _ids, a slice walks
// them in order, a second walk after a checkpoint starts after it, and cleanup removes the chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../helpers/stack';
import { cutSlices, planChunks, removeChunks, runChunks, sortedUniqueIds } from '../../src/analytics/chunks';
import { analytics } from '../../src/store/analytics';

test('sortedUniqueIds sorts bytewise and drops repeats; cutSlices covers every chunk once', () => {
  assert.deepEqual(sortedUniqueIds(['b', 'a', 'B', 'a', '10', '9']), ['10', '9', 'B', 'a', 'b']);
  assert.deepEqual(cutSlices({ planKey: 'p', total: 25, chunks: 7 }, 4, 10), [
    { planKey: 'p', from: 0, to: 3 }, { planKey: 'p', from: 3, to: 6 }, { planKey: 'p', from: 6, to: 7 },
  ]);
  assert.deepEqual(cutSlices({ planKey: 'p', total: 0, chunks: 0 }, 4, 10), []);
});

test('plan, walk, resume from the checkpoint, clean up', async () => {
  const { db, close } = await testDb('analytics_chunks');
  try {
    const col = db.collection<{ _id: string; keep: boolean }>('items');
    // Inserted out of order: the plan must not depend on natural order.
    const ids = Array.from({ length: 23 }, (_, i) => `id${String((i * 7) % 23).padStart(2, '0')}`);
    await col.insertMany(ids.map((_id, i) => ({ _id, keep: i !== 5 })));
    const plan = await planChunks({ db, runKey: 'run1', planKey: 'run1/1', collection: col, filter: { keep: true }, chunkSize: 5 });
    assert.deepEqual(plan, { planKey: 'run1/1', total: 22, chunks: 5 });
    const stored = await analytics(db).chunks.find({ runKey: 'run1' }).sort({ n: 1 }).toArray();
    assert.deepEqual(stored.flatMap((c) => c.ids), [...ids].filter((_, i) => i !== 5).sort());

    // A document that stops matching after the plan is skipped by the walk.
    await col.updateOne({ _id: stored[0]!.ids[0]! }, { $set: { keep: false } });
    const seen: { chunk: number; ids: string[] }[] = [];
    const walk = (from: number, to: number) => runChunks({
      db, job: 'test', runKey: 'run1#0', collection: col, filter: { keep: true }, slice: { planKey: 'run1/1', from, to },
      processChunk: async (docs, chunk) => { seen.push({ chunk, ids: docs.map((d) => d._id) }); return docs.length; },
    });
    // First attempt stops after chunk 1 (as if the worker died); its checkpoint says next = 2.
    const first = await walk(0, 2);
    assert.equal(first.next, 2);
    await analytics(db).runs.updateOne({ _id: 'run1#0' }, { $set: { done: false } });
    const second = await walk(0, 5);
    assert.equal(second.resumedFrom, 2);
    assert.equal(second.source, 'checkpoint');
    assert.deepEqual(seen.map((s) => s.chunk), [0, 1, 2, 3, 4], 'each chunk once, in order');
    assert.deepEqual(seen[0]!.ids, stored[0]!.ids.slice(1));
    assert.deepEqual(seen.slice(1).map((s) => s.ids), stored.slice(1).map((c) => c.ids));
    assert.equal(second.processed, 21);
    const run = await analytics(db).runs.findOne({ _id: 'run1#0' });
    assert.deepEqual(run?.chunks, [0, 1, 2, 3, 4]);

    // A leftover of an earlier plan attempt is swept with the run's chunks.
    await analytics(db).chunks.insertOne({ _id: 'run1/0#0', runKey: 'run1', planKey: 'run1/0', n: 0, ids: ['x'], createdAt: new Date() });
    await removeChunks(db, 'run1', plan, true);
    assert.equal(await analytics(db).chunks.countDocuments({}), 0);
  } finally {
    await close();
  }
});

test('a plan that carries documents: keep and carry decide, the walk reads only the chunks', async () => {
  const { db, close } = await testDb('analytics_carry');
  try {
    const col = db.collection<{ _id: string; text: string; n: number }>('items');
    await col.insertMany(Array.from({ length: 12 }, (_, i) => ({ _id: `t${String(11 - i).padStart(2, '0')}`, text: `text ${11 - i}`, n: 11 - i })));
    const plan = await planChunks({
      db, runKey: 'run2', planKey: 'run2/1', collection: col, chunkSize: 4, projection: { _id: 1, text: 1, n: 1 },
      keep: (d) => d.n % 3 !== 0, carry: (d) => ({ _id: d._id, text: d.text.toUpperCase() }),
    });
    assert.deepEqual(plan, { planKey: 'run2/1', total: 8, chunks: 2 });
    // The collection is gone: whatever the walk sees came from the chunks.
    await col.deleteMany({});
    const chunks: { _id: string; text: string }[][] = [];
    const r = await runChunks({
      db, job: 'test', runKey: 'run2#0', collection: col as never, slice: { planKey: 'run2/1', from: 0, to: 2 },
      processChunk: async (docs) => { chunks.push(docs as unknown as { _id: string; text: string }[]); return docs.length; },
    });
    assert.equal(r.processed, 8);
    // Chunks are cut in scan order (written while the scan goes on); each is in _id order.
    assert.deepEqual(chunks.map((c) => c.length), [4, 4]);
    for (const c of chunks) assert.deepEqual(c.map((d) => d._id), c.map((d) => d._id).sort());
    const seen = chunks.flat().sort((a, b) => a._id.localeCompare(b._id));
    assert.deepEqual(seen.map((d) => d._id), ['t01', 't02', 't04', 't05', 't07', 't08', 't10', 't11'], 'the kept ones, each once');
    assert.deepEqual(seen.map((d) => d.text), ['TEXT 1', 'TEXT 2', 'TEXT 4', 'TEXT 5', 'TEXT 7', 'TEXT 8', 'TEXT 10', 'TEXT 11']);
  } finally {
    await close();
  }
});
