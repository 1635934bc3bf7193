// A clustering run's members become visible all at once: while a run is under way (even one that
// was retried), a reader gets a person's cluster from the previous complete run, consistent with
// the clusters summary; after the run, exactly one complete set of members is stored. Drives the
// activities directly (as the workflow does) and reads through the HTTP API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { createApp } from '../../src/api/app';
import { createApiKey } from '../../src/api/auth';
import { loadConfig } from '../../src/config';
import { analytics, latestClusterMembers, writeClusterMembers } from '../../src/store/analytics';
import { testDb } from '../helpers/stack';
import { analyticsDeps, seedFixture } from './fixtures';
import { clustersJob } from '../../src/analytics/clusters-job';
import type { JobContext } from '../../src/analytics/job';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let server: Server;
let base: string;
let key: string;
let people: string[];

before(async () => {
  t = await testDb('cluster_members');
  db = t.db;
  await seedFixture(db);
  people = (await db.collection<{ _id: string }>('profiles').find({}, { projection: { _id: 1 } }).toArray()).map((p) => p._id).sort();
  key = await createApiKey(db, 'm', 'marketer');
  server = createApp({ db, temporal: {} as Client, config: loadConfig({}) }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(async () => { server?.close(); await t?.close(); });

const get = async (path: string) => {
  const res = await fetch(base + path, { headers: { 'x-api-key': key } });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

/** What a reader sees: the summary's run time, and each person's cluster and its run time. */
async function readAll() {
  const summary = await get('/analytics/clusters');
  const members: Record<string, { cluster: number; computedAt: string }> = {};
  for (const id of people) {
    const r = await get(`/analytics/clusters/people/${id}`);
    assert.equal(r.status, 200, `${id}: ${JSON.stringify(r.body)}`);
    members[id] = { cluster: r.body.cluster, computedAt: r.body.computedAt };
  }
  return { computedAt: summary.body.computedAt as string, members };
}

/** A run's steps up to (not including) its finalize; `retry` walks every slice a second time from scratch. */
async function assign(baseKey: string, chunkSize: number, retry = false) {
  const acts = analyticsDeps(db);
  assert.ok(await acts.analyticsClustersFit({ baseKey, sampleSize: 1000 }));
  const plan = await acts.analyticsPlan({ job: 'clusters', baseKey, chunkSize, sliceSize: 8 });
  let processed = 0;
  for (const [index, slice] of plan.slices.entries()) {
    const r = await acts.analyticsSlice({ job: 'clusters', baseKey, index, slice });
    if (retry) {
      // As after a crash that lost the checkpoint: the slice's chunks are processed again.
      await analytics(db).runs.deleteMany({ _id: { $regex: `^${baseKey}#` } } as never);
      assert.equal((await acts.analyticsSlice({ job: 'clusters', baseKey, index, slice })).processed, r.processed);
    }
    processed += r.processed;
  }
  return {
    finalize: () => acts.analyticsFinalize({ job: 'clusters', baseKey, processed, planKey: plan.planKey }),
    cleanup: () => acts.analyticsCleanup({ baseKey, planKey: plan.planKey, chunks: plan.chunks }),
  };
}

async function runToEnd(baseKey: string, chunkSize: number, retry = false) {
  const r = await assign(baseKey, chunkSize, retry);
  await r.finalize();
  if (retry) await r.finalize();
  await r.cleanup();
}

/** Who is with whom (cluster labels may differ between runs). */
const partition = (m: Record<string, { cluster: number }>) => people.map((a) => people.map((b) => (m[a]!.cluster === m[b]!.cluster ? 1 : 0)).join('')).join(' ');

test('a reader during a run sees the previous complete run; afterwards exactly one set of members', async () => {
  await runToEnd('run-1', 4);
  const first = await readAll();
  for (const id of people) assert.equal(first.members[id]!.computedAt, first.computedAt, `${id}: member and summary from one run`);

  // The people swap features, so the next run puts them in other groups.
  const docs = await db.collection<{ _id: string; followers: number; tweetCount: number; listed: number }>('profiles').find({}).sort({ _id: 1 }).toArray();
  for (const [i, d] of docs.entries()) {
    const o = docs[docs.length - 1 - i]!;
    await db.collection('profiles').updateOne({ _id: d._id } as never, { $set: { followers: o.followers, tweetCount: o.tweetCount, listed: o.listed } });
  }
  const second = await assign('run-2', 5, true);
  const during = await readAll();
  assert.equal(during.computedAt, first.computedAt, 'the summary is still the first run');
  assert.deepEqual(during.members, first.members, 'every person still reads the first run');

  await second.finalize();
  await second.finalize(); // a retried finalize changes nothing
  await second.cleanup();
  const done = await readAll();
  assert.notEqual(done.computedAt, first.computedAt);
  for (const id of people) assert.equal(done.members[id]!.computedAt, done.computedAt, `${id}: member and summary from one run`);
  assert.notEqual(partition(done.members), partition(first.members), 'the second run grouped people differently');

  const latest = (await analytics(db).clusters.findOne({ _id: 'latest' }))!;
  assert.equal(latest.runKey, 'run-2');
  const sets = await analytics(db).clusterMemberSets.find({}).toArray();
  assert.ok(sets.every((s) => s.runKey === 'run-2'), 'the first run\'s members are gone');
  assert.deepEqual(sets.flatMap((s) => s.ids).sort(), people, 'everyone exactly once');
  assert.equal((await latestClusterMembers(db)).size, people.length);
});

test('members written by a run that never became latest are removed by the next complete run', async () => {
  const failed = await assign('run-failed', 6);
  // Its finalize wrote the members, then the worker died before the run became latest.
  await writeClusterMembers(db, 'run-failed', people, people.map(() => 0), new Date());
  await failed.cleanup();
  assert.equal((await get(`/analytics/clusters/people/${people[0]}`)).body.computedAt, (await get('/analytics/clusters')).body.computedAt);
  await runToEnd('run-3', 4, true);
  const sets = await analytics(db).clusterMemberSets.find({}).toArray();
  assert.deepEqual([...new Set(sets.map((s) => s.runKey))], ['run-3']);
  assert.deepEqual(sets.flatMap((s) => s.ids).sort(), people);
});

test('after an upgrade the per-person members are read until the first run replaces (and drops) them', async () => {
  const latest = (await analytics(db).clusters.findOne({ _id: 'latest' }))!;
  const { memberSets: _m, ...legacyLatest } = latest;
  await analytics(db).clusters.replaceOne({ _id: 'latest' }, { ...legacyLatest, runKey: 'old', computedAt: new Date(0) });
  await analytics(db).legacyClusterMembers.insertMany(people.map((id) => ({ _id: id, cluster: 0, runKey: 'old', computedAt: new Date(0) })));
  const r = await get(`/analytics/clusters/people/${people[1]}`);
  assert.equal(r.body.cluster, 0);
  assert.equal(r.body.computedAt, new Date(0).toISOString());
  await runToEnd('run-4', 4);
  assert.equal((await db.listCollections({ name: 'cluster_members' }).toArray()).length, 0, 'the per-person collection is dropped');
  const after = await readAll();
  for (const id of people) assert.equal(after.members[id]!.computedAt, after.computedAt);
});

test('the plan cuts its chunks from the fit\'s one read of the profiles; without the fit\'s blocks it reads them itself', async () => {
  const acts = analyticsDeps(db);
  assert.ok(await acts.analyticsClustersFit({ baseKey: 'plan-1', sampleSize: 1000 }));
  await db.collection('profiles').insertOne({ _id: '999', followers: 5, following: 5, listed: 0, tweetCount: 1 } as never); // after the fit
  const plan = await acts.analyticsPlan({ job: 'clusters', baseKey: 'plan-1', chunkSize: 5, sliceSize: 100 });
  assert.equal(plan.total, people.length, 'the chunks hold the profiles the fit read');
  const chunks = await analytics(db).chunks.find({ planKey: plan.planKey }).sort({ n: 1 }).toArray();
  assert.deepEqual(chunks.map((c) => c.ids.length), [5, 5, 2]);
  assert.deepEqual(chunks.flatMap((c) => c.ids), people, 'chunks are ranges of _id order');
  const carried = chunks.flatMap((c) => JSON.parse(c.packed ?? '[]') as { _id: string; followers: number }[]);
  assert.deepEqual(carried.map((d) => d._id), people, 'each chunk carries its features (packed)');
  assert.ok(carried.every((d) => typeof d.followers === 'number'));
  assert.equal(await analytics(db).partials.countDocuments({ _id: { $regex: '^features\\|plan-1\\|' } } as never), 0, 'the blocks go once the chunks are written');
  // A plan retried after that (a new attempt, a new plan key) reads the profiles again.
  const ctx = { db } as JobContext;
  const again = await clustersJob.plan!(ctx, { baseKey: 'plan-1', planKey: 'plan-1/2', chunkSize: 5, params: {} }, clustersJob.walk(ctx, {}));
  assert.equal(again.total, people.length + 1);
  await acts.analyticsCleanup({ baseKey: 'plan-1', planKey: 'plan-1/2', chunks: again.chunks });
  assert.equal(await analytics(db).chunks.countDocuments({}), 0);
  await db.collection('profiles').deleteOne({ _id: '999' } as never);
});
