// The recompute refreshes each person's polarity from sums: the plan sums the tweets that are not
// stale, each chunk sums the ones it rescored. These tests drive the activities directly (no
// Temporal) on a mix of stale and current tweets, including a chunk processed twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { analyticsDeps, fakeModels } from './fixtures';
import { analytics } from '../../src/store/analytics';
import { sliceRunKey } from '../../src/activities/analytics';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
const models = fakeModels('v2');
const texts = ['I love acme', 'acme outage again', 'acme store opens', 'great acme phone', 'awful acme support'];

before(async () => {
  t = await testDb('sentrefresh');
  db = t.db;
  const profiles = Array.from({ length: 6 }, (_, i) => ({ _id: `a${i}`, polarity: { n: 0, mean: 0 }, subjectivity: { n: 0, mean: 0 }, rev: 1 }));
  await db.collection('profiles').insertMany(profiles as never[]);
  const tweets = Array.from({ length: 47 }, (_, i) => {
    const current = i % 3 === 0; // a third already scored by the loaded models, with their own stored values
    return {
      _id: String(10_000 + i), text: texts[i % texts.length], authorId: `a${i % 5}`, // a5 has no tweets: left alone
      sentiment: { label: 'neutral', score: 0.5, subjectivity: current ? 0.1 * (i % 7) : 0.2, polarity: current ? ((i % 9) - 4) / 4 : 0, probs: {} },
      sentimentVersion: current ? models.sentimentVersion : 's-v1', emotionVersion: current ? models.emotionVersion : 'e-v1',
    };
  });
  await db.collection('tweets').insertMany(tweets as never[]);
});
after(async () => { await t?.close(); });

test('profiles get the mean over all their tweets: current ones as stored, stale ones rescored', async () => {
  const acts = analyticsDeps(db, models);
  const baseKey = 'run-mixed';
  const plan = await acts.analyticsPlan({ job: 'sentiment-recompute', baseKey, chunkSize: 4, sliceSize: 8 });
  assert.equal(plan.total, 47 - 16, 'only the stale tweets are planned');
  assert.ok(plan.slices.length > 1);
  let processed = 0;
  for (const [index, slice] of plan.slices.entries()) processed += (await acts.analyticsSlice({ job: 'sentiment-recompute', baseKey, index, slice })).processed;
  // A worker that died after its last chunk but before the checkpoint: the slice runs again from
  // its start; the chunk sums are replaced, not added twice.
  await analytics(db).runs.deleteOne({ _id: sliceRunKey(baseKey, 0) });
  await acts.analyticsSlice({ job: 'sentiment-recompute', baseKey, index: 0, slice: plan.slices[0]! });
  assert.equal(processed, 31);

  const fin = await acts.analyticsFinalize({ job: 'sentiment-recompute', baseKey, processed, planKey: plan.planKey });
  assert.equal(fin.profilesRefreshed, 5);
  const all = await db.collection<{ authorId: string; sentiment: { polarity: number; subjectivity: number }; sentimentVersion: string }>('tweets').find({}).toArray();
  assert.ok(all.every((x) => x.sentimentVersion === models.sentimentVersion));
  for (const p of await db.collection<{ _id: string; polarity: { n: number; mean: number }; subjectivity: { n: number; mean: number }; rev: number }>('profiles').find({}).toArray()) {
    const mine = all.filter((x) => x.authorId === p._id);
    if (!mine.length) {
      assert.deepEqual([p.polarity, p.rev], [{ n: 0, mean: 0 }, 1], 'a person without tweets is left alone');
      continue;
    }
    assert.equal(p.polarity.n, mine.length, p._id);
    assert.ok(Math.abs(p.polarity.mean - mine.reduce((s, x) => s + x.sentiment.polarity, 0) / mine.length) < 1e-9, `${p._id} polarity`);
    assert.ok(Math.abs(p.subjectivity.mean - mine.reduce((s, x) => s + x.sentiment.subjectivity, 0) / mine.length) < 1e-9, `${p._id} subjectivity`);
    assert.equal(p.rev, 2, 'rev bumped so a concurrent ingest write retries');
  }
  await acts.analyticsCleanup({ baseKey, planKey: plan.planKey, chunks: plan.chunks });
  assert.equal(await analytics(db).partials.countDocuments({ runKey: baseKey }), 0, 'partials removed with the run');
  assert.equal(await analytics(db).chunks.countDocuments({ runKey: baseKey }), 0);
});

test('finalize without the plan key is refused (it could not tell which sums are this run\'s)', async () => {
  await assert.rejects(analyticsDeps(db, models).analyticsFinalize({ job: 'sentiment-recompute', baseKey: 'x', processed: 1 }), /planKey/);
});
