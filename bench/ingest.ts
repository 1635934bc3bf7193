// Sustained ingest: the emulator's filtered stream (in its own process) → batch → score with the
// real models → store tweets (upsert) → update profiles → qualify → start. Steps through increasing
// rates; a rate is "held" when, over the step, what was processed kept up with what was emitted
// (backlog did not grow, neither of tweets nor of profiles waiting to be written). Latency is tweet
// creation → stored, and creation → its profile change stored (profiles are written behind). Uses FerretDB (embedded, started
// here unless MONGODB_URI is set). Conversation starts go to a counting stub: Temporal is not in
// this measurement (see bench/outreach.ts for that side).
//   npx tsx bench/ingest.ts [--step-sec 60] [--rates 250,500,1000,2000,4000] [--soak-min 10] [--profile-flush-ms 2000]
// --rates are the emulator's generated tweets/s; about three in four match the campaign's rules.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectStore } from '../src/store';
import { ensureAllIndexes } from '../src/store/indexes';
import { loadConfig } from '../src/config';
import { binaries } from '../src/stack/paths';
import { freePort } from '../src/stack/ports';
import { startFerret } from '../src/stack/services';
import { createXClient, campaignTag } from '../src/x';
import { loadModels } from '../src/ml';
import { runIngestLoop } from '../src/ingest/loop';
import { insertCampaign, transitionStatus, setCampaignRules } from '../src/store/campaigns';
import { CreateCampaignSchema, buildRules } from '../src/domain/campaign';
import { logger } from '../src/log';

