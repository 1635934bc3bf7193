// A seeded fixture for the analytics jobs' results (retweet/quote/reply cascades, mentions in mixed
// case, two campaigns, authors without a profile, references to missing tweets), the jobs run over
// it through their activities with fixed parameters, and their outputs normalised for comparison.
// test/fixtures/analytics-reference.json holds these outputs as computed by the jobs of release
// 0.1.0 (per-chunk queries), written by make-reference.ts; equivalence.test.ts compares against it.
import type { Db } from 'mongodb';
import { seededRng } from '../../src/domain/analytics/random';
import { analyticsDeps, fakeModels } from './fixtures';
import { latestClusterMembers } from '../../src/store/analytics';
import type { AnalyticsJob, JobParams } from '../../src/activities/analytics';

export const NOW = Date.UTC(2026, 0, 15, 12, 30);
const H = 3_600_000;
const WORDS = 'acme rocket love hate great awful outage update phone battery thanks today never price fast slow app launch'.split(' ');

export async function seedEquivalenceFixture(db: Db): Promise<void> {
  const rnd = seededRng(20260115);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const people = 40;
  const username = (i: number) => (i % 7 === 0 ? `Person${i}` : `person${i}`);
  await db.collection('campaigns').insertMany([
    { _id: 'c1', name: 'Acme', status: 'running', tracking: { keywords: ['acme'], hashtags: ['acmefail'], mentions: [], languages: ['en'] } },
    { _id: 'c2', name: 'Rocket', status: 'running', tracking: { keywords: ['rocket', 'launch'], hashtags: [], mentions: [], languages: ['en'] } },
  ] as never[]);
  const locations = ['London', 'Paris, France', 'somewhere', 'Berlin, Germany', '', 'New York, NY'];
  await db.collection('profiles').insertMany(Array.from({ length: people }, (_, i) => ({
    _id: String(700 + i), username: username(i), name: `Person ${i}`,
    followers: Math.floor(Math.exp(rnd() * 10)), following: Math.floor(rnd() * 900), listed: Math.floor(rnd() * 40), tweetCount: Math.floor(rnd() * 5000),
    verified: false, protected: false, location: locations[i % locations.length],
    polarity: { n: 3, mean: rnd() * 2 - 1 }, subjectivity: { n: 3, mean: rnd() }, tweetsSeen: 3, campaignIds: ['c1'], campaigns: {},
    firstSeen: new Date(NOW - 30 * 24 * H), lastSeen: new Date(NOW), recentTweetIds: [], rev: 1,
  })) as never[]);
  const ids: string[] = [];
  const docs: Record<string, unknown>[] = [];
  for (let j = 0; j < 420; j++) {
    const id = String(2_000_000 + j);
    // 3 % by someone without a profile; recent tweets dense (trends, mood), older ones up to 20 days.
    const author = rnd() < 0.03 ? '999' : String(700 + Math.floor(rnd() * people));
    const age = rnd() < 0.6 ? Math.floor(rnd() * 47 * H) : Math.floor(rnd() * 20 * 24 * H);
    const words = Array.from({ length: 5 + Math.floor(rnd() * 8) }, () => pick(WORDS));
    const hashtags = rnd() < 0.3 ? [pick(['acmefail', 'acme', 'launch'])] : [];
    const mentions = rnd() < 0.35 ? [rnd() < 0.15 ? 'nobody' : (() => { const i = Math.floor(rnd() * people); return rnd() < 0.3 ? username(i).toLowerCase() : username(i); })()] : [];
    const text = [...words, ...hashtags.map((h) => `#${h}`), ...mentions.map((m) => `@${m}`)].join(' ');
    const label = /\b(hate|awful|outage)\b/.test(text) ? 'negative' : /\b(love|great)\b/.test(text) ? 'positive' : 'neutral';
    const polarity = label === 'positive' ? 0.3 + rnd() * 0.6 : label === 'negative' ? -0.3 - rnd() * 0.6 : rnd() * 0.2 - 0.1;
    const e = [rnd(), rnd(), rnd(), rnd()];
    const es = e.reduce((a, b) => a + b, 0);
    const campaignsOf = rnd() < 0.15 ? [] : rnd() < 0.7 ? ['c1'] : rnd() < 0.5 ? ['c2'] : ['c1', 'c2'];
    const doc: Record<string, unknown> = {
      _id: id, text, authorId: author, createdAt: new Date(NOW - age), lang: 'en', campaigns: campaignsOf, ruleIds: [],
      hashtags, mentions,
      metrics: { retweet_count: Math.floor(rnd() * 30), reply_count: Math.floor(rnd() * 4), like_count: Math.floor(rnd() * 60), quote_count: Math.floor(rnd() * 3) },
      sentiment: { label, score: 0.5, subjectivity: rnd(), polarity, probs: { negative: 0.2, neutral: 0.6, positive: 0.2 } },
      emotion: { label: 'joy', probs: { anger: e[0]! / es, joy: e[1]! / es, optimism: e[2]! / es, sadness: e[3]! / es } },
      sentimentVersion: 's-v2', emotionVersion: 'e-v2', ingestedAt: new Date(NOW - age),
    };
    const r = rnd();
    if (ids.length && r < 0.3) doc.referencedTweets = [{ type: 'retweeted', id: rnd() < 0.05 ? '1' : pick(ids.slice(-60)) }];
    else if (ids.length && r < 0.36) doc.referencedTweets = [{ type: 'quoted', id: pick(ids) }];
    else if (ids.length && r < 0.42) doc.referencedTweets = [{ type: 'replied_to', id: pick(ids) }];
    ids.push(id);
    docs.push(doc);
  }
  await db.collection('tweets').insertMany(docs as never[]);
  // Stale scopes from an earlier run: the one of a known person goes, the unknown person's stays.
  const stale = { scope: 'campaign', campaignId: 'gone', keyword: null, username: null, name: null, followers: 0, score: 0, breakdown: { reach: 0, resonance: 0, relevance: 0, depth: 0 }, sentiment: 'neutral', tweets: 0, retweets: 0, topTweet: null, location: null, coordinates: null, computedAt: new Date(NOW - 24 * H), runKey: 'old' };
  await db.collection('influence').insertMany([{ _id: 'c:gone|705', userId: '705', ...stale }, { _id: 'c:gone|888', userId: '888', ...stale }] as never[]);
}

