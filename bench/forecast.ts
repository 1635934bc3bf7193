/**
 * bench:forecast — the rising-influencer forecast's backtest on a seeded world, side by side with
 * "next = now". The emulator's world runs with dynamics (people rise, fade, burst); every period's
 * tweets are stored, scored by the real influence computation and snapshotted by the history step
 * (src/analytics/forecast-world.ts); the backtest then forecasts each period from the ones before.
 *
 *   npm run bench:forecast [-- --people 1000 --periods 10 --tweets 2500 --seed 7 --k 50]
 *
 * Uses MONGODB_URI when set, else a throw-away FerretDB. Prints a table and writes
 * bench/results/forecast.json. Synthetic dynamics only: accuracy on real X history is unmeasured.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../src/config';
import { binaries } from '../src/stack/paths';
import { freePort } from '../src/stack/ports';
import { startFerret, type Service } from '../src/stack/services';
import { flag } from './embedded-stack';
import { seedInfluenceHistory } from '../src/analytics/forecast-world';
import { historyTable } from '../src/analytics/forecast-backtest-data';
import { backtest } from '../src/domain/planning/forecast-backtest';

async function main(): Promise<void> {
  const o = { people: flag('people', 1000), periods: flag('periods', 10), tweets: flag('tweets', 2500), seed: flag('seed', 7), k: flag('k', 50) };
  let uri = process.env.MONGODB_URI;
  let ferret: Service | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'chirpflow-forecast-'));
  if (!uri) {
    const port = await freePort();
    ferret = await startFerret({ bin: binaries(loadConfig().CHIRPFLOW_CACHE).ferretdb, port, dataDir });
    uri = `mongodb://127.0.0.1:${port}/`;
  }
  const client = await new MongoClient(uri).connect();
  const db = client.db(`bench_forecast_${o.seed}_${Date.now()}`);
  try {
    const t0 = Date.now();
    const seeded = await seedInfluenceHistory(db, {
      seed: o.seed, people: o.people, periods: o.periods, tweetsPerPeriod: o.tweets,
      onPeriod: (p, s) => process.stderr.write(`period ${p + 1}/${o.periods}: ${s.toFixed(1)} s\n`),
    });
    const seedSeconds = (Date.now() - t0) / 1000;
    const t1 = Date.now();
    const { table, periods } = await historyTable(db);
    const r = backtest(table, periods.length, { k: o.k });
    const backtestSeconds = (Date.now() - t1) / 1000;
    const courses: Record<string, number> = {};
    for (const c of seeded.courses.values()) courses[c] = (courses[c] ?? 0) + 1;

    const f = (x: number, d = 3) => x.toFixed(d);
    const rows = [
      ['metric', 'forecast', 'next = now'],
      ['Spearman (predicted vs actual next period)', f(r.forecast.spearman), f(r.baseline.spearman)],
      [`precision@${r.k} (top next period)`, f(r.forecast.precisionAtK), f(r.baseline.precisionAtK)],
      ['mean absolute error (score units)', f(r.forecast.mae), f(r.baseline.mae)],
      ['interval coverage (80 % nominal)', f(r.coverage), '—'],
    ];
    const w = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) process.stdout.write(row.map((c, i) => c.padEnd(w[i]!)).join('  ') + '\n');
    process.stdout.write(`\n${o.people} people (${Object.entries(courses).map(([c, n]) => `${n} ${c}`).join(', ')} as drawn at the start, among those who tweeted), ` +
      `${o.periods} weekly periods, ${o.tweets} tweets each, seed ${o.seed}; ${r.origins.length} origins, mean ${Math.round(r.origins.reduce((s, x) => s + x.people, 0) / r.origins.length)} people each\n`);
    process.stdout.write(`seeding ${seedSeconds.toFixed(1)} s, backtest ${backtestSeconds.toFixed(1)} s\n`);

    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'forecast.json'), JSON.stringify({
      at: new Date().toISOString(), options: o, courses, seedSeconds, backtestSeconds,
      forecast: r.forecast, baseline: r.baseline, coverage: r.coverage, k: r.k, origins: r.origins,
      note: 'synthetic emulator dynamics; real-world accuracy is unmeasured until run on real history',
    }, null, 2) + '\n');
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await ferret?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { process.stderr.write(`${(err as Error).stack ?? String(err)}\n`); process.exit(1); });
