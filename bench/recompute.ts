/**
 * Sentiment recompute over N stored tweets on the embedded stack (Temporal dev server + FerretDB):
 * the real sentimentRecomputeWorkflow, real models, one in-process worker.
 *
 *   npx tsx bench/recompute.ts [--n 1000000] [--chunk 2000] [--slice 250000]
 *
 * Prints a table and writes bench/results/recompute.json. Time is split into phases: the plan's
 * scan (finds stale tweets, carries their texts into the chunks), writing the chunk documents,
 * chunk reads, model inference (measured inside the models), tweet updates and the final profile
 * refresh (from the sums the plan and the chunks stored). Store phases are the
 * summed durations of the driver's commands (from command monitoring); with two slices running at
 * once they can add up to more than the wall time. Seeding is timed separately and not counted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { MongoClient, CommandStartedEvent, CommandSucceededEvent, CommandFailedEvent } from 'mongodb';
import { loadConfig } from '../src/config';
import { logger } from '../src/log';
import { loadModels, type Models } from '../src/ml';
import { createAnalyticsActivities } from '../src/activities/analytics';
import { type TweetDoc } from '../src/store/tweets';
import { ensureAllIndexes } from '../src/store/indexes';
import type { BatchResult } from '../src/workflows/analytics/contract';
import { flag, withEmbeddedStack } from './embedded-stack';
import { insertInBatches, seededRandom, syntheticTweet } from './seed';


async function main() {
  const n = flag('n', 1_000_000);
  const chunk = flag('chunk', 2000);
  const slice = flag('slice', 250_000);
  const parallel = flag('parallel', 2);
  const cfg = loadConfig();
  await withEmbeddedStack('recompute', async ({ db, mongo, run }) => {
    const phases = watchPhases(mongo);

    // Seed N tweets in the shape ingest stores them, with the production indexes, scored by an
    // "old" model version.
    await ensureAllIndexes(db); // as the worker does at start
    let t = Date.now();
    const rnd = seededRandom(1);
    await insertInBatches(db.collection<TweetDoc>('tweets'), n, (j) => syntheticTweet(j, rnd, { authorId: String(10_000 + (j % 50_000)), createdAt: new Date(Date.UTC(2026, 0, 1) + j * 1000) }));
    const seedMs = Date.now() - t;
    phases.reset();

    const real = await loadModels();
    let inferMs = 0;
    const timed = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => { const s = process.hrtime.bigint(); try { return f(...a); } finally { inferMs += Number(process.hrtime.bigint() - s) / 1e6; } };
    const models: Models = { ...real, sentiment: timed(real.sentiment), emotion: timed(real.emotion) };
    const activities = createAnalyticsActivities({ db, models: async () => models, config: cfg, log: logger, now: Date.now, x: {} as never, analytics: { webhookUrl: null, webhookSecret: null, schedules: false } });

    t = Date.now();
    let peakRss = 0; // the worker's (this process's) memory: the plan holds the stale tweets' texts until it writes them
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 500);
    const result = await run<BatchResult>('sentimentRecomputeWorkflow', [{ chunkSize: chunk, sliceSize: slice, maxParallel: parallel }], activities, parallel);
    const totalMs = Date.now() - t;
    clearInterval(sampler);
    const ph = { ...phases.totals() }; // before the check below, whose scan is not part of the run
    const stale = await db.collection('tweets').countDocuments({ sentimentVersion: { $ne: real.sentimentVersion } });

    const otherMs = totalMs - inferMs;
    const ms = (k: Phase) => Math.round(ph[k] ?? 0);
    const named: [string, number][] = [
      ['plan: scan', ms('planScan')], ['plan: write chunk documents', ms('planWrite')], ['chunk reads', ms('reads')],
      ['model inference', Math.round(inferMs)], ['tweet updates', ms('writes')], ['profile refresh (finalize)', ms('refresh')], ['other store commands', ms('other')],
    ];
    const slowest = named.reduce((a, b) => (b[1] > a[1] ? b : a));
    const out = {
      n, chunkSize: chunk, sliceSize: slice, slices: result.slices, chunks: result.chunks, processed: result.processed, staleAfter: stale,
      seedMs, totalMs, tweetsPerSec: Math.round((n / totalMs) * 1000), peakRssMB: Math.round(peakRss / 1e6), inferenceMs: Math.round(inferMs), storeAndOrchestrationMs: Math.round(otherMs),
      projected1MMinutes: +((totalMs / n) * 1_000_000 / 60_000).toFixed(1), targetMinutes: 5,
      phasesMs: Object.fromEntries(named), updatesPerSecond: ph.writes ? Math.round((n / ph.writes) * 1000) : null,
      bottleneck: slowest[0],
      cpus: cpus().length, machine: 'shared 2-core box; other processes were running',
      at: new Date().toISOString(),
    };
    const rows: [string, string][] = [
      ['tweets', String(n)], ['chunk / slice', `${chunk} / ${slice}`], ['slices (child workflows)', String(result.slices)],
      ['seeding (not counted)', `${(seedMs / 1000).toFixed(1)} s`], ['recompute total', `${(totalMs / 1000).toFixed(1)} s`],
      ...named.map(([k, v]): [string, string] => [`  ${k}`, `${(v / 1000).toFixed(1)} s`]),
      ['throughput', `${out.tweetsPerSec} tweets/s`], ['worker peak RSS', `${out.peakRssMB} MB`], ['projected for 1,000,000', `${out.projected1MMinutes} min (target < 5)`],
      ['stale after run', String(stale)], ['bottleneck', out.bottleneck],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(28)} ${v}\n`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'recompute.json'), JSON.stringify(out, null, 2) + '\n');
  }, { monitorCommands: true });
}

type Phase = 'planScan' | 'planWrite' | 'reads' | 'writes' | 'refresh' | 'other';

/** Sums each driver command's duration under the phase of the walk it belongs to. */
function watchPhases(client: MongoClient) {
  const started = new Map<number, Phase>();
  const cursors = new Map<string, Phase>();
  let totals: Partial<Record<Phase, number>> = {};
  const phaseOf = (e: CommandStartedEvent): Phase => {
    const c = e.command as Record<string, unknown>;
    const filter = (c.filter ?? {}) as Record<string, unknown>;
    if (e.commandName === 'getMore') return cursors.get(String(c.getMore)) ?? 'other';
    if (c.find === 'tweets') return filter._id ? 'reads' : 'planScan';
    if (c.find === 'analytics_chunks') return 'reads'; // a chunk that carries its tweets' texts
    if (c.find === 'analytics_partials') return 'refresh';
    if (c.update === 'tweets') return 'writes';
    if (c.insert === 'analytics_chunks') return 'planWrite';
    if (c.update === 'profiles') return 'refresh';
    return 'other';
  };
  client.on('commandStarted', (e: CommandStartedEvent) => started.set(e.requestId, phaseOf(e)));
  const done = (e: CommandSucceededEvent | CommandFailedEvent) => {
    const p = started.get(e.requestId) ?? 'other';
    started.delete(e.requestId);
    totals[p] = (totals[p] ?? 0) + e.duration;
    const id = (e as CommandSucceededEvent).reply && ((e as CommandSucceededEvent).reply as { cursor?: { id?: unknown } }).cursor?.id;
    if (id !== undefined && String(id) !== '0') cursors.set(String(id), p);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return { reset: () => { totals = {}; }, totals: () => totals };
}

main().catch((err) => { process.stderr.write(`${(err as Error).stack}\n`); process.exit(1); });
