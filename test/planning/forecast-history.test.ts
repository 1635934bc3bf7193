// Influence history on the real FerretDB: one snapshot per person per period (a re-run replaces it),
// retention, the influence workflow's history step on the dev server, and GET /influencers/rising.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import type { Db } from 'mongodb';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, requireEnv, testDb, uniqueId } from '../helpers/stack';
import { withDevWorker } from '../helpers/worker';
import { analyticsDeps, seedFixture } from '../analytics-jobs/fixtures';
import { startApi, type ApiUnderTest } from '../security/harness';
import { createApiKey } from '../../src/api/auth';
import { analytics, type InfluenceDoc } from '../../src/store/analytics';
import { influenceHistory, risingDocs, snapshotId, writeSnapshots, type InfluenceSnapshot } from '../../src/store/influence-history';
import { secondaryIndexesUseful } from '../../src/store/index';
import { recentHistories, snapshotInfluence } from '../../src/analytics/influence-history';
import { refreshRising, risingInfluencers } from '../../src/analytics/rising';
import { parseLimit } from '../../src/cli/commands/influencers';

const DAY = 86_400_000;
const MON = Date.UTC(2026, 10, 2); // a Monday
const week = (n: number) => MON + n * 7 * DAY + 3 * DAY; // mid-week of week n
const settings = { periodDays: 7, keep: 3 };

let db: Db;
let closeDb: () => Promise<void>;
before(async () => { ({ db, close: closeDb } = await testDb('forecast_history')); });
after(async () => { await closeDb(); });

async function setInfluence(target: Db, people: { id: string; score: number; reach?: number }[], scope: InfluenceDoc['scope'] = 'all'): Promise<void> {
  for (const p of people) {
    const doc = {
      scope, campaignId: scope === 'all' ? null : 'c1', keyword: null, userId: p.id, username: `u${p.id}`, name: null, followers: 100,
      score: p.score, breakdown: { reach: p.reach ?? p.score / 2, resonance: p.score / 2, relevance: 0, depth: 0 }, sentiment: 'neutral' as const,
      tweets: 3, retweets: 2, topTweet: null, location: null, coordinates: null, computedAt: new Date(),
    };
    await analytics(target).influence.replaceOne({ _id: `${scope === 'all' ? 'all' : 'c:c1'}|${p.id}` }, doc, { upsert: true });
  }
}

test('a snapshot per person per period: a re-run of the period replaces it, campaign scopes are not kept', async () => {
  await setInfluence(db, [{ id: '11', score: 1 }, { id: '12', score: 2 }]);
  await setInfluence(db, [{ id: '11', score: 9 }], 'campaign');
  const first = await snapshotInfluence(db, week(0), settings);
  assert.deepEqual(first, { period: '2026-11-02', written: 2, pruned: 0 });
  await setInfluence(db, [{ id: '11', score: 1.5 }]);
  const again = await snapshotInfluence(db, week(0) + DAY, settings);
  assert.equal(again.period, '2026-11-02');
  assert.equal(await influenceHistory(db).countDocuments({}), 2, 're-run of the period wrote no second snapshot');
  const s = await influenceHistory(db).findOne({ _id: '11:2026-11-02' });
  assert.equal(s?.score, 1.5, 'the later run of the period wins');
  assert.equal(s?.reach, 0.75);
  assert.equal(s?.followers, 100);
  assert.equal(s?.periodStart.getTime(), MON);
  // The schedule runs every few minutes: within a day of the last write the period is left alone.
  await setInfluence(db, [{ id: '11', score: 7 }]);
  const soon = await snapshotInfluence(db, week(0) + DAY + 3_600_000, settings);
  assert.deepEqual(soon, { period: '2026-11-02', written: 0, pruned: 0, skipped: true });
  assert.equal((await influenceHistory(db).findOne({ _id: '11:2026-11-02' }))?.score, 1.5);
  await setInfluence(db, [{ id: '11', score: 1.5 }]);
});

