// bench:suppressions — the suppression check at scale. Seeds N suppressed people (97 % keyed by
// their id, 2 % under another key naming them in `xUserId`, 1 % keyed by their id and naming
// themselves too) and times, old against new side by side in one run: suppressedAmong for 1 id
// (a hit in each shape, a miss) and for 100 ids (12 hits mixed with 88 misses; all misses),
// isSuppressed, removeSuppression and the search for one person. "before" is the previous code
// (one `$or` query) on the previous FerretDB build (--before, default ferretdb-v1.24.0-p2 in the
// cache, else the configured build: neither build pushes an `$or` down, so the old query costs
// the same on both); "now" is this code on the configured build. With MONGODB_URI both run there.
// --new-on-before adds this code on the previous build (what the store change alone buys).
// Every case checks that all sides answer the same. Medians of --runs (before) and --runs-now
// (cheap sides); prints a table and writes bench/results/suppressions.json.
//   npm run bench:suppressions [-- --n 20000 --runs 5 --runs-now 25 --before <ferretdb binary> --new-on-before]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import assert from 'node:assert/strict';
import { MongoClient, type Db } from 'mongodb';
import { loadConfig } from '../src/config';
import { binaries } from '../src/stack/paths';
import { freePort } from '../src/stack/ports';
import { startFerret, type Service } from '../src/stack/services';
import { ensureAllIndexes } from '../src/store/indexes';
import { isSuppressed, outreachCollections, removeSuppression, suppressedAmong, type SuppressionDoc } from '../src/store/conversations';
import { listSuppressions } from '../src/store/suppressions-search';
import { flag } from './embedded-stack';

const SIZES = process.argv.includes('--n') ? [flag('n', 20_000)] : [20_000, 200_000];
const RUNS = flag('runs', 5);
const RUNS_NOW = flag('runs-now', 25);
const NEW_ON_BEFORE = process.argv.includes('--new-on-before');
const beforeArg = process.argv.indexOf('--before');
const median = (xs: number[]) => { const s = xs.slice().sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

/** The suppression check this release replaces: one `$or` query (a full scan on FerretDB 1.x). */
const old = {
  async suppressedAmong(db: Db, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const docs = await outreachCollections(db).suppressions
      .find({ $or: [{ _id: { $in: ids } }, { xUserId: { $in: ids } }] }, { projection: { _id: 1, xUserId: 1 } }).toArray();
    const asked = new Set(ids);
    return new Set(docs.flatMap((d) => [d._id, d.xUserId].filter((x): x is string => !!x && asked.has(x))));
  },
  async isSuppressed(db: Db, id: string) { return (await old.suppressedAmong(db, [id])).has(id); },
  async removeSuppression(db: Db, id: string) {
    return (await outreachCollections(db).suppressions.deleteMany({ $or: [{ _id: id }, { xUserId: id }] })).deletedCount > 0;
  },
};
const now = { suppressedAmong, isSuppressed, removeSuppression };
type Impl = typeof now;

interface Side { name: string; db: Db; impl: Impl; runs: number }

const person = (i: number) => String(10_000_000 + i);
/** Person i's document, in the mix of shapes described above. */
function docOf(i: number, at: Date): SuppressionDoc {
  const id = person(i);
  if (i % 50 === 7) return { _id: `import:${id}`, xUserId: id, reason: 'imported opt-out list', source: 'import', at };
  if (i % 100 === 3) return { _id: id, xUserId: id, reason: 'person replied STOP', source: 'dm-webhook', at };
  return { _id: id, reason: 'person replied STOP', source: i % 5 ? 'dm-poller' : 'public-tweet', at };
}
const otherShape = (i: number) => i % 50 === 7;

async function seed(db: Db, from: number, to: number): Promise<void> {
  const col = outreachCollections(db).suppressions;
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = from; i < to; i += 1000) {
    const docs = Array.from({ length: Math.min(1000, to - i) }, (_, k) => docOf(i + k, new Date(t0 + (i + k) * 1000)));
    await col.insertMany(docs);
  }
}

