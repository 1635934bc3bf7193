// bench:ferret-writes — what scripts/ferretdb/write-locks.patch costs. Two embedded FerretDB
// builds side by side in one run: "before" (--before, default ferretdb-v1.24.0-p3 in the cache)
// and "now" (the configured build). Each side seeds N documents (10 fields) and runs, with two
// writers at once on different documents of one collection:
//   - bulk $set: commands of 200 `$set` of four fields by _id (the README's update table),
//   - bulk upserts: commands of 200 upserts by _id, half new documents (ingest-like),
//   - updateOne: single `$set` by _id, 8 in flight per writer,
//   - findOneAndUpdate: `$inc` by _id, 8 in flight per writer,
// and one contended case: 16 updateOne `$inc` in flight on one document (lost updates are counted).
// Sides alternate (before first on odd runs); medians of --runs. Prints a table and writes
// bench/results/ferret-writes.json.
//   npm run bench:ferret-writes [-- --n 20000 --runs 5 --before <ferretdb binary>]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import { loadConfig } from '../src/config';
import { binaries } from '../src/stack/paths';
import { freePort } from '../src/stack/ports';
import { startFerret, type Service } from '../src/stack/services';
import { flag } from './embedded-stack';

const N = flag('n', 20_000);
const RUNS = flag('runs', 5);
const BULK = 200;
const beforeArg = process.argv.indexOf('--before');

interface Doc { _id: string; [k: string]: unknown }
/** `inc` is the same collection, typed for the `$inc` cases. */
interface Side { name: string; db: Db; col: Collection<Doc>; inc: Collection<{ _id: string; n: number }> }

const fields = (i: number, r: number) => ({ a: i, b: `b${i}-${r}`, c: r, d: [i, r], e: { x: i }, f: 'ffffffffffff', g: true, h: i * 1.5, k: `k${i % 97}` });
const onInsert = (i: number, r: number) => { const { b: _b, c: _c, ...rest } = fields(i, r); return rest; };
const id = (i: number) => `doc-${String(i).padStart(7, '0')}`;

async function seed(s: Side) {
  for (let i = 0; i < N; i += 1000) {
    await s.col.insertMany(Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({ _id: id(i + j), ...fields(i + j, 0), n: 0 })));
  }
}

/** Runs `job(writer)` for writers 0 and 1 at once; returns writes per second. */
async function twoWriters(count: number, job: (w: number) => Promise<void>): Promise<number> {
  const t = performance.now();
  await Promise.all([job(0), job(1)]);
  return Math.round(count / ((performance.now() - t) / 1000));
}

/** `inFlight` concurrent loops over `ids`, each awaiting one call at a time. */
async function pool(ids: number[], inFlight: number, call: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => { while (next < ids.length) await call(ids[next++]!); }));
}

// Writer w owns the documents with i % 2 === w; each case takes its own range so no two runs repeat.
const CASES: { name: string; unit: string; run: (s: Side, r: number) => Promise<number> }[] = [
  { name: 'bulk $set, 2 writers x commands of 200', unit: 'updates/s', run: (s, r) => {
    const per = 20 * BULK;
    return twoWriters(2 * per, async (w) => {
      for (let b = 0; b < per; b += BULK) {
        const ops: AnyBulkWriteOperation<Doc>[] = Array.from({ length: BULK }, (_, j) => {
          const i = (2 * (b + j) + w) % N;
          return { updateOne: { filter: { _id: id(i) }, update: { $set: { b: `x${r}`, c: r, f: `f${r}`, h: r } } } };
        });
        await s.col.bulkWrite(ops, { ordered: false });
      }
    });
  } },
  { name: 'bulk upserts (half new), 2 writers x 200', unit: 'upserts/s', run: (s, r) => {
    const per = 10 * BULK;
    return twoWriters(2 * per, async (w) => {
      for (let b = 0; b < per; b += BULK) {
        const ops: AnyBulkWriteOperation<Doc>[] = Array.from({ length: BULK }, (_, j) => {
          const k = 2 * (b + j) + w;
          const _id = k % 2 === 0 ? id(k % N) : `new-${r}-${k}`;
          return { updateOne: { filter: { _id }, update: { $set: { b: `u${r}`, c: r }, $setOnInsert: onInsert(k, r) }, upsert: true } };
        });
        await s.col.bulkWrite(ops, { ordered: false });
      }
    });
  } },
  { name: 'updateOne $set by _id, 2 writers x 8 in flight', unit: 'updates/s', run: (s, r) => {
    const per = 1500;
    return twoWriters(2 * per, (w) => pool(Array.from({ length: per }, (_, j) => (2 * j + w + 2 * per * r) % N), 8,
      (i) => s.col.updateOne({ _id: id(i) }, { $set: { b: `o${r}`, c: r } })));
  } },
  { name: 'findOneAndUpdate $inc by _id, 2 writers x 8', unit: 'updates/s', run: (s, r) => {
    const per = 1500;
    return twoWriters(2 * per, (w) => pool(Array.from({ length: per }, (_, j) => (2 * j + w + 2 * per * r + 7) % N), 8,
      (i) => s.inc.findOneAndUpdate({ _id: id(i) }, { $inc: { n: 1 } }, { returnDocument: 'after' })));
  } },
];