test('writeSnapshots inserts the new ids and replaces the stored ones, in pages of any mix', async () => {
  const { db: wdb, close } = await testDb('forecast_write');
  try {
    const snap = (i: number, score: number): InfluenceSnapshot => ({
      _id: snapshotId(String(i), '2026-11-02'), userId: String(i), period: '2026-11-02', periodStart: new Date(MON), username: null,
      score, reach: 0, resonance: 0, relevance: 0, depth: 0, followers: 0, tweets: 0, retweets: 0, takenAt: new Date(MON),
    });
    await writeSnapshots(wdb, Array.from({ length: 1500 }, (_, i) => snap(2 * i, 1))); // even ids stored
    await writeSnapshots(wdb, Array.from({ length: 2500 }, (_, i) => snap(i, 2))); // 0-2499: a mix in every page
    const all = await influenceHistory(wdb).find({}).toArray();
    assert.equal(all.length, 2500 + 250, 'even ids 2500-2998 kept, nothing twice');
    for (const d of all) assert.equal(d.score, Number(d.userId) < 2500 ? 2 : 1, d._id);
  } finally {
    await close();
  }
});

test('retention keeps the configured number of periods; histories run over consecutive periods', async () => {
  for (let w = 1; w <= 3; w++) {
    await setInfluence(db, [{ id: '11', score: 1.5 + w }, { id: '12', score: 2 }]);
    if (w === 2) await analytics(db).influence.deleteOne({ _id: 'all|12' }); // 12 missing in week 2
    const r = await snapshotInfluence(db, week(w), settings);
    assert.equal(r.pruned, w === 3 ? 2 : 0, `week ${w}`);
  }
  const periods = (await influenceHistory(db).distinct('period')).sort();
  assert.deepEqual(periods, ['2026-11-09', '2026-11-16', '2026-11-23'], 'keep = 3: the oldest week went');
  const h = await recentHistories(db, 10);
  assert.equal(h.period, '2026-11-23');
  const p11 = h.people.find((p) => p.userId === '11')!;
  assert.deepEqual(p11.points.map((p) => p.score), [2.5, 3.5, 4.5]);
  const p12 = h.people.find((p) => p.userId === '12')!;
  assert.deepEqual(p12.points.map((p) => p.score), [2], 'the gap in week 2 cuts the older history off');
});

test('the influence workflow snapshots the period after scoring (patched influence-history)', async () => {
  const { db: jobDb, close } = await testDb('forecast_wf');
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  try {
    const fixture = await seedFixture(jobDb);
    const client = new Client({ connection });
    await withDevWorker(analyticsDeps(jobDb), ({ taskQueue }) =>
      client.workflow.execute('influenceWorkflow', { taskQueue, workflowId: uniqueId('influence'), args: [{ chunkSize: 5 }] }));
    const snaps = await influenceHistory(jobDb).find({}).toArray();
    assert.equal(snaps.length, fixture.profiles);
    const all = await analytics(jobDb).influence.find({ scope: 'all' }).toArray();
    for (const d of all) assert.equal(snaps.find((s) => s.userId === d.userId)?.score, d.score);
    if (!(await secondaryIndexesUseful(jobDb))) {
      const keys = (await analytics(jobDb).influence.indexes()).map((i) => JSON.stringify(i.key));
      assert.ok(keys.includes('{"scope":1}'), `the {scope} index FerretDB pushes 'all' down to: ${keys}`);
    }
    assert.equal(new Set(snaps.map((s) => s.period)).size, 1);
    // The step also stored the rising list (one period: nobody has a trend yet).
    const stored = await risingDocs(jobDb).findOne({ _id: 'latest' });
    assert.equal(stored?.period, snaps[0]!.period);
    assert.deepEqual(stored?.items, []);
  } finally {
    await connection.close();
    await close();
  }
});

