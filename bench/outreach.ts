// Outreach capacity: how many conversations can wait at once, the worker's RSS while 10,000 wait
// for review, and the start rate. Starts its own Temporal dev server and FerretDB on free ports
// (or uses TEMPORAL_ADDRESS / MONGODB_URI), runs the worker in a child process, prints a table and
// writes bench/results/outreach.json. BENCH_OUTREACH_N sets the number of conversations.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startOutreach } from '../src/outreach/start';
import { workflowBundle } from '../test/helpers/stack';
import { input } from '../test/outreach/harness';
import { startServersUnlessSet } from './embedded-stack';

const N = Number(process.env.BENCH_OUTREACH_N ?? 10_000);
const CONCURRENCY = 64;
/** Workflows kept in the worker's sticky cache; waiting conversations beyond it are replayed on their next event. */
const MAX_CACHED = process.env.BENCH_MAX_CACHED ?? '1000';
const root = resolve(__dirname, '..');

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main() {
  const servers = await startServersUnlessSet('bench');
  const { temporalAddress, mongoUri } = servers;
  let worker: ChildProcess | undefined;
  try {
    await workflowBundle();
    const taskQueue = `bench-${Date.now()}`;
    const campaignId = `bench${Date.now()}`;
    worker = fork(join(root, 'test/outreach/worker-proc.ts'), [], {
      execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress, MONGODB_URI: mongoUri, CRASH_DB: `bench_${Date.now()}`, CRASH_TASK_QUEUE: taskQueue, EMULATOR_URL: 'http://127.0.0.1:9', BRAND_ID: '1000000001', LOG_LEVEL: 'warn', ...(MAX_CACHED !== 'default' ? { WORKER_MAX_CACHED_WORKFLOWS: MAX_CACHED } : {}) },
    });
    await new Promise<void>((res, rej) => { worker!.once('message', () => res()); worker!.once('exit', (c) => rej(new Error(`worker exited (${c})`))); });
    const idleRss = rssMb(worker.pid!);
    const connection = await Connection.connect({ address: temporalAddress });
    const client = new Client({ connection });

    // Review policy: each conversation records itself and then waits (days) for a human decision.
    const settings = { policy: 'review' as const, consentBasis: undefined, reviewExpiryMs: 7 * 24 * 3600_000 };
    const t0 = Date.now();
    let next = 0;
    let failed = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const id = String(3_000_000_000 + i);
        const r = await startOutreach(client, input({ campaignId, person: { xUserId: id, username: `b${i}`, name: `B ${i}` } }, settings), { taskQueue }).catch(() => undefined);
        if (!r?.started) failed++;
      }
    }));
    const startSec = (Date.now() - t0) / 1000;
    const query = `CampaignId = "${campaignId}" AND OutreachStage = "pending-review"`;
    let waiting = 0;
    let peakRss = 0;
    const deadline = Date.now() + 30 * 60_000;
    while (Date.now() < deadline) {
      waiting = (await client.workflow.count(query)).count;
      peakRss = Math.max(peakRss, rssMb(worker.pid!));
      if (waiting >= N - failed) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const allWaitingSec = (Date.now() - t0) / 1000;
    // Let the worker settle with everything parked, then sample its memory.
    await new Promise((r) => setTimeout(r, 5000));
    const rss = rssMb(worker.pid!);
    peakRss = Math.max(peakRss, rss);
    // Waiting conversations still answer: query a few at random.
    const q0 = Date.now();
    for (let k = 0; k < 20; k++) {
      await client.workflow.getHandle(`outreach-${3_000_000_000 + Math.floor((k * 7919) % N)}`).query('state');
    }
    const queryMs = (Date.now() - q0) / 20;
    await connection.close();

    const result = {
      at: new Date().toISOString(), machine: { cpus: cpus().length, memGb: Math.round(totalmem() / 2 ** 30) },
      conversations: N, startFailures: failed, waiting, workerMaxCachedWorkflows: MAX_CACHED,
      startRatePerSec: Math.round(N / startSec), allWaitingAfterSec: Math.round(allWaitingSec),
      workerRssMb: { idle: Math.round(idleRss), withAllWaiting: Math.round(rss), peak: Math.round(peakRss) },
      queryLatencyMs: Math.round(queryMs),
      targets: { held: 10_000, rssMb: 1024 },
      pass: waiting >= 10_000 && rss < 1024,
    };
    const rows: [string, string][] = [
      ['conversations started', `${N} (${failed} failed)`],
      ['worker maxCachedWorkflows', MAX_CACHED],
      ['waiting (visibility count)', String(waiting)],
      ['start rate', `${result.startRatePerSec}/s`],
      ['all waiting after', `${result.allWaitingAfterSec} s`],
      ['worker RSS idle', `${result.workerRssMb.idle} MB`],
      ['worker RSS, all waiting', `${result.workerRssMb.withAllWaiting} MB (peak ${result.workerRssMb.peak} MB)`],
      ['state query on a waiting conversation', `${result.queryLatencyMs} ms`],
      ['target: 10,000 held, RSS < 1 GB', result.pass ? 'met' : 'NOT met'],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    process.stdout.write(`\noutreach bench\n${rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n')}\n`);
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    // Runs with the SDK's default cache are kept beside the recommended (capped) configuration.
    const file = join(root, 'bench/results/outreach.json');
    let all: Record<string, unknown> = {};
    try { all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>; } catch { /* first run */ }
    if (!('runs' in all)) all = { runs: 'conversations' in all ? { [`cache-${String(all.workerMaxCachedWorkflows ?? 'default')}`]: all } : {} };
    (all.runs as Record<string, unknown>)[`cache-${MAX_CACHED}`] = result;
    writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  } finally {
    worker?.kill('SIGKILL');
    await servers.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench outreach: ${(err as Error).stack}\n`);
  process.exit(1);
});
