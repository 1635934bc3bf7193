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
import type { ProfileDoc } from '../src/domain/campaign';
import type { BatchResult } from '../src/workflows/analytics/batch';
import { flag, withEmbeddedStack } from './embedded-stack';

const WORDS = 'acme love hate great awful service outage update phone battery support thanks today never again best worst price fast slow app'.split(' ');
const CITIES = ['London', 'Paris, France', 'Berlin', 'somewhere nice', 'New York, NY', ''];

async function main() {
  const nProfiles = flag('profiles', 100_000);
  const nTweets = flag('tweets', 200_000);
  const chunk = flag('chunk', 1000);
  const models = await loadModels();
  await withEmbeddedStack('jobs', async ({ db, run }) => {
    await ensureAllIndexes(db);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const now = Date.now();
    let t = Date.now();
    await db.collection('campaigns').insertOne({ _id: 'c1', name: 'Acme', status: 'running', tracking: { keywords: ['acme'], hashtags: ['acme'], mentions: [], languages: ['en'] } } as never);
    for (let i = 0; i < nProfiles; i += 5000) {
      const docs: ProfileDoc[] = [];
      for (let j = i; j < Math.min(nProfiles, i + 5000); j++) {
        const followers = Math.floor(Math.exp(rnd() * 12));
        docs.push({
          _id: String(10_000 + j), username: `user${j}`, name: `User ${j}`, followers, following: Math.floor(rnd() * 2000), listed: Math.floor(followers / 200),
          tweetCount: Math.floor(rnd() * 20_000), verified: rnd() < 0.01, protected: false, location: CITIES[j % CITIES.length],
          polarity: { n: 3, mean: rnd() * 2 - 1 }, subjectivity: { n: 3, mean: rnd() }, tweetsSeen: 3, campaignIds: ['c1'], campaigns: {},
          firstSeen: new Date(now - 86_400_000), lastSeen: new Date(now), recentTweetIds: [], rev: 1,
        });
      }
      await db.collection<ProfileDoc>('profiles').insertMany(docs, { ordered: false });
    }
    for (let i = 0; i < nTweets; i += 5000) {
      const docs: TweetDoc[] = [];
      const tags = Array.from({ length: Math.min(nTweets, i + 5000) - i }, () => (rnd() < 0.3 ? ['acme'] : []));
      const texts = tags.map((h) => [...Array.from({ length: 8 + Math.floor(rnd() * 12) }, () => WORDS[Math.floor(rnd() * WORDS.length)]!), ...h.map((x) => `#${x}`)].join(' '));
      const scores = models.sentiment(texts);
      for (let j = i; j < Math.min(nTweets, i + 5000); j++) {
        const hashtags = tags[j - i]!;
        const text = texts[j - i]!;
        const s = scores[j - i];
        const tweet: TweetDoc = {
          _id: String(1_000_000_000_000 + j), text, authorId: String(10_000 + Math.floor(rnd() * nProfiles)), createdAt: new Date(now - Math.floor(rnd() * 13 * 3_600_000)), lang: 'en',
          campaigns: ['c1'], ruleIds: ['r1'], via: 'stream', hashtags, mentions: [],
          metrics: { retweet_count: Math.floor(rnd() * 20), reply_count: Math.floor(rnd() * 5), like_count: Math.floor(rnd() * 50), quote_count: 0 },
          sentiment: { label: s!.label, score: s!.score, subjectivity: s!.subjectivity, polarity: s!.probs.positive - s!.probs.negative, probs: s!.probs },
          emotion: { label: 'optimism', probs: { anger: 0.1, joy: 0.2, optimism: 0.5, sadness: 0.2 } },
          sentimentVersion: models.sentimentVersion, emotionVersion: models.emotionVersion, ingestedAt: new Date(),
        };
        if (j > 0 && rnd() < 0.2) tweet.referencedTweets = [{ type: 'retweeted', id: String(1_000_000_000_000 + Math.floor(rnd() * j)) }];
        docs.push(tweet);
      }
      await db.collection<TweetDoc>('tweets').insertMany(docs, { ordered: false });
    }
    const seedMs = Date.now() - t;
    const activities = createAnalyticsActivities({ db, models: async () => models, config: loadConfig(), log: logger, x: {} as never, analytics: { webhookUrl: null, webhookSecret: null, schedules: false } });
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