test('rising influencers: ranked by predicted gain, with interval and trend', async () => {
  const { db: r, close } = await testDb('forecast_rising');
  try {
    assert.deepEqual(await risingInfluencers(r, 5), { period: null, items: [] });
    // 21 rises, 22 fades, 23..30 stay flat, 31 appears only in the last period.
    for (let w = 0; w < 5; w++) {
      await analytics(r).influence.deleteMany({});
      const people = [{ id: '21', score: 1 + 0.5 * w, reach: 0.5 + 0.3 * w }, { id: '22', score: 5 - 0.5 * w, reach: 3 - 0.3 * w }];
      for (let i = 23; i <= 30; i++) people.push({ id: String(i), score: 2, reach: 1 });
      if (w === 4) people.push({ id: '31', score: 7, reach: 3 });
      await setInfluence(r, people);
      await snapshotInfluence(r, week(w), { periodDays: 7, keep: 26 });
    }
    const res = await risingInfluencers(r, 3);
    assert.equal(res.period, '2026-11-30');
    assert.equal(res.items.length, 3);
    const top = res.items[0]!;
    assert.equal(top.xUserId, '21');
    assert.equal(top.trend, 'rising');
    assert.ok(top.predicted > top.current && top.low < top.predicted && top.predicted < top.high);
    assert.ok(!res.items.some((i) => i.xUserId === '31'), 'one period is no trend');
    const all = await risingInfluencers(r, 100);
    assert.equal(all.items.at(-1)!.xUserId, '22');
    assert.equal(all.items.at(-1)!.trend, 'fading');
    // Once stored (by the history step), the list is read back as stored, not recomputed.
    assert.equal(await refreshRising(r, new Date()), 10);
    await influenceHistory(r).deleteMany({});
    assert.deepEqual(await risingInfluencers(r, 100), all);
  } finally {
    await close();
  }
});

test('GET /influencers/rising: the shape, limit validation, roles', async () => {
  const api: ApiUnderTest = await startApi('forecast_api');
  try {
    const marketer = await createApiKey(api.db, 'm', 'marketer');
    const agent = await createApiKey(api.db, 'a', 'agent');
    for (let w = 0; w < 3; w++) {
      await analytics(api.db).influence.deleteMany({});
      for (let i = 0; i < 4; i++) {
        await analytics(api.db).influence.replaceOne({ _id: `all|${40 + i}` }, {
          scope: 'all', campaignId: null, keyword: null, userId: String(40 + i), username: `p${i}`, name: null, followers: 10, score: 1 + i * w * 0.2,
          breakdown: { reach: 1, resonance: i * w * 0.2, relevance: 0, depth: 0 }, sentiment: 'neutral', tweets: 1, retweets: 0, topTweet: null, location: null, coordinates: null, computedAt: new Date(),
        }, { upsert: true });
      }
      await snapshotInfluence(api.db, week(w), { periodDays: 7, keep: 26 });
    }
    const ok = await api.call('GET', '/influencers/rising?limit=2', marketer);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.period, '2026-11-16');
    assert.equal(ok.json.items.length, 2);
    assert.deepEqual(Object.keys(ok.json.items[0]).sort(), ['current', 'high', 'low', 'predicted', 'trend', 'username', 'xUserId']);
    assert.equal(ok.json.items[0].xUserId, '43');
    assert.equal(ok.json.items[0].username, 'p3');
    const bad = await api.call('GET', '/influencers/rising?limit=0', marketer);
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /limit/);
    assert.equal((await api.call('GET', '/influencers/rising?sort=x', marketer)).status, 400);
    assert.equal((await api.call('GET', '/influencers/rising', agent)).status, 403);
    const doc = (await api.call('GET', '/openapi.json', null)).json;
    assert.ok(doc.paths['/influencers/rising']?.get?.responses?.['200']?.content?.['application/json']?.schema);
    // The CLI prints the same forecasts, one JSON line each, from the same database.
    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'influencers', 'rising', '--limit', '2'], {
      encoding: 'utf8', env: { ...process.env, MONGODB_URI: requireEnv('MONGODB_URI'), MONGODB_DB: api.db.databaseName },
    });
    assert.equal(cli.status, 0, cli.stderr);
    const lines = cli.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, ok.json.items.map((i: object) => ({ period: ok.json.period, ...i })));
    const badCli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'chirpflow.js'), 'influencers', 'rising', '--limit', 'x'], { encoding: 'utf8' });
    assert.equal(badCli.status, 2);
    assert.match(badCli.stderr, /--limit: a whole number/);
  } finally {
    await api.close();
  }
});

test('chirpflow influencers rising --limit: a clear error naming the flag', () => {
  assert.equal(parseLimit(undefined), 50);
  assert.equal(parseLimit('7'), 7);
  assert.throws(() => parseLimit('0'), /--limit/);
  assert.throws(() => parseLimit('ten'), /--limit/);
});