/** Runs one job through the activities (plan, slices, finalize, cleanup), as runBatch does. */
export async function runJob(db: Db, job: AnalyticsJob, chunkSize: number, params: JobParams = {}): Promise<void> {
  const acts = analyticsDeps(db, fakeModels('v2'));
  const baseKey = `eq-${job}:run`;
  if (job === 'clusters' && !(await acts.analyticsClustersFit({ baseKey, sampleSize: 25 }))) throw new Error('too few profiles');
  const plan = await acts.analyticsPlan({ job, baseKey, chunkSize, sliceSize: chunkSize * 2, params });
  let processed = 0;
  for (const [index, slice] of plan.slices.entries()) processed += (await acts.analyticsSlice({ job, baseKey, index, slice, params })).processed;
  await acts.analyticsFinalize({ job, baseKey, processed, params, planKey: plan.planKey });
  await acts.analyticsCleanup({ baseKey, planKey: plan.planKey, chunks: plan.chunks });
}

const omit = <T extends Record<string, unknown>>(d: T, ...keys: string[]) => Object.fromEntries(Object.entries(d).filter(([k]) => !keys.includes(k)));
const byId = (a: { _id: unknown }, b: { _id: unknown }) => (String(a._id) < String(b._id) ? -1 : 1);

export interface JobOutputs {
  influence: Record<string, unknown>[];
  clusters: { k: number; kneeK: number; silhouetteBestK: number; silhouette: number; inertiaCurve: unknown; sizes: number[]; profiles: number; members: Record<string, number> };
  moods: Record<string, unknown>[];
  trends: Record<string, unknown>[];
  wordClouds: Record<string, unknown>[];
  alerts: Record<string, unknown>[];
}

/**
 * Every job over the fixture, in schedule order (mood's recommendations read influence).
 * `influenceChunk`: the reference was computed with every person in one chunk (50), as release
 * 0.1.0 looked for retweet cascades only below the tweets of the people in the same chunk.
 */
export async function computeOutputs(db: Db, influenceChunk = 7): Promise<JobOutputs> {
  const hour = Math.floor(NOW / H) * H;
  await runJob(db, 'influence', influenceChunk, { now: NOW });
  await runJob(db, 'clusters', 6);
  await runJob(db, 'mood', 7, { now: NOW });
  await runJob(db, 'trends', 25, { windowFrom: hour - 47 * H, windowTo: NOW });
  const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  const latest = (await db.collection('clusters').findOne({ _id: 'latest' as never }))!;
  const members = [...(await latestClusterMembers(db))].map(([_id, cluster]) => ({ _id, cluster }));
  return json({
    influence: (await db.collection('influence').find({}).toArray()).sort(byId).map((d) => omit(d, 'computedAt', 'runKey')),
    clusters: {
      k: latest.k, kneeK: latest.kneeK, silhouetteBestK: latest.silhouetteBestK, silhouette: latest.silhouette, inertiaCurve: latest.inertiaCurve,
      sizes: (latest.clusters as { size: number }[]).map((c) => c.size).sort((a, b) => a - b), profiles: latest.profiles,
      members: Object.fromEntries(members.sort(byId).map((m) => [m._id, m.cluster])),
    },
    moods: (await db.collection('moods').find({}).toArray()).sort(byId).map((d) => omit(d, 'computedAt')),
    trends: (await db.collection('trends').find({}).toArray()).sort(byId).map((d) => omit(d, 'computedAt')),
    wordClouds: (await db.collection('word_clouds').find({}).toArray()).sort(byId).map((d) => omit(d, 'computedAt')),
    alerts: (await db.collection('alerts').find({}).toArray()).sort(byId).map((d) => omit(d, 'createdAt', 'delivery')),
  });
}