/** 16 in flight on one document: updates/s and how many of the increments were lost. */
async function contended(s: Side, r: number): Promise<{ perSec: number; lost: number }> {
  const _id = `hot-${r}`;
  await s.inc.insertOne({ _id, n: 0 });
  const count = 1600;
  const t = performance.now();
  await pool(Array.from({ length: count }, (_, i) => i), 16, () => s.inc.updateOne({ _id }, { $inc: { n: 1 } }));
  const perSec = Math.round(count / ((performance.now() - t) / 1000));
  const n = (await s.inc.findOne({ _id }))?.n ?? 0;
  return { perSec, lost: count - n };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

async function main() {
  const cache = loadConfig().CHIRPFLOW_CACHE;
  const current = binaries(cache).ferretdb;
  const beforeBin = beforeArg >= 0 ? process.argv[beforeArg + 1]! : join(cache, 'ferretdb-v1.24.0-p3');
  if (!existsSync(beforeBin)) throw new Error(`--before: no FerretDB binary at ${beforeBin} (build it with the earlier setup.sh)`);
  const dir = mkdtempSync(join(tmpdir(), 'chirpflow-bench-fw-'));
  const services: Service[] = [];
  const clients: MongoClient[] = [];
  const load = { start: loadavg()[0]!, end: 0 };
  const results: Record<string, Record<string, number[]>> = {};
  const note = (cas: string, side: string, v: number) => { ((results[cas] ??= {})[side] ??= []).push(v); };
  try {
    const start = async (bin: string, name: string): Promise<Side> => {
      const port = await freePort();
      services.push(await startFerret({ bin, port, dataDir: join(dir, name) }));
      const client = await new MongoClient(`mongodb://127.0.0.1:${port}/`).connect();
      clients.push(client);
      const db = client.db('bench_fw');
      return { name, db, col: db.collection<Doc>('docs'), inc: db.collection<{ _id: string; n: number }>('docs') };
    };
    const sides = [await start(beforeBin, 'before'), await start(current, 'now')];
    console.log(`bench:ferret-writes — before ${beforeBin.split('/').pop()}, now ${current.split('/').pop()}; ${N} documents; median of ${RUNS} alternating runs; load average ${load.start.toFixed(2)} at start`);
    for (const s of sides) await seed(s);
    await new Promise((r) => setTimeout(r, 3000)); // let SQLite checkpoint the seeding's WAL
    for (let r = 0; r < RUNS; r++) {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const c of CASES) for (const s of order) note(c.name, s.name, await c.run(s, r + 1));
      for (const s of order) {
        const h = await contended(s, r);
        note('updateOne $inc, 16 in flight on one document', s.name, h.perSec);
        note('  increments lost of 1,600', s.name, h.lost);
      }
      process.stdout.write(`  run ${r + 1}/${RUNS} done\n`);
    }
  } finally {
    for (const c of clients) await c.close();
    await Promise.all(services.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  load.end = loadavg()[0]!;
  const rows = Object.entries(results).map(([what, v]) => ({ what, before: median(v.before!), now: median(v.now!), runs: v }));
  console.log(`  ${'case'.padEnd(48)} ${'before'.padStart(9)} ${'now'.padStart(9)} ${'change'.padStart(8)}`);
  for (const row of rows) {
    const change = row.what.includes('lost') ? '' : `${(((row.now - row.before) / row.before) * 100).toFixed(0)} %`;
    console.log(`  ${row.what.padEnd(48)} ${String(row.before).padStart(9)} ${String(row.now).padStart(9)} ${change.padStart(8)}`);
  }
  console.log(`load average ${load.end.toFixed(2)} at end`);
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ferret-writes.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, n: N, runs: RUNS, before: beforeBin.split('/').pop(), now: current.split('/').pop(), loadAverage: load, rows }, null, 2) + '\n');
  console.log('wrote bench/results/ferret-writes.json');
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
