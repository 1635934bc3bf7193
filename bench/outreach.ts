// Outreach capacity: how many conversations can wait at once, the worker's RSS while they wait for
// review, the start rate, and signal-to-reply latency on waiting conversations (a review update
// answered by the workflow) with the worker's workflow cache smaller than the population, so most
// answers replay an evicted conversation first. Starts its own Temporal dev server and FerretDB on
// free ports (or uses TEMPORAL_ADDRESS / MONGODB_URI: `--lane cluster` labels such a run), runs the
// worker in a child process, prints a table and writes bench/results/outreach.json.
// --max-minutes bounds starting and the wait for every conversation to be waiting (a loaded machine):
// the run then measures what it reached. Prints a progress line every 10 s (worker CPU, SDK metrics).
//   npm run bench:outreach -- --n 100000 [--cache 1000] [--samples 200] [--max-minutes 120] [--lane dev]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startOutreach } from '../src/outreach/start';
import { reviewUpdate } from '../src/workflows/outreach/contract';
import { workflowBundle } from '../test/helpers/stack';
import { input } from '../test/outreach/harness';
import { flag, startServersUnlessSet } from './embedded-stack';
import { cpuSec, delta, meanBetween, rssMb, scrape } from './worker-probe';
import { freePort } from '../src/stack/ports';

const N = flag('n', Number(process.env.BENCH_OUTREACH_N ?? 10_000));
/** Workflows kept in the worker's sticky cache; waiting conversations beyond it are replayed on their next event. */
const MAX_CACHED = flag('cache', Number(process.env.BENCH_MAX_CACHED ?? 1000));
const SAMPLES = Math.min(flag('samples', 200), N);
/** Starting, and then waiting for all to be waiting, stop after this long; the run measures what it reached. */
const MAX_MS = flag('max-minutes', 120) * 60_000;
const LANE = (() => { const i = process.argv.indexOf('--lane'); return i > 0 ? process.argv[i + 1]! : process.env.TEMPORAL_ADDRESS ? 'external' : 'dev'; })();
const CONCURRENCY = 64;
/** A sample not answered within this counts as failed (a worker far behind its backlog). */
const SAMPLE_TIMEOUT_MS = 120_000;
/** Sampling stops after this long, whatever it reached (the table says how many were taken). */
const SAMPLES_BUDGET_MS = 5 * 60_000;
const root = resolve(__dirname, '..');

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const say = (s: string) => process.stdout.write(`${s}\n`);
const idOf = (i: number) => String(3_000_000_000 + i);