/** Ids for run r of a case: different people each run, so no run repeats another's lookups. */
function cases(n: number) {
  const pick = (r: number, k: number, pred: (i: number) => boolean) => { // k-th person after a run-dependent start matching pred
    let i = (r * 7919 + k * 104_729) % n;
    while (!pred(i)) i = (i + 1) % n;
    return i;
  };
  const own = (i: number) => !otherShape(i);
  const miss = (r: number, k: number) => String(90_000_000 + r * 1000 + k);
  return {
    hitOwn: (r: number) => [person(pick(r, 1, own))],
    hitOther: (r: number) => [person(pick(r, 2, otherShape))],
    miss: (r: number) => [miss(r, 0)],
    mixed100: (r: number) => [
      ...Array.from({ length: 10 }, (_, k) => person(pick(r, k + 3, own))),
      ...Array.from({ length: 2 }, (_, k) => person(pick(r, k + 20, otherShape))),
      ...Array.from({ length: 88 }, (_, k) => miss(r, k + 1)),
    ],
    miss100: (r: number) => Array.from({ length: 100 }, (_, k) => miss(r, k + 200)),
    removeOwn: (r: number) => pick(r, 30, own),
    removeOther: (r: number) => pick(r, 31, otherShape),
  };
}

async function time(runs: number, fn: (r: number) => Promise<unknown>): Promise<{ ms: number; answers: unknown[] }> {
  await fn(runs); // warm, with ids no timed run uses
  const ms: number[] = [];
  const answers: unknown[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    answers.push(await fn(r));
    ms.push(performance.now() - t);
  }
  return { ms: +median(ms).toFixed(2), answers };
}

const sorted = (s: Set<string>) => [...s].sort();

async function measure(sides: Side[], n: number, rows: Row[]): Promise<void> {
  const c = cases(n);
  const add = async (what: string, fn: (side: Side, r: number) => Promise<unknown>, restore?: (side: Side, r: number) => Promise<void>) => {
    const row: Row = { n, what, ms: {} };
    let ref: unknown[] | undefined;
    for (const side of sides) {
      const { ms, answers } = await time(side.runs, async (r) => { const a = await fn(side, r); await restore?.(side, r); return a; });
      row.ms[side.name] = ms;
      if (ref) assert.deepEqual(answers.slice(0, RUNS), ref.slice(0, RUNS), `${what}: ${side.name} answers differently`);
      ref ??= answers;
    }
    rows.push(row);
    console.log(`  ${String(n).padStart(7)}  ${what.padEnd(44)} ${sides.map((s) => String(row.ms[s.name]).padStart(10)).join(' ')}`);
  };
  await add('suppressedAmong, 1 id, hit (keyed by id)', (s, r) => s.impl.suppressedAmong(s.db, c.hitOwn(r)).then(sorted));
  await add('suppressedAmong, 1 id, hit (named in xUserId)', (s, r) => s.impl.suppressedAmong(s.db, c.hitOther(r)).then(sorted));
  await add('suppressedAmong, 1 id, miss', (s, r) => s.impl.suppressedAmong(s.db, c.miss(r)).then(sorted));
  await add('suppressedAmong, 100 ids, 12 hits + 88 misses', (s, r) => s.impl.suppressedAmong(s.db, c.mixed100(r)).then(sorted));
  await add('suppressedAmong, 100 ids, all misses', (s, r) => s.impl.suppressedAmong(s.db, c.miss100(r)).then(sorted));
  await add('isSuppressed (the send check), miss', (s, r) => s.impl.isSuppressed(s.db, c.miss(r)[0]!));
  await add('isSuppressed, hit (named in xUserId)', (s, r) => s.impl.isSuppressed(s.db, c.hitOther(r)[0]!));
  // Each lift is undone (untimed would be better, but both sides pay the same re-insert).
  const reinsert = async (s: Side, i: number) => { await outreachCollections(s.db).suppressions.insertOne(docOf(i, new Date())); };
  await add('removeSuppression (keyed by id) + re-add', (s, r) => s.impl.removeSuppression(s.db, person(c.removeOwn(r))), (s, r) => reinsert(s, c.removeOwn(r)));
  await add('removeSuppression (named in xUserId) + re-add', (s, r) => s.impl.removeSuppression(s.db, person(c.removeOther(r))), (s, r) => reinsert(s, c.removeOther(r)));
  await add('search: one person by id (named in xUserId)', (s, r) => listSuppressions(s.db, { limit: 100, xUserId: c.hitOther(r)[0]! }).then((p) => p.items.map((d) => d._id)));
  // What an existing list pays once, at the first start of this release: building the index.
  const nowSide = sides.find((s) => s.name === 'now')!;
  await outreachCollections(nowSide.db).suppressions.dropIndex('xUserId_1');
  const t = performance.now();
  await ensureAllIndexes(nowSide.db);
  rows.push({ n, what: 'first start: build the xUserId index (once)', ms: { now: +(performance.now() - t).toFixed(0) } });
  console.log(`  ${String(n).padStart(7)}  ${'first start: build the xUserId index (once)'.padEnd(44)} ${''.padStart(10)} ${String(rows.at(-1)!.ms.now).padStart(10)}`);
}

