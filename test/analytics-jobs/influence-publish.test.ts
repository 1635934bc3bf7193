// The influence job writes a run into a staging collection and publishes it whole at the finalize:
// readers see the previous run until then, a retried chunk or finalize changes nothing, a failed
// run's leftovers go, and sums spilled in many parts (cascade heights added after the tweets) give
// the same documents. Results are held to the release-0.1.0 reference of equivalence.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { analyticsDeps } from './fixtures';
import { NOW, seedEquivalenceFixture, type JobOutputs } from './equivalence-fixture';
import { analytics, influenceStaging, influenceStagingName } from '../../src/store/analytics';
import { scoreEveryone } from '../../src/analytics/influence-job';
import { loadInfluenceWeights } from '../../src/analytics/influence-weights';

const reference = (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'analytics-reference.json'), 'utf8')) as JobOutputs).influence;
let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;

before(async () => {
  t = await testDb('influence_publish');
  db = t.db;
});
after(async () => { await t?.close(); });

async function reseed(): Promise<void> {
  for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) await db.collection(c.name).drop();
  await seedEquivalenceFixture(db);
}

/** The influence collection as the reference stores it (sorted by _id, without run and time). */
async function influenceNow(): Promise<Record<string, unknown>[]> {
  const docs = await analytics(db).influence.find({}).toArray();
  return JSON.parse(JSON.stringify(docs.sort((a, b) => (a._id < b._id ? -1 : 1)).map(({ computedAt: _c, runKey: _r, ...rest }) => rest))) as Record<string, unknown>[];
}

function assertMatchesReference(got: Record<string, unknown>[]): void {
  assert.deepEqual(got.map((d) => d._id), reference.map((d) => d._id), 'the same documents (person and scope)');
  for (const [i, d] of reference.entries()) {
    const g = got[i]!;
    for (const k of Object.keys(d)) {
      if (typeof d[k] === 'number') assert.ok(Math.abs((g[k] as number) - (d[k] as number)) <= 1e-9, `${String(d._id)}.${k}`);
      else assert.deepEqual(g[k], d[k], `${String(d._id)}.${k}`);
    }
  }
}

const stagingNames = async () => (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith('influence_staging_')).sort();

test('readers see the previous run until the finalize; retried chunks and finalize change nothing; leftovers of a failed run go', async () => {
  await reseed();
  // A run that failed after writing some of its documents: they must not leak into the results.
  await influenceStaging(db, 'failed:run').insertOne({ ...reference[0], _id: 'c:ghost|700', score: 99 } as never);
  const before = await influenceNow();
  assert.equal(before.length, 2, 'the fixture starts with two documents of an earlier run');

  const acts = analyticsDeps(db);
  const baseKey = 'publish:run';
  const params = { now: NOW };
  const plan = await acts.analyticsPlan({ job: 'influence', baseKey, chunkSize: 7, sliceSize: 14, params });
  assert.ok(plan.slices.length > 1);
  for (const [index, slice] of plan.slices.entries()) await acts.analyticsSlice({ job: 'influence', baseKey, index, slice, params });
  assert.deepEqual(await influenceNow(), before, 'nothing published before the finalize');
  assert.ok(await influenceStaging(db, baseKey).countDocuments() > 0);
  // A slice walked again from its first chunk (its checkpoint lost): the same documents again.
  await acts.analyticsSlice({ job: 'influence', baseKey, index: 99, slice: plan.slices[0]!, params });

  await acts.analyticsFinalize({ job: 'influence', baseKey, processed: 0, params, planKey: plan.planKey });
  assertMatchesReference(await influenceNow());
  assert.deepEqual(await stagingNames(), [], 'the run was published and the failed run\'s leftovers dropped');
  // The worker died before it reported the finalize: the retry finds the run published.
  await acts.analyticsFinalize({ job: 'influence', baseKey, processed: 0, params, planKey: plan.planKey });
  await acts.analyticsCleanup({ baseKey, planKey: plan.planKey, chunks: plan.chunks });
  assertMatchesReference(await influenceNow());
  assert.ok(influenceStagingName(baseKey).length < 120);
});

test('a second run replaces the first: the same documents, a person\'s stale scopes dropped', async () => {
  // The fixture's stale scope of a known person goes, the unknown person's stays (reference).
  const acts = analyticsDeps(db);
  const baseKey = 'publish:second';
  const params = { now: NOW };
  const plan = await acts.analyticsPlan({ job: 'influence', baseKey, chunkSize: 50, sliceSize: 50, params });
  for (const [index, slice] of plan.slices.entries()) await acts.analyticsSlice({ job: 'influence', baseKey, index, slice, params });
  await acts.analyticsFinalize({ job: 'influence', baseKey, processed: 0, params, planKey: plan.planKey });
  await acts.analyticsCleanup({ baseKey, planKey: plan.planKey, chunks: plan.chunks });
  assertMatchesReference(await influenceNow());
  assert.deepEqual(await analytics(db).influence.distinct('runKey', { userId: { $ne: '888' } }), [baseKey]);
});

test('sums spilled in many parts (three people held at a time) give the same documents', async () => {
  await reseed();
  await scoreEveryone(db, loadInfluenceWeights(), 'spilled', new Date(NOW), 7, 3);
  assertMatchesReference(await influenceNow());
  assert.equal(await analytics(db).partials.countDocuments({ runKey: 'spilled' }), 0);
});
