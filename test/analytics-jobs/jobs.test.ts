// Each batch workflow runs on the real dev server over fixture data and writes its outputs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Db } from 'mongodb';
import { requireEnv, testDb, uniqueId } from '../helpers/stack';
import { withDevWorker } from '../helpers/worker';
import { analyticsDeps, fakeModels, seedFixture } from './fixtures';
import { analytics } from '../../src/store/analytics';
import { ensureAnalyticsIndexes, latestClusterMembers } from '../../src/store/analytics';
import type { BatchResult } from '../../src/workflows/analytics/contract';
import type { TrendsResult } from '../../src/workflows/analytics/contract';

let db: Db;
let closeDb: () => Promise<void>;
let connection: Connection;
let client: Client;
let hook: Server;
let hookUrl: string;
const received: { body: string; signature: string | undefined; key: string | undefined }[] = [];
let failFirst = 1;
let fixture: { tweets: number; profiles: number };

before(async () => {
  ({ db, close: closeDb } = await testDb('analytics_jobs'));
  await ensureAnalyticsIndexes(db);
  fixture = await seedFixture(db);
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  client = new Client({ connection });
  // A webhook that fails its first delivery (503) to exercise the retry policy.
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      if (failFirst-- > 0) { res.statusCode = 503; res.end(); return; }
      received.push({ body, signature: req.headers['x-chirpflow-signature'] as string | undefined, key: req.headers['idempotency-key'] as string | undefined });
      res.end('ok');
    });
  }).listen(0, '127.0.0.1');
  await new Promise((r) => hook.once('listening', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
});

after(async () => {
  hook.close();
  await connection.close();
  await closeDb();
});

async function run<R>(workflow: string, options: Record<string, unknown> = {}): Promise<R> {
  return withDevWorker(analyticsDeps(db, fakeModels('v2'), { webhookUrl: hookUrl }), ({ taskQueue }) =>
    client.workflow.execute(workflow, { taskQueue, workflowId: uniqueId(workflow), args: [options] }) as Promise<R>);
}

test('sentiment recompute rescores stale tweets in chunks, fans out over child workflows, refreshes profiles', async () => {
  const r = await run<BatchResult>('sentimentRecomputeWorkflow', { chunkSize: 10, sliceSize: 30, heartbeatTimeoutMs: 10_000 });
  assert.equal(r.total, fixture.tweets);
  assert.equal(r.processed, fixture.tweets);
  assert.equal(r.slices, Math.ceil(fixture.tweets / 30), 'one child workflow per slice');
  assert.equal(await db.collection('tweets').countDocuments({ sentimentVersion: { $ne: 's-v2' } }), 0);
  assert.equal(await db.collection('tweets').countDocuments({ emotionVersion: 'e-v2', 'sentiment.label': 'negative' }), 30);
  // Each person's polarity is now the mean of their rescored tweets.
  const profs = await db.collection<{ _id: string; polarity: { n: number; mean: number } }>('profiles').find({}).toArray();
  const all = await db.collection<{ authorId: string; sentiment: { polarity: number } }>('tweets').find({}).toArray();
  for (const p of profs) {
    const mine = all.filter((t) => t.authorId === p._id);
    const mean = mine.reduce((s, t) => s + t.sentiment.polarity, 0) / mine.length;
    assert.equal(p.polarity.n, mine.length);
    assert.ok(Math.abs(p.polarity.mean - mean) < 1e-9, `${p._id}: ${p.polarity.mean} vs ${mean}`);
  }
  assert.ok(profs.some((p) => Math.abs(p.polarity.mean) > 0.05), 'fixture profiles start at 0 and move');
  assert.equal(r.finalize.profilesRefreshed, fixture.profiles);
  // Every chunk of every slice is recorded once.
  const runs = await analytics(db).runs.find({ _id: { $regex: `^${r.baseKey.replace(/[$.]/g, '\\$&')}#` } } as never).toArray();
  assert.equal(runs.length, r.slices);
  assert.equal(runs.reduce((s, x) => s + x.chunks.length, 0), r.chunks);
  // A second run finds nothing stale and stops after planning.
  const again = await run<BatchResult>('sentimentRecomputeWorkflow', { chunkSize: 10 });
  assert.equal(again.total, 0);
});