const arg = (name: string, def: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1]! : def; };
const stepSec = Number(arg('seconds', arg('step-sec', '60')));
const rates = arg('rates', '250,500,1000,2000,4000').split(',').map(Number);
const soakMin = Number(arg('soak-min', '0'));

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main() {
  const cfg = loadConfig();
  const dataDir = mkdtempSync(join(tmpdir(), 'chirpflow-bench-'));
  let ferret: { stop(): Promise<void> } | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const port = await freePort();
    ferret = await startFerret({ bin: binaries(cfg.CHIRPFLOW_CACHE).ferretdb, port, dataDir });
    uri = `mongodb://127.0.0.1:${port}/`;
  }
  const store = await connectStore(uri, `bench_ingest_${Date.now()}`);
  await ensureAllIndexes(store.db);

  // The emulator in its own process, as in production (X is not in our process).
  const emuProc = fork(join(__dirname, '..', 'src', 'cli', 'index.ts'), ['emulator', '--port', '0', '--rate', '0', '--keep-alive-ms', '2000'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url: string = await new Promise((resolve, reject) => {
    emuProc.stdout!.on('data', (b: Buffer) => { const m = /"url":"([^"]+)"/.exec(b.toString()); if (m) resolve(m[1]!); });
    emuProc.once('exit', () => reject(new Error('emulator exited')));
  });
  const ctl = (method: string, path: string, body?: unknown) => fetch(`${url}/_emulator${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json() as Promise<any>);

  const x = createXClient({ baseUrl: url, bearerToken: 'bench' });
  const settings = CreateCampaignSchema.parse({ name: 'bench', brand: 'Acme', tracking: { keywords: ['acme'], includeRetweets: true }, qualification: { minFollowers: 1000, minPositivity: 0.8 } });
  const c = await insertCampaign(store.db, settings, { id: 'bench' });
  const added = await x.addRules(buildRules(settings.tracking).map((value) => ({ value, tag: campaignTag(c._id) })));
  await setCampaignRules(store.db, c._id, added.map((r) => ({ id: r.id, value: r.value })));
  await transitionStatus(store.db, c._id, ['draft'], 'running');

  const models = await loadModels();
  let processed = 0;
  let started = 0;
  let lat: number[] = [];
  // Profiles are written behind the batches: how long after its creation a tweet's profile change
  // was stored, and how many profiles wait to be written (must not grow for a rate to count as held).
  let profLat: number[] = [];
  let profilesWaiting = 0;
  const createdAt = new Map<string, number>();
  let phases: Record<string, number> = {};
  let batches = 0;
  let stopping = false;
  const stop = new AbortController();
  const loop = runIngestLoop({
    db: store.db, log: logger.child({ bench: 'ingest' }), now: Date.now, models,
    startOutreach: async () => { started++; return 'started'; },
    onBatch: (r, tweets) => {
      const now = Date.now();
      batches++;
      for (const [k, v] of Object.entries(r.phaseMs)) phases[k] = (phases[k] ?? 0) + v;
      processed += tweets.length;
      for (const t of tweets) { const c = Date.parse(t.createdAt); lat.push(now - c); createdAt.set(t.id, c); }
      if (createdAt.size > 200_000) createdAt.clear(); // tweets never held (nothing to write) are not reported
    },
    onProfilesFlushed: (ids, waiting) => {
      const now = Date.now();
      profilesWaiting = waiting;
      for (const id of ids) { const c = createdAt.get(id); if (c !== undefined) { profLat.push(now - c); createdAt.delete(id); } }
    },
    stream: (o) => x.stream(o), heartbeat: () => undefined, cancel: stop.signal,
  }, { batchSize: Number(arg('batch', '500')), batchMs: 100, profileFlushMs: Number(arg('profile-flush-ms', '2000')) });
  loop.catch((e: Error) => { if (stopping) return; process.stderr.write(`ingest loop failed: ${e.stack}\n`); process.exit(1); });
  await new Promise((r) => setTimeout(r, 1500));

  const mem: { t: number; rssMb: number; heapMb: number }[] = [];
  const rssStartMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  process.stdout.write(`RSS at start: ${rssStartMb} MB\n`);
  const t0 = Date.now();
  const memTimer = setInterval(() => { const m = process.memoryUsage(); mem.push({ t: Math.round((Date.now() - t0) / 1000), rssMb: Math.round(m.rss / 2 ** 20), heapMb: Math.round(m.heapUsed / 2 ** 20) }); }, 5000);

  const steps: { rate: number; emittedPerSec: number; processedPerSec: number; backlogStart: number; backlogEnd: number; p50Ms: number; p99Ms: number; held: boolean; batches: number; meanBatch: number; phasePct: Record<string, number>; profileP50Ms: number; profileP99Ms: number; profilesWaitingStart: number; profilesWaitingEnd: number }[] = [];
  const backlog = async () => (await ctl('GET', '/stats')).emitted - processed;
  const runStep = async (rate: number, sec: number, record = true) => {
    await ctl('PUT', '/rate', { rate });
    await new Promise((r) => setTimeout(r, Math.min(10, sec / 4) * 1000)); // settle
    lat = [];
    profLat = [];
    phases = {};
    batches = 0;
    const e0 = (await ctl('GET', '/stats')).emitted;
    const p0 = processed;
    const b0 = e0 - p0;
    const w0 = profilesWaiting;
    const s0 = Date.now();
    await new Promise((r) => setTimeout(r, sec * 1000));
    const e1 = (await ctl('GET', '/stats')).emitted;
    const p1 = processed;
    const dt = (Date.now() - s0) / 1000;
    const b1 = e1 - p1;
    const w1 = profilesWaiting;
    const row = {
      rate, emittedPerSec: Math.round((e1 - e0) / dt), processedPerSec: Math.round((p1 - p0) / dt), backlogStart: b0, backlogEnd: b1,
      p50Ms: Math.round(pct(lat, 50)), p99Ms: Math.round(pct(lat, 99)),
      profileP50Ms: Math.round(pct(profLat, 50)), profileP99Ms: Math.round(pct(profLat, 99)),
      profilesWaitingStart: w0, profilesWaitingEnd: w1,
      // Held: neither the tweets waiting to be stored nor the profiles waiting to be written grew.
      held: b1 - b0 <= Math.max(200, 0.02 * (e1 - e0)) && w1 - w0 <= Math.max(200, 0.02 * (e1 - e0)),
      batches, meanBatch: batches ? Math.round((p1 - p0) / batches) : 0,
      // Where the ingest loop's time went during the step (share of wall time, %): the profile.
      phasePct: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round((v / (dt * 1000)) * 1000) / 10])),
    };
    if (record) steps.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
    return row;
  };
  let best = 0;
  let bestRate = 0; // the generator rate (rates count all generated tweets, best only the matching ones)
  for (const r of rates) {
    const row = await runStep(r, stepSec);
    if (!row.held) break;
    best = row.emittedPerSec;
    bestRate = r;
  }
  await ctl('PUT', '/rate', { rate: 0 });
  // Drain before the soak / the end.
  const drainUntil = Date.now() + 120_000;
  while ((await backlog()) > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 500));
  let soak: typeof steps[number] | undefined;
  if (soakMin > 0 && best > 0) soak = await runStep(Math.round(bestRate * 0.9), soakMin * 60, false);
  await ctl('PUT', '/rate', { rate: 0 });
  clearInterval(memTimer);

  const result = {
    bench: 'ingest', at: new Date().toISOString(), machine: { cpus: require('node:os').cpus().length, node: process.version },
    store: process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (sqlite)', stepSec, batchSize: Number(arg('batch', '500')), profileFlushMs: Number(arg('profile-flush-ms', '2000')),
    sentimentVersion: models.sentimentVersion, emotionVersion: models.emotionVersion,
    highestHeldRate: best, steps, soak, startsStubbed: started, memory: mem,
  };
  process.stdout.write('\n rate | emitted/s | processed/s | backlog start→end | stored p50 ms | p99 ms | profile p50 ms | p99 ms | profiles waiting | held\n');
  for (const s of [...steps, ...(soak ? [soak] : [])]) {
    process.stdout.write(` ${String(s.rate).padStart(4)} | ${String(s.emittedPerSec).padStart(9)} | ${String(s.processedPerSec).padStart(11)} | ${`${s.backlogStart}→${s.backlogEnd}`.padStart(17)} | ${String(s.p50Ms).padStart(13)} | ${String(s.p99Ms).padStart(6)} | ${String(s.profileP50Ms).padStart(14)} | ${String(s.profileP99Ms).padStart(6)} | ${`${s.profilesWaitingStart}→${s.profilesWaitingEnd}`.padStart(16)} | ${s.held ? 'yes' : 'NO'}\n`);
  }
  process.stdout.write('\n phase share of wall time per step (%): route, score, tweets, profiles, qualify, start\n');
  for (const s of [...steps, ...(soak ? [soak] : [])]) {
    const p = s.phasePct;
    process.stdout.write(` ${String(s.rate).padStart(4)} | ${['route', 'score', 'tweets', 'profiles', 'qualify', 'start'].map((k) => String(p[k] ?? 0).padStart(5)).join(' ')} | ${s.batches} batches of ~${s.meanBatch}\n`);
  }
  process.stdout.write(`RSS at start ${rssStartMb} MB, at end ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB\n`);
  process.stdout.write(`highest rate held for ${stepSec} s: ${best} tweets/s; peak RSS ${Math.max(...mem.map((m) => m.rssMb))} MB\n`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'ingest.json'), JSON.stringify(result, null, 2) + '\n');

  stopping = true;
  stop.abort();
  await loop.catch(() => undefined);
  emuProc.kill('SIGTERM');
  await store.db.dropDatabase().catch(() => undefined);
  await store.close();
  await ferret?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((e) => { process.stderr.write(`bench failed: ${(e as Error).stack}\n`); process.exit(1); });