async function main() {
  if (MAX_CACHED >= N) say(`note: --cache ${MAX_CACHED} holds the whole population (${N}); latency then never replays`);
  const servers = await startServersUnlessSet('bench');
  const { temporalAddress, mongoUri } = servers;
  let worker: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  let progress: NodeJS.Timeout | undefined;
  try {
    await workflowBundle();
    const taskQueue = `bench-${Date.now()}`;
    const campaignId = `bench${Date.now()}`;
    const metricsPort = await freePort();
    worker = fork(join(root, 'test/outreach/worker-proc.ts'), [], {
      execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress, MONGODB_URI: mongoUri, CRASH_DB: `bench_${Date.now()}`, CRASH_TASK_QUEUE: taskQueue, EMULATOR_URL: 'http://127.0.0.1:9', BRAND_ID: '1000000001', LOG_LEVEL: 'warn', WORKER_MAX_CACHED_WORKFLOWS: String(MAX_CACHED), WORKER_METRICS_PORT: String(metricsPort) },
    });
    await new Promise<void>((res, rej) => { worker!.once('message', () => res()); worker!.once('exit', (c) => rej(new Error(`worker exited (${c})`))); });
    const pid = worker.pid!;
    const idleRss = rssMb(pid);
    let peakRss = idleRss;
    sampler = setInterval(() => { try { peakRss = Math.max(peakRss, rssMb(pid)); } catch { /* exited */ } }, 1000);
    progress = watch(pid, metricsPort, () => next);
    const connection = await Connection.connect({ address: temporalAddress });
    const client = new Client({ connection });

    // Review policy: each conversation records itself and then waits (days) for a human decision.
    const settings = { policy: 'review' as const, consentBasis: undefined, reviewExpiryMs: 7 * 24 * 3600_000 };
    const t0 = Date.now();
    const loadAtStart = Math.round(loadavg()[0]! * 10) / 10;
    let next = 0;
    let failed = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < N && Date.now() - t0 < MAX_MS) {
        const i = next++;
        const r = await startOutreach(client, input({ campaignId, person: { xUserId: idOf(i), username: `b${i}`, name: `B ${i}` } }, settings), { taskQueue }).catch(() => undefined);
        if (!r?.started) failed++;
      }
    }));
    const started = next;
    const startSec = (Date.now() - t0) / 1000;
    const query = `CampaignId = "${campaignId}" AND OutreachStage = "pending-review"`;
    let waiting = 0;
    // Counting is a visibility query over the whole population: every 10 s, not more.
    const deadline = Math.max(t0 + MAX_MS, Date.now() + 5 * 60_000);
    for (let lastSay = 0; ;) {
      waiting = (await client.workflow.count(query)).count;
      if (waiting >= started - failed || Date.now() >= deadline) break;
      if (Date.now() - lastSay > 60_000) { lastSay = Date.now(); say(`  ${waiting} of ${started - failed} waiting`); }
      await new Promise((r) => setTimeout(r, 10_000));
    }
    const allWaitingSec = (Date.now() - t0) / 1000;
    // Let the worker settle with everything parked, then sample its memory: as the OS sees it, and
    // after a full garbage collection (what the waiting conversations really hold; V8 collects late
    // when the machine has memory to spare).
    await new Promise((r) => setTimeout(r, 5000));
    const rss = rssMb(pid);
    const rssAfterGc = await gcRss(worker, pid);

    // Signal-to-reply: a review decision (reject) sent as an update to a waiting conversation; the
    // answer comes once the workflow has performed it (its record activity included). The samples
    // are spread over the whole population, so nearly all are outside the worker's cache.
    const latencies: number[] = [];
    let sampleFailures = 0;
    let k = 0;
    const stride = Math.max(1, Math.floor(started / SAMPLES));
    const samplesFrom = performance.now();
    await Promise.all(Array.from({ length: 2 }, async () => {
      while (k < SAMPLES && performance.now() - samplesFrom < SAMPLES_BUDGET_MS) {
        const i = ((k++ * stride) + 7) % started;
        const s0 = performance.now();
        try {
          await client.withDeadline(Date.now() + SAMPLE_TIMEOUT_MS, () => client.workflow.getHandle(`outreach-${idOf(i)}`)
            .executeUpdate(reviewUpdate, { args: [{ decision: 'reject', by: 'bench', reason: 'latency sample' }] }));
          latencies.push(performance.now() - s0);
        } catch { sampleFailures++; }
      }
    }));
    latencies.sort((a, b) => a - b);
    const rssAfter = rssMb(pid);
    await connection.close();

    const gb = rss / 1024;
    const result = {
      at: new Date().toISOString(), lane: LANE, machine: { cpus: cpus().length, memGb: Math.round(totalmem() / 2 ** 30) },
      conversations: N, started, startFailures: failed, waiting, workerMaxCachedWorkflows: MAX_CACHED,
      startRatePerSec: Math.round(started / startSec), allWaitingAfterSec: Math.round(allWaitingSec),
      waitingRatePerSec: Math.round(waiting / allWaitingSec * 10) / 10,
      workerRssMb: { idle: Math.round(idleRss), withAllWaiting: Math.round(rss), withAllWaitingAfterGc: Math.round(rssAfterGc), afterSamples: Math.round(rssAfter), peak: Math.round(Math.max(peakRss, rss, rssAfter)) },
      waitingPerGbWorkerRss: Math.round(waiting / gb),
      signalToReplyMs: {
        samples: latencies.length, failures: sampleFailures,
        p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies.at(-1) ?? NaN),
      },
      loadAverage: { atStart: loadAtStart, atEnd: Math.round(loadavg()[0]! * 10) / 10 },
      targets: { held: N, rssMb: 1024 },
      pass: waiting >= N && rss < 1024,
    };
    const rows: [string, string][] = [
      ['lane', LANE],
      ['conversations asked / started', `${N} / ${started} (${failed} failed)${started < N ? ' — start budget ran out' : ''}`],
      ['worker maxCachedWorkflows', String(MAX_CACHED)],
      ['waiting (visibility count)', String(waiting)],
      ['start rate (accepted by the server)', `${result.startRatePerSec}/s`],
      ['reached waiting (pending-review), rate', `${result.waitingRatePerSec}/s`],
      [waiting >= started - failed ? 'all waiting after' : 'counted after (budget ran out)', `${result.allWaitingAfterSec} s`],
      ['worker RSS idle', `${result.workerRssMb.idle} MB`],
      ['worker RSS, all waiting', `${result.workerRssMb.withAllWaiting} MB; after a full GC ${result.workerRssMb.withAllWaitingAfterGc} MB (peak ${result.workerRssMb.peak} MB)`],
      ['waiting conversations per GB of worker RSS', String(result.waitingPerGbWorkerRss)],
      ['signal-to-reply (review update), p50 / p95 / p99', `${result.signalToReplyMs.p50} / ${result.signalToReplyMs.p95} / ${result.signalToReplyMs.p99} ms over ${latencies.length} (${sampleFailures} failed)`],
      ['load average (1 min) at start / end', `${result.loadAverage.atStart} / ${result.loadAverage.atEnd} (${result.machine.cpus} cores)`],
      [`target: ${N} held, RSS < 1 GB`, result.pass ? 'met' : 'NOT met'],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    say(`\noutreach bench\n${rows.map(([key, v]) => `  ${key.padEnd(w)}  ${v}`).join('\n')}`);
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    const file = join(root, 'bench/results/outreach.json');
    let all: { runs?: Record<string, unknown> } = {};
    try { all = JSON.parse(readFileSync(file, 'utf8')) as typeof all; } catch { /* first run */ }
    all.runs ??= {};
    all.runs[`${LANE}-n${N}-cache${MAX_CACHED}`] = result;
    writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
    worker?.kill('SIGKILL');
    await servers.stop();
  }
}

