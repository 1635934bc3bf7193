/**
 * The scheduled analytics jobs end to end on the embedded stack (Temporal dev server + FerretDB):
 * influence, clusters, mood and trends workflows over P stored profiles and T stored tweets in
 * ingest's shape, one in-process worker, real models. Unlike bench/analytics.ts (the numerics in
 * memory) this includes every read and write of the store.
 *
 *   npx tsx bench/jobs.ts [--profiles 100000] [--tweets 200000] [--chunk 1000]
 *
 * Prints a table and writes bench/results/jobs.json. Seeding is timed separately and not counted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { logger } from '../src/log';
import { loadModels } from '../src/ml';
import { createAnalyticsActivities } from '../src/activities/analytics';
import { ensureAllIndexes } from '../src/store/indexes';
import type { TweetDoc } from '../src/store/tweets';
import type { BatchResult } from '../src/workflows/analytics/contract';
import { flag, withEmbeddedStack } from './embedded-stack';
import { insertInBatches, seededRandom, syntheticTweet } from './seed';
import { polarityOf, type ProfileDoc } from '../src/domain/campaign';

const CITIES = ['London', 'Paris, France', 'Berlin', 'somewhere nice', 'New York, NY', ''];

async function main() {
  const nProfiles = flag('profiles', 100_000);
  const nTweets = flag('tweets', 200_000);
  const chunk = flag('chunk', 1000);
  const models = await loadModels();
  await withEmbeddedStack('jobs', async ({ db, run }) => {
    await ensureAllIndexes(db);
    const rnd = seededRandom(7);
    const now = Date.now();
    let t = Date.now();
    await db.collection('campaigns').insertOne({ _id: 'c1', name: 'Acme', status: 'running', tracking: { keywords: ['acme'], hashtags: ['acme'], mentions: [], languages: ['en'] } } as never);
    await insertInBatches(db.collection<ProfileDoc>('profiles'), nProfiles, (j) => {
      const followers = Math.floor(Math.exp(rnd() * 12));
      return {
        _id: String(10_000 + j), username: `user${j}`, name: `User ${j}`, followers, following: Math.floor(rnd() * 2000), listed: Math.floor(followers / 200),
        tweetCount: Math.floor(rnd() * 20_000), verified: rnd() < 0.01, protected: false, location: CITIES[j % CITIES.length],
        polarity: { n: 3, mean: rnd() * 2 - 1 }, subjectivity: { n: 3, mean: rnd() }, tweetsSeen: 3, campaignIds: ['c1'], campaigns: {},
        firstSeen: new Date(now - 86_400_000), lastSeen: new Date(now), recentTweetIds: [], rev: 1,
      };
    });
    // Tweets already scored by the loaded models (these jobs read the scores, they do not rescore).
    await insertInBatches(db.collection<TweetDoc>('tweets'), nTweets,
      (j) => syntheticTweet(j, rnd, { authorId: String(10_000 + Math.floor(rnd() * nProfiles)), createdAt: new Date(now - Math.floor(rnd() * 13 * 3_600_000)) }),
      (docs) => models.sentiment(docs.map((d) => d.text)).forEach((s, i) => {
        docs[i]!.sentiment = { label: s.label, score: s.score, subjectivity: s.subjectivity, polarity: polarityOf(s.probs), probs: s.probs };
        docs[i]!.sentimentVersion = models.sentimentVersion;
        docs[i]!.emotionVersion = models.emotionVersion;
      }));
    const seedMs = Date.now() - t;
    const activities = createAnalyticsActivities({ db, models: async () => models, config: loadConfig(), log: logger, now: Date.now, x: {} as never, analytics: { webhookUrl: null, webhookSecret: null, schedules: false } });
    const jobs: { job: string; seconds: number; processed: number; perSecond: number }[] = [];
    for (const [workflow, args] of [
      ['influenceWorkflow', { chunkSize: chunk }], ['clustersWorkflow', { chunkSize: chunk }], ['moodWorkflow', { chunkSize: chunk }], ['trendsWorkflow', { chunkSize: chunk, windowHours: 13 }],
    ] as const) {
      t = Date.now();
      const r = await run<BatchResult>(workflow, [args], activities, 2);
      const seconds = (Date.now() - t) / 1000;
      jobs.push({ job: workflow, seconds: +seconds.toFixed(1), processed: r.processed, perSecond: Math.round(r.processed / seconds) });
    }
    process.stdout.write(`profiles ${nProfiles}, tweets ${nTweets}, chunk ${chunk}; seeding ${(seedMs / 1000).toFixed(1)} s (not counted)\n`);
    process.stdout.write(`${'job'.padEnd(20)} ${'seconds'.padStart(8)} ${'processed'.padStart(10)} ${'per second'.padStart(11)}\n`);
    for (const j of jobs) process.stdout.write(`${j.job.padEnd(20)} ${String(j.seconds).padStart(8)} ${String(j.processed).padStart(10)} ${String(j.perSecond).padStart(11)}\n`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'jobs.json'), JSON.stringify({ profiles: nProfiles, tweets: nTweets, chunk, seedMs, jobs, cpus: cpus().length, at: new Date().toISOString() }, null, 2) + '\n');
  });
}

main().catch((err) => { process.stderr.write(`${(err as Error).stack ?? err}\n`); process.exit(1); });
