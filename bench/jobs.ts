/**
 * The scheduled analytics jobs end to end on the embedded stack (Temporal dev server + FerretDB):
 * influence, clusters, mood and trends workflows over P stored profiles and T stored tweets in
 * ingest's shape, one in-process worker, real models. Unlike bench/analytics.ts (the numerics in
 * memory) this includes every read and write of the store.
 *
 *   npm run bench:jobs -- [--people 100000] [--tweets 200000] [--chunk 1000] [--jobs influence,clusters,mood,trends] [--no-score]
 *
 * (--profiles is an alias of --people.) Prints a table and, as its last line, one JSON object
 * {"influence":s,"clusters":s,"mood":s,"trends":s,"rssMb":n} (seconds per job end to end; rssMb: the
 * worker process's peak resident memory while the jobs ran), also written to bench/results/jobs.json
 * with the sizes. Seeding is timed separately and not counted.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
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

/** A seeded stand-in for the sentiment model's output (label spread like the model's on these texts). */
function fakeScore(r: number) {
  const label = r < 0.3 ? 'negative' : r < 0.7 ? 'neutral' : 'positive';
  const probs = { negative: label === 'negative' ? 0.8 : 0.1, neutral: label === 'neutral' ? 0.8 : 0.1, positive: label === 'positive' ? 0.8 : 0.1 };
  return { label, score: probs.positive, subjectivity: 0.5, probs } as const;
}

/** CPU seconds used so far by this process and by the FerretDB it started (its child). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let ferret = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === process.pid && stat.includes('(ferretdb')) ferret += (Number(f[11]) + Number(f[12])) / 100;
    } catch { /* gone */ }
  }
  return (own.user + own.system) / 1e6 + ferret;
}

const ALL_JOBS = [
  { name: 'influence', workflow: 'influenceWorkflow', args: {} },
  { name: 'clusters', workflow: 'clustersWorkflow', args: {} },
  { name: 'mood', workflow: 'moodWorkflow', args: {} },
  { name: 'trends', workflow: 'trendsWorkflow', args: { windowHours: 13 } },
] as const;

async function main() {
  const nProfiles = process.argv.includes('--people') ? flag('people', 100_000) : flag('profiles', 100_000);
  const only = process.argv.includes('--jobs') ? String(process.argv[process.argv.indexOf('--jobs') + 1]).split(',') : ALL_JOBS.map((j) => j.name);
  const unknown = only.filter((j) => !ALL_JOBS.some((x) => x.name === j));
  if (unknown.length) { process.stderr.write(`--jobs: unknown job ${unknown.join(', ')} (known: ${ALL_JOBS.map((j) => j.name).join(', ')})\n`); process.exit(2); }
  const nTweets = flag('tweets', 200_000);
  const chunk = flag('chunk', 1000);
  const noScore = process.argv.includes('--no-score');
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
      (docs) => {
        // --no-score: seeded labels instead of the model's (seeding 1M tweets on a busy machine).
        const scores = noScore ? docs.map(() => fakeScore(rnd())) : models.sentiment(docs.map((d) => d.text));
        scores.forEach((s, i) => {
          docs[i]!.sentiment = { label: s.label, score: s.score, subjectivity: s.subjectivity, polarity: polarityOf(s.probs), probs: s.probs };
          docs[i]!.sentimentVersion = models.sentimentVersion;
          docs[i]!.emotionVersion = models.emotionVersion;
        });
      });
    const seedMs = Date.now() - t;
    const activities = createAnalyticsActivities({ db, models: async () => models, config: loadConfig(), log: logger, now: Date.now, x: {} as never, analytics: { webhookUrl: null, webhookSecret: null, schedules: false } });
    // Seconds spent in each activity (summed over its calls; parallel slices overlap), per job.
    const phases: Record<string, number> = {};
    const timed = Object.fromEntries(Object.entries(activities).map(([name, fn]) => [name, async (...a: unknown[]) => {
      const t0 = Date.now();
      try { return await (fn as (...x: unknown[]) => Promise<unknown>)(...a); } finally { phases[name] = (phases[name] ?? 0) + (Date.now() - t0) / 1000; }
    }]));
    const jobs: { job: string; workflow: string; seconds: number; cpuSeconds: number; processed: number; perSecond: number; rssMb: number; phases: Record<string, number> }[] = [];
    let peakRss = 0;
    const sample = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 250);
    for (const { name, workflow, args } of ALL_JOBS.filter((j) => only.includes(j.name))) {
      global.gc?.();
      peakRss = process.memoryUsage().rss;
      t = Date.now();
      const cpu0 = cpuSeconds();
      for (const k of Object.keys(phases)) delete phases[k];
      const r = await run<BatchResult>(workflow, [{ chunkSize: chunk, ...args }], timed, 2);
      const seconds = (Date.now() - t) / 1000;
      const cpu = cpuSeconds() - cpu0;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      jobs.push({ job: name, workflow, seconds: +seconds.toFixed(1), cpuSeconds: +cpu.toFixed(1), processed: r.processed, perSecond: Math.round(r.processed / seconds), rssMb: Math.round(peakRss / 2 ** 20),
        phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k.replace(/^analytics/, ''), +v.toFixed(1)])) });
    }
    clearInterval(sample);
    process.stdout.write(`people ${nProfiles}, tweets ${nTweets}, chunk ${chunk}, ${cpus().length} cores (shared); seeding ${(seedMs / 1000).toFixed(1)} s (not counted)\n`);
    process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; cpu s = CPU time of this worker process + its FerretDB (what an idle machine would need)\n`);
    process.stdout.write(`${'job'.padEnd(12)} ${'seconds'.padStart(8)} ${'cpu s'.padStart(8)} ${'processed'.padStart(10)} ${'per second'.padStart(11)} ${'peak RSS MB'.padStart(12)}\n`);
    for (const j of jobs) process.stdout.write(`${j.job.padEnd(12)} ${String(j.seconds).padStart(8)} ${String(j.cpuSeconds).padStart(8)} ${String(j.processed).padStart(10)} ${String(j.perSecond).padStart(11)} ${String(j.rssMb).padStart(12)}\n`);
    for (const j of jobs) process.stdout.write(`${j.job} activity seconds: ${Object.entries(j.phases).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    const line: Record<string, number | null> = Object.fromEntries(ALL_JOBS.map((j) => [j.name, jobs.find((x) => x.job === j.name)?.seconds ?? null]));
    line.rssMb = Math.max(0, ...jobs.map((j) => j.rssMb));
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'jobs.json'), JSON.stringify({ ...line, people: nProfiles, tweets: nTweets, chunk, seedMs, jobs, cpus: cpus().length, at: new Date().toISOString() }, null, 2) + '\n');
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
}

main().catch((err) => { process.stderr.write(`${(err as Error).stack ?? err}\n`); process.exit(1); });