interface Row { n: number; what: string; ms: Record<string, number> }

async function main() {
  const cache = loadConfig().CHIRPFLOW_CACHE;
  const current = binaries(cache).ferretdb;
  const previous = join(cache, 'ferretdb-v1.24.0-p2');
  const beforeBin = beforeArg >= 0 ? process.argv[beforeArg + 1]! : existsSync(previous) ? previous : current;
  const dir = mkdtempSync(join(tmpdir(), 'chirpflow-bench-supp-'));
  const services: Service[] = [];
  const clients: MongoClient[] = [];
  const rows: Row[] = [];
  const load = { start: loadavg()[0]!, end: 0 };
  let store: string;
  try {
    const connect = async (uri: string, name: string) => {
      const client = await new MongoClient(uri).connect();
      clients.push(client);
      const db = client.db(`bench_supp_${name}_${Date.now()}`);
      await ensureAllIndexes(db);
      return db;
    };
    let sides: Side[];
    if (process.env.MONGODB_URI) {
      store = 'MONGODB_URI';
      sides = [{ name: 'before', db: await connect(process.env.MONGODB_URI, 'before'), impl: old, runs: RUNS }, { name: 'now', db: await connect(process.env.MONGODB_URI, 'now'), impl: now, runs: RUNS_NOW }];
    } else {
      if (!existsSync(beforeBin)) throw new Error(`--before: no FerretDB binary at ${beforeBin}`);
      const start = async (bin: string, name: string) => {
        const port = await freePort();
        services.push(await startFerret({ bin, port, dataDir: join(dir, name) }));
        return connect(`mongodb://127.0.0.1:${port}/`, name);
      };
      store = `embedded FerretDB: before ${beforeBin.split('/').pop()}, now ${current.split('/').pop()}`;
      const before = await start(beforeBin, 'before');
      sides = [{ name: 'before', db: before, impl: old, runs: RUNS }, { name: 'now', db: await start(current, 'now'), impl: now, runs: RUNS_NOW }];
      // Same server and data as "before", this code: the xUserId lookup scans without the patch.
      if (NEW_ON_BEFORE) sides.push({ name: 'new@before', db: before, impl: now, runs: RUNS });
    }
    console.log(`bench:suppressions — ${store}; median ms of ${sides.map((s) => `${s.runs} (${s.name})`).join(', ')} runs; load average ${load.start.toFixed(2)} at start`);
    console.log(`  ${'N'.padStart(7)}  ${'case'.padEnd(44)} ${sides.map((s) => s.name.padStart(10)).join(' ')}`);
    let seeded = 0;
    for (const n of SIZES) {
      const t = performance.now();
      for (const db of new Set(sides.map((s) => s.db))) await seed(db, seeded, n);
      seeded = n;
      console.log(`  (seeded ${n} on each side: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
      // Let the seeding's writes settle (SQLite checkpoints its WAL) before anything is timed:
      // the first case after seeding was 10x slower than the same lookups later.
      await new Promise((r) => setTimeout(r, 5000));
      for (const s of sides) for (let k = 0; k < (s.runs > RUNS ? 50 : 1); k++) await s.impl.suppressedAmong(s.db, [person(k), `warm${k}`]);
      await measure(sides, n, rows);
    }
    for (const s of new Set(sides.map((x) => x.db))) await s.dropDatabase().catch(() => undefined);
  } finally {
    for (const c of clients) await c.close();
    await Promise.all(services.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  load.end = loadavg()[0]!;
  console.log(`load average ${load.end.toFixed(2)} at end`);
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'suppressions.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, store, runs: { before: RUNS, now: RUNS_NOW }, loadAverage: load, rows }, null, 2) + '\n');
  console.log('wrote bench/results/suppressions.json');
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