test('influence scores every person overall, per campaign and per keyword, with breakdown and location', async () => {
  const r = await run<BatchResult>('influenceWorkflow', { chunkSize: 5 });
  assert.equal(r.processed, fixture.profiles);
  assert.equal(r.chunks, 3);
  const inf = analytics(db).influence;
  assert.equal(await inf.countDocuments({ scope: 'all' }), fixture.profiles);
  const kw = await inf.find({ scope: 'keyword', campaignId: 'c1', keyword: 'acme' }).sort({ score: -1 }).toArray();
  assert.ok(kw.length >= 10);
  const u3 = kw.find((d) => d.userId === '503')!;
  assert.ok(u3.breakdown.depth > 0, 'user3 started a two-level retweet cascade');
  assert.equal(u3.retweets, 40);
  assert.equal(u3.topTweet?.retweets, 40);
  const london = await inf.findOne({ scope: 'all', userId: '500' });
  assert.equal(london?.location, 'London');
  assert.ok(london?.coordinates && Math.abs(london.coordinates.lat - 51.5) < 0.5);
  for (const d of kw) assert.ok(Math.abs(d.score - (d.breakdown.reach + d.breakdown.resonance + d.breakdown.relevance + d.breakdown.depth)) < 1e-9);
});

test('clusters: k from the elbow on a sample, everyone assigned in chunks, summaries merged', async () => {
  const r = await run<BatchResult>('clustersWorkflow', { chunkSize: 4 });
  assert.equal(r.processed, fixture.profiles);
  const c = await analytics(db).clusters.findOne({ _id: 'latest' });
  assert.ok(c);
  assert.equal(c.clusters.length, c.k);
  assert.equal(c.clusters.reduce((s, x) => s + x.size, 0), fixture.profiles);
  assert.ok(c.inertiaCurve.length >= 2);
  const members = await latestClusterMembers(db);
  assert.equal(members.size, fixture.profiles);
  assert.equal(c.memberSets, 1);
  assert.equal(await analytics(db).clusterMemberSets.countDocuments({}), 1, 'only the latest run has members');
});

test('trends: hourly series, word clouds, a crisis alert delivered to the webhook after a retry', async () => {
  const r = await run<TrendsResult>('trendsWorkflow', { chunkSize: 20, deliveryInitialIntervalMs: 100 });
  assert.ok((r.finalize.trends?.trends ?? 0) > 0);
  const series = await analytics(db).trends.find({ kind: 'hashtag', key: 'acmefail' }).sort({ hour: 1 }).toArray();
  assert.equal(series.length, 13);
  assert.equal(series.at(-1)!.count, 30);
  const alerts = await analytics(db).alerts.find({}).toArray();
  assert.ok(alerts.some((a) => a.key === 'acmefail' && a.type === 'volume_spike'), JSON.stringify(alerts.map((a) => a._id)));
  assert.ok(alerts.every((a) => a.delivery.status === 'delivered'));
  assert.equal(r.delivered, alerts.length);
  const first = alerts.find((a) => a.key === 'acmefail')!;
  assert.ok(first.delivery.attempts >= 1);
  assert.equal(alerts.reduce((s, a) => s + a.delivery.attempts, 0), alerts.length + 1, 'one failed attempt was retried');
  const got = received.find((x) => x.key === first._id)!;
  assert.equal(got.signature, `sha256=${createHmac('sha256', 'test-secret-123').update(got.body).digest('hex')}`);
  const neg = await analytics(db).wordClouds.findOne({ _id: 'negative' });
  assert.ok(neg && neg.terms.some((t) => t.term === 'outage'), JSON.stringify(neg?.terms.slice(0, 5)));
  // The same crisis found again is not stored or delivered twice.
  const again = await run<TrendsResult>('trendsWorkflow', { chunkSize: 20 });
  assert.equal(again.delivered, 0);
  assert.equal(await analytics(db).alerts.countDocuments({}), alerts.length);
});

test('mood: status per person with happiest/saddest tweets and recommendations', async () => {
  const r = await run<BatchResult>('moodWorkflow', { chunkSize: 5 });
  assert.equal(r.processed, fixture.profiles);
  const moods = await analytics(db).moods.find({}).toArray();
  assert.equal(moods.length, fixture.profiles);
  const withStatus = moods.filter((m) => m.status);
  assert.ok(withStatus.length >= 10);
  const sad = moods.find((m) => m.saddest);
  assert.ok(sad?.saddest?.text.includes('hate'));
  assert.ok(withStatus.every((m) => m.recommendations && m.recommendations.targetStatus === m.status));
});
