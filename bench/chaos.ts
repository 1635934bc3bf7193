// bench:chaos — N conversations (default 1,000; --n, --seed) against the emulator with X's bad days
// drawn at random per person (seeded): slow answers, deliver-then-503, deliver-then-hang, 429
// bursts; links rewritten to t.co and DMs listed late throughout. People answer YES / HELP / STOP /
// free text or nothing (the emulator's seeded reply profile). Starts its own Temporal dev server
// and FerretDB (or uses TEMPORAL_ADDRESS / MONGODB_URI), runs the worker in a child process,
// prints a table and writes bench/results/chaos.json.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { startEmulator } from '../src/emulator';
import { compareIds } from '../src/emulator/ids';
import { Rng } from '../src/emulator/rng';
import type { Fault } from '../src/emulator/core';
import { startOutreach } from '../src/outreach/start';
import { DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../src/workflows/dm-poller/contract';
import { stateQuery, type OutreachWorkflow } from '../src/workflows/outreach/contract';
import { outreachCollections } from '../src/store/conversations';
import { workflowBundle } from '../test/helpers/stack';
import { input, settings } from '../test/outreach/harness';
import { flag, startServersUnlessSet } from './embedded-stack';

const root = resolve(__dirname, '..');
const N = flag('n', 1000);
const SEED = flag('seed', 7);
const CONCURRENCY = 50;

type Kind = 'none' | 'slow' | 'deliver-503' | 'deliver-hang' | '429-burst';
const KINDS: [Kind, number][] = [['none', 0.5], ['slow', 0.1], ['deliver-503', 0.15], ['deliver-hang', 0.1], ['429-burst', 0.15]];

function draw(rng: Rng): Kind {
  let u = rng.next();
  for (const [k, p] of KINDS) { if (u < p) return k; u -= p; }
  return 'none';
}

function faultFor(kind: Kind, path: string): Fault | undefined {
  switch (kind) {
    case 'slow': return { path, count: 1, slowMs: 12_000 };
    case 'deliver-503': return { path, count: 1, deliver: true, status: 503 };
    case 'deliver-hang': return { path, count: 1, deliver: true, hangMs: 25_000 };
    case '429-burst': return { path, count: 3, status: 429, resetInSec: 2 };
    default: return undefined;
  }
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * The conversation's end, or 'escalated' once it waits for an agent with nothing queued (some
 * free-text replies ask for a person; nobody answers them in a bench).
 */
async function settled(h: WorkflowHandle<OutreachWorkflow>): Promise<string> {
  let waiting = 0;
  const done = h.result().then((r) => r.stage);
  for (;;) {
    const r = await Promise.race([done, new Promise<undefined>((res) => setTimeout(() => res(undefined), 2000))]);
    if (r) return r;
    const v = await h.query(stateQuery).catch(() => undefined);
    waiting = v && ['escalated', 'claimed'].includes(v.state.stage) && v.queuedEvents === 0 ? waiting + 1 : 0;
    if (waiting >= 3) {
      await h.terminate('bench: escalated, no agent').catch(() => undefined);
      return 'escalated';
    }
  }
}

async function main() {
  const servers = await startServersUnlessSet('bench-chaos');
  const { temporalAddress, mongoUri, dataDir, services } = servers;
  const big = { window: 1_000_000, userDay: 1_000_000, appDay: 1_000_000 };
  const emu = await startEmulator({
    port: 0, seed: SEED, rate: 0, users: Math.max(2000, N * 2),
    // YES escalates to a human (the conversation then waits for an agent): left out here.
    replyProfile: { yes: 0, help: 0.3, stop: 0.25, free: 0.15, none: 0.3, minDelayMs: 500, maxDelayMs: 5000 },
    rateLimits: { 'POST /2/dm_conversations/with/:id/messages': big, 'GET /2/dm_events': { window: 1_000_000 } },
  });
  emu.core.dms.options = { visibleAfterMs: 2000, rewriteLinks: true };
  const mongo = await new MongoClient(mongoUri).connect();
  const dbName = `bench_chaos_${Date.now()}`;
  const db = mongo.db(dbName);
  let worker: ChildProcess | undefined;
  const t0 = Date.now();
  // Interrupted (Ctrl-C): leave no server or worker behind.
  const killAll = () => { worker?.kill('SIGKILL'); for (const s of services) s.proc.kill('SIGKILL'); };
  process.once('exit', killAll);
  process.once('SIGINT', () => process.exit(130));
  try {
    await workflowBundle();
    const taskQueue = `bench-chaos-${Date.now()}`;
    worker = fork(join(root, 'test/chaos/worker-proc.ts'), [], {
      execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: {
        ...process.env, TEMPORAL_ADDRESS: temporalAddress, MONGODB_URI: mongoUri, CHAOS_DB: dbName, CHAOS_TASK_QUEUE: taskQueue,
        CHAOS_MARKERS: dataDir, EMULATOR_URL: emu.url, BRAND_ID: emu.brandUserId, LOG_LEVEL: 'error',
        CHIRPFLOW_DM_LIMIT_15M: '100000', CHIRPFLOW_DM_LIMIT_DAY: '100000', CHIRPFLOW_DM_LIMIT_APP_DAY: '100000',
      },
    });
    await new Promise<void>((res, rej) => { worker!.once('message', () => res()); worker!.once('exit', (c) => rej(new Error(`worker exited (${c})`))); });
    const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
    await client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, { workflowId: `dm-poller-${taskQueue}`, taskQueue, args: [{ taskQueue, intervalMs: 500, iterationsPerRun: 50 }] });

    const rng = new Rng(SEED);
    const people = emu.core.world.userIds.filter((u) => u !== emu.brandUserId && emu.core.world.users.get(u)!.dmOpen !== false).slice(0, N);
    const kinds: Record<Kind, number> = { none: 0, slow: 0, 'deliver-503': 0, 'deliver-hang': 0, '429-burst': 0 };
    const templates = { ...settings().templates, greeting: ['Hi {name}! Acme here (acme.com/boots). Reply YES, HELP or STOP.'] };
    const results: string[] = [];
    let next = 0;
    const progress = setInterval(() => {
      process.stderr.write(`[chaos] ${Math.round((Date.now() - t0) / 1000)} s: ${results.length}/${N} finished, ${emu.core.dms.events.filter((e) => e.sender_id === emu.brandUserId).length} DMs sent\n`);
    }, 15_000);
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < people.length) {
        const p = people[next++]!;
        const kind = draw(rng);
        kinds[kind]++;
        const f = faultFor(kind, `/2/dm_conversations/with/${p}/messages`);
        if (f) emu.core.faults.push(f);
        const u = emu.core.world.users.get(p)!;
        const r = await startOutreach(client, input({ campaignId: 'chaos', person: { xUserId: p, username: u.username, name: u.name } }, { maxReminders: 0, replyTimeoutMs: 20_000, templates }), { taskQueue });
        results.push(await settled(client.workflow.getHandle(r.workflowId)));
      }
    }));
    clearInterval(progress);
    await client.workflow.getHandle(`dm-poller-${taskQueue}`).terminate('bench done');

    const brand = emu.brandUserId;
    const ledger = await outreachCollections(db).sentMessages.find({}).toArray();
    const sent = emu.core.dms.events.filter((e) => e.sender_id === brand);
    let duplicates = 0;
    let afterStop = 0;
    const latencies: number[] = [];
    for (const p of people) {
      const mine = sent.filter((e) => e.recipient_id === p);
      const byText = new Map<string, number>();
      for (const e of mine) byText.set(e.sentText ?? e.text, (byText.get(e.sentText ?? e.text) ?? 0) + 1);
      const keys = ledger.filter((l) => l.xUserId === p && l.state !== 'sending');
      for (const [text, n] of byText) duplicates += Math.max(0, n - keys.filter((k) => k.text === text).length);
      const theirs = emu.core.dms.events.filter((e) => e.sender_id === p);
      const stop = theirs.find((e) => /^\s*stop\s*$/i.test(e.text));
      if (stop) afterStop += Math.max(0, mine.filter((e) => compareIds(e.id, stop.id) > 0).length - 1);
      for (const m of theirs) {
        const answer = mine.find((e) => compareIds(e.id, m.id) > 0);
        if (answer) latencies.push(Date.parse(answer.created_at) - Date.parse(m.created_at));
      }
    }
    const stages = results.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
    const out = {
      at: new Date().toISOString(), n: N, seed: SEED, wallSeconds: Math.round((Date.now() - t0) / 1000), faults: kinds, stages,
      dmsSent: sent.length, duplicates, dmsAfterStop: afterStop, unknownOutcomes: ledger.filter((l) => l.state === 'unknown').length,
      recovered: ledger.filter((l) => l.via === 'recovered').length, replyToAnswerMs: { n: latencies.length, p50: pct(latencies, 50), p99: pct(latencies, 99) },
    };
    const rows: [string, string | number][] = [
      ['conversations', N], ['faults drawn', JSON.stringify(kinds)], ['DMs sent', out.dmsSent], ['duplicates (must be 0)', duplicates],
      ['DMs after STOP (must be 0)', afterStop], ['unknown outcomes', out.unknownOutcomes], ['recovered by lookup', out.recovered],
      ['reply → answer p50 (ms)', out.replyToAnswerMs.p50], ['reply → answer p99 (ms)', out.replyToAnswerMs.p99], ['wall time (s)', out.wallSeconds],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(28)} ${v}\n`);
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, 'bench/results/chaos.json'), JSON.stringify(out, null, 2) + '\n');
    await client.connection.close();
    if (duplicates || afterStop) process.exitCode = 1;
  } finally {
    worker?.kill('SIGKILL');
    await db.dropDatabase().catch(() => undefined);
    await mongo.close();
    await emu.close();
    await servers.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench:chaos: ${(err as Error).stack}\n`);
  process.exit(1);
});
