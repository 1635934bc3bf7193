// A finalize that is retried (its worker died after the work, before reporting it) must find the
// run's partials again: they are removed by the run's cleanup, not by the finalize itself. Drives
// the activities directly for the jobs that merge partials.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { analyticsDeps, seedFixture } from './fixtures';
import { analytics } from '../../src/store/analytics';
import type { AnalyticsJob } from '../../src/activities/analytics';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
const now = Date.now();

before(async () => {
  t = await testDb('finretry');
  db = t.db;
  await seedFixture(db, now);
});
after(async () => { await t?.close(); });

async function runTwiceAndClean(job: AnalyticsJob, baseKey: string, params = {}) {
  const acts = analyticsDeps(db);
  if (job === 'clusters') assert.ok(await acts.analyticsClustersFit({ baseKey, sampleSize: 1000 }));
  const plan = await acts.analyticsPlan({ job, baseKey, chunkSize: 5, sliceSize: 1000, params });
  let processed = 0;
  for (const [index, slice] of plan.slices.entries()) processed += (await acts.analyticsSlice({ job, baseKey, index, slice, params })).processed;
  const first = await acts.analyticsFinalize({ job, baseKey, processed, params, planKey: plan.planKey });
  assert.ok(await analytics(db).partials.countDocuments({ runKey: baseKey }) > 0, 'the partials outlive the finalize');
  const again = await acts.analyticsFinalize({ job, baseKey, processed, params, planKey: plan.planKey });
  await acts.analyticsCleanup({ baseKey, planKey: plan.planKey, chunks: plan.chunks });
  assert.equal(await analytics(db).partials.countDocuments({ runKey: baseKey }), 0, 'cleanup removes the partials');
  return { first, again };
}

test('mood: a retried finalize gives the same recommendations', async () => {
  const { first, again } = await runTwiceAndClean('mood', 'mood-retry', { now });
  assert.ok(first.recommendations! > 0);
  assert.deepEqual(again, first);
});

test('clusters: a retried finalize still finds the assignments', async () => {
  const { first, again } = await runTwiceAndClean('clusters', 'clusters-retry');
  assert.ok(first.clusters!.profiles > 0);
  assert.deepEqual(again, first);
});

test('trends: a retried finalize counts the same tweets', async () => {
  const params = { windowFrom: now - 13 * 3_600_000, windowTo: now };
  const { first, again } = await runTwiceAndClean('trends', 'trends-retry', params);
  assert.ok(first.trends!.tweets > 0);
  assert.equal(again.trends!.tweets, first.trends!.tweets);
  assert.equal(again.trends!.trends, first.trends!.trends);
});