/** The worker's RSS after it ran a full garbage collection (worker-proc asks V8 for it). */
function gcRss(worker: ChildProcess, pid: number): Promise<number> {
  return new Promise((res) => {
    const t = setTimeout(() => res(NaN), 30_000);
    worker.once('message', () => { clearTimeout(t); res(rssMb(pid)); });
    worker.send({ gc: true });
  });
}

/**
 * Every 10 s: conversations started, the worker's CPU share and RSS, and from the SDK's metrics
 * its sticky cache, workflow task slots and mean task latencies over the interval.
 */
function watch(pid: number, metricsPort: number, started: () => number): NodeJS.Timeout {
  let last = { at: performance.now(), cpu: cpuSec(pid), started: 0, m: new Map<string, number>() };
  const t0 = last.at;
  return setInterval(() => {
    void scrape(metricsPort).then((m) => {
      const at = performance.now();
      let cpu = NaN;
      try { cpu = cpuSec(pid); } catch { return; }
      const secs = (at - last.at) / 1000;
      const wf = (name: string) => meanBetween(last.m, m, name);
      say(`  ${Math.round((at - t0) / 1000)} s: ${started()} started (${Math.round((started() - last.started) / secs)}/s), worker CPU ${Math.round(100 * (cpu - last.cpu) / secs)} %, RSS ${Math.round(rssMb(pid))} MB`
        + ` | cache ${m.get('temporal_sticky_cache_size') ?? '?'}, hit/miss +${delta(last.m, m, 'temporal_sticky_cache_hit')}/+${delta(last.m, m, 'temporal_sticky_cache_miss')}`
        + `, wft slots free ${m.get('temporal_worker_task_slots_available/WorkflowWorker') ?? '?'}, wft done +${delta(last.m, m, 'temporal_workflow_task_execution_latency_count')}`
        + `, wft sched→start ${Math.round(wf('temporal_workflow_task_schedule_to_start_latency'))} ms, exec ${Math.round(wf('temporal_workflow_task_execution_latency'))} ms, replay ${Math.round(wf('temporal_workflow_task_replay_latency'))} ms`
        + `, act sched→start ${Math.round(wf('temporal_activity_schedule_to_start_latency'))} ms, act exec ${Math.round(wf('temporal_activity_execution_latency'))} ms`);
      last = { at, cpu, started: started(), m };
    });
  }, 10_000);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`bench outreach: ${(err as Error).stack}\n`);
    process.exit(1);
  });
}
