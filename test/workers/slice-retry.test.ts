// An analytics slice retried before its first chunk finished (its worker died early, or its first
// chunk failed) resumes on the next attempt. It used to fail every retry with a TypeError on
// FerretDB: the run's checkpoint had no `chunks` list yet. Found by the two-worker test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planChunks, runChunks } from '../../src/analytics/chunks';
import { testDb } from '../helpers/stack';

test('a slice whose first attempt died before finishing a chunk completes on the next attempt', async () => {
  const { db, close } = await testDb('slice_retry');
  try {
    const items = db.collection<{ _id: string }>('slice_retry_items');
    await items.insertMany(Array.from({ length: 6 }, (_, i) => ({ _id: `i${i}` })));
    const plan = await planChunks({ db, runKey: 'run', planKey: 'plan-1', collection: items, chunkSize: 2 });
    const slice = { planKey: plan.planKey, from: 0, to: plan.chunks };
    const base = { db, job: 'test', runKey: 'run#0', collection: items, slice };
    await assert.rejects(runChunks({ ...base, processChunk: async () => { throw new Error('worker died'); } }), /worker died/);
    const seen: number[] = [];
    const r = await runChunks({ ...base, processChunk: async (docs, n) => { seen.push(n); return docs.length; } });
    assert.deepEqual(seen, [0, 1, 2], 'every chunk once, from the start');
    assert.equal(r.processed, 6);
    assert.equal(r.chunks, 3);
  } finally {
    await close();
  }
});
