// The analytics API validates its input (400 naming the field), checks roles, returns stored results
// and is described in /openapi.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { createApp } from '../../src/api/app';
import { createApiKey } from '../../src/api/auth';
import { loadConfig } from '../../src/config';
import { analytics, type InfluenceDoc } from '../../src/store/analytics';
import { testDb } from '../helpers/stack';

let db: Db;
let closeDb: () => Promise<void>;
let server: Server;
let base: string;
let marketer: string;
let agent: string;

const inf = (userId: string, score: number, sentiment: InfluenceDoc['sentiment'], keyword: string | null): InfluenceDoc => ({
  _id: `${keyword ? `c:c1|k:${keyword}` : 'c:c1'}|${userId}`, scope: keyword ? 'keyword' : 'campaign', campaignId: 'c1', keyword, userId,
  username: `u${userId}`, name: null, followers: 100, score, breakdown: { reach: score / 2, resonance: score / 2, relevance: 0, depth: 0 },
  sentiment, tweets: 3, retweets: 7, topTweet: { id: '1', text: 'acme rocks', createdAt: null, retweets: 7, likes: 1 },
  location: 'London', coordinates: { lat: 51.5, lon: -0.12, name: 'London', country: 'GB' }, computedAt: new Date(),
});

before(async () => {
  ({ db, close: closeDb } = await testDb('analytics_api'));
  marketer = await createApiKey(db, 'm', 'marketer');
  agent = await createApiKey(db, 'a', 'agent');
  const a = analytics(db);
  await a.influence.insertMany([inf('1', 3, 'positive', 'acme'), inf('2', 5, 'positive', 'acme'), inf('3', 9, 'negative', 'acme'), inf('4', 1, 'positive', null)]);
  await a.clusters.insertOne({ _id: 'latest', k: 2, kneeK: 2, silhouetteBestK: 2, silhouette: 0.6, inertiaCurve: [{ k: 2, inertia: 10, silhouette: 0.6 }, { k: 3, inertia: 8, silhouette: 0.4 }], clusters: [{ cluster: 0, size: 1 }, { cluster: 1, size: 1 }] as never, profiles: 2, runKey: 'r', computedAt: new Date() });
  await a.legacyClusterMembers.insertOne({ _id: '42', cluster: 1, runKey: 'r', computedAt: new Date() });
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  await a.trends.insertOne({ _id: `hashtag|acmefail|${hour.toISOString()}`, kind: 'hashtag', key: 'acmefail', hour, count: 30, sentimentSum: -3, sentimentSumSq: 1, sentimentCount: 30, avgSentiment: -0.1, computedAt: new Date() });
  await a.alerts.insertOne({ _id: 'x', kind: 'hashtag', key: 'acmefail', hour, type: 'volume_spike', observed: 30, baseline: 2, zScore: 20, reasons: ['30 vs 2'], createdAt: new Date(), delivery: { status: 'delivered', attempts: 2, updatedAt: new Date() } });
  await a.moods.insertOne({ _id: '42', status: 'Stressed', valence: -0.4, arousal: 0.2, emotions: { anger: 0.5, joy: 0.1, optimism: 0.1, sadness: 0.3 }, tweetsConsidered: 4, happiest: null, saddest: { id: '9', text: 'I hate this', createdAt: null, retweets: 0, likes: 0 }, recommendations: null, computedAt: new Date() });
  const app = createApp({ db, temporal: {} as Client, config: loadConfig({}) });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

after(async () => {
  server.close();
  await closeDb();
});

const get = async (path: string, key = marketer) => {
  const res = await fetch(base + path, { headers: { 'x-api-key': key } });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

test('top influencers for a keyword and sentiment, ranked, with breakdown, retweets, top tweet and coordinates', async () => {
  const r = await get('/analytics/influencers?campaignId=c1&keyword=ACME&sentiment=positive&limit=5');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.people.map((p: { userId: string }) => p.userId), ['2', '1']);
  const top = r.body.people[0];
  assert.equal(top.retweets, 7);
  assert.equal(top.topTweet.text, 'acme rocks');
  assert.deepEqual(top.breakdown, { reach: 2.5, resonance: 2.5, relevance: 0, depth: 0 });
  assert.equal(top.coordinates.country, 'GB');
  const campaign = await get('/analytics/influencers?campaignId=c1');
  assert.deepEqual(campaign.body.people.map((p: { userId: string }) => p.userId), ['4']);
});

test('bad parameters are 400 naming the field; roles are checked', async () => {
  for (const [path, field] of [
    ['/analytics/influencers?campaignId=c1&sentiment=happy', 'sentiment'],
    ['/analytics/influencers?campaignId=c1&limit=1000', 'limit'],
    ['/analytics/influencers?sentiment=positive', 'campaignId'],
    ['/analytics/influencers?campaignId=c1&extra=1', ''],
    ['/analytics/trends?kind=word&key=x', 'kind'],
    ['/analytics/trends?kind=hashtag', 'key'],
    ['/analytics/alerts?status=lost', 'status'],
    ['/analytics/moods/not-a-number', 'userId'],
    ['/analytics/clusters/people/abc', 'userId'],
  ] as const) {
    const r = await get(path);
    assert.equal(r.status, 400, path);
    assert.match(r.body.error.message, new RegExp(field), path);
  }
  assert.equal((await get('/analytics/clusters', agent)).status, 403);
  assert.equal((await fetch(base + '/analytics/clusters')).status, 401);
});

test('clusters, a person\'s cluster, trends, alerts and moods return what the jobs stored', async () => {
  const c = await get('/analytics/clusters');
  assert.equal(c.body.k, 2);
  assert.equal(c.body.inertiaCurve.length, 2);
  assert.equal(c.body.silhouette, 0.6);
  const p = await get('/analytics/clusters/people/42');
  assert.equal(p.body.cluster, 1);
  assert.equal(p.body.summary.size, 1);
  assert.equal((await get('/analytics/clusters/people/43')).status, 404);
  const t = await get('/analytics/trends?kind=hashtag&key=%23AcmeFail&hours=2');
  assert.equal(t.body.points.length, 1);
  assert.equal(t.body.points[0].count, 30);
  const al = await get('/analytics/alerts?status=delivered');
  assert.equal(al.body.alerts[0].delivery.attempts, 2);
  assert.equal((await get('/analytics/alerts?status=failed')).body.alerts.length, 0);
  const m = await get('/analytics/moods/42');
  assert.equal(m.body.status, 'Stressed');
  assert.equal(m.body.saddest.text, 'I hate this');
});

test('the analytics routes are in /openapi.json', async () => {
  const doc = (await (await fetch(base + '/openapi.json')).json()) as { paths: Record<string, unknown> };
  for (const p of ['/analytics/influencers', '/analytics/clusters', '/analytics/clusters/people/{userId}', '/analytics/trends', '/analytics/wordclouds', '/analytics/alerts', '/analytics/moods/{userId}']) {
    assert.ok(doc.paths[p], p);
  }
});
