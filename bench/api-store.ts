// bench:api-store — the API's store work on embedded FerretDB (or MONGODB_URI): a rate-limit
// increment (the sliding-window store: an upsert and a read of the previous window, in parallel)
// against one bare upsert (what the fixed-window store did), and reading the suppression list of
// --entries people (each with a profile): the first page, a page deep in the list by cursor against
// the same page by skip (what offset paging did), one person by id, and handle searches.
// Medians of --runs. Prints a table and writes bench/results/api-store.json.
//   npx tsx bench/api-store.ts [--entries 20000 --runs 7]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../src/config';
import { binaries } from '../src/stack/paths';
import { freePort } from '../src/stack/ports';
import { startFerret, type Service } from '../src/stack/services';
import { COLLECTIONS } from '../src/store';
import { ensureAllIndexes } from '../src/store/indexes';
import { outreachCollections } from '../src/store/conversations';
import { listSuppressions } from '../src/store/suppressions-search';
import { MongoRateLimitStore } from '../src/api/security/rate-limit-store';
import { flag } from './embedded-stack';

const ENTRIES = flag('entries', 20_000);
const RUNS = flag('runs', 7);
const median = (xs: number[]) => { const s = xs.slice().sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) { const t = performance.now(); await fn(); ms.push(performance.now() - t); }
  return +median(ms).toFixed(2);
}

async function main() {
  let uri = process.env.MONGODB_URI;
  let ferret: Service | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'chirpflow-api-store-'));
  if (!uri) {
    const port = await freePort();
    ferret = await startFerret({ bin: binaries(loadConfig().CHIRPFLOW_CACHE).ferretdb, port, dataDir: dir });
    uri = `mongodb://127.0.0.1:${port}/`;
  }
  const client = await new MongoClient(uri).connect();
  const db = client.db(`bench_api_store_${Date.now()}`);
  const rows: { what: string; msMedian: number }[] = [];
  try {
    await ensureAllIndexes(db);
    // Rate limits: 200 calls per variant, one client.
    const store = new MongoRateLimitStore(db, 'bench');
    store.init({ windowMs: 60_000, limit: 1_000_000 });
    const raw = db.collection<{ _id: string; hits: number }>(COLLECTIONS.rateLimits);
    rows.push({ what: 'rate limit: one upsert (fixed window, before)', msMedian: await time(200, () => raw.findOneAndUpdate({ _id: 'bench-raw' }, { $inc: { hits: 1 } }, { upsert: true, returnDocument: 'after' })) });
    rows.push({ what: 'rate limit: sliding-window increment (now)', msMedian: await time(200, () => store.increment('client')) });

    // The suppression list: ENTRIES people, one a second back in time, each with a profile.
    const now = Date.now();
    const sup = outreachCollections(db).suppressions;
    for (let i = 0; i < ENTRIES; i += 1000) {
      const ids = Array.from({ length: Math.min(1000, ENTRIES - i) }, (_, k) => String(10_000_000 + i + k));
      await sup.insertMany(ids.map((id, k) => ({ _id: id, reason: 'person replied STOP', source: 'dm-poller', at: new Date(now - (i + k) * 1000) })));
      await db.collection(COLLECTIONS.profiles).insertMany(ids.map((id) => ({ _id: id as never, username: `user_${id}` })));
    }
    const mid = (await sup.find({}).sort({ at: -1, _id: -1 }).skip(ENTRIES / 2 - 1).limit(1).toArray())[0]!;
    rows.push({ what: 'first page (100)', msMedian: await time(RUNS, () => listSuppressions(db, { limit: 100 })) });
    rows.push({ what: 'page in the middle, by cursor (now)', msMedian: await time(RUNS, () => listSuppressions(db, { limit: 100, after: { at: mid.at, id: mid._id } })) });
    rows.push({ what: 'page in the middle, by skip (before)', msMedian: await time(RUNS, () => sup.find({}).sort({ at: -1 }).skip(ENTRIES / 2).limit(100).toArray()) });
    rows.push({ what: 'one person by id', msMedian: await time(RUNS, () => listSuppressions(db, { limit: 100, xUserId: String(10_000_000 + ENTRIES - 7) })) });
    rows.push({ what: 'handle, exact, no match (reads the 5,000 budget)', msMedian: await time(RUNS, () => listSuppressions(db, { limit: 100, handle: { text: 'nobody', exact: true } })) });
    rows.push({ what: 'handle prefix, 100 matches near the top', msMedian: await time(RUNS, () => listSuppressions(db, { limit: 100, handle: { text: 'USER_1', exact: false } })) });
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await ferret?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const w = Math.max(...rows.map((r) => r.what.length));
  console.log(`bench:api-store — ${ferret ? 'embedded FerretDB' : 'MONGODB_URI'}, ${ENTRIES} suppressed people, median ms of ${RUNS} runs (rate limit: of 200 calls)`);
  for (const r of rows) console.log(`${r.what.padEnd(w)}  ${String(r.msMedian).padStart(9)}`);
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'api-store.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, store: ferret ? 'ferretdb' : 'mongodb', entries: ENTRIES, runs: RUNS, rows }, null, 2) + '\n');
  console.log('wrote bench/results/api-store.json');
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
