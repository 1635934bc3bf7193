// The chaos suite: conversations on the real stack (Temporal dev server, FerretDB, the emulator,
// workers in their own processes) while X is slow, fails after delivering, hangs, throttles, and
// while workers and FerretDB are SIGKILLed. The cases run at once against one stack; each one
// asserts from the emulator's DM log: every ledger key delivered at most once, nothing after STOP
// but the one confirmation, nothing lost that was acknowledged. X rewrites links (t.co) and lists
// new DMs 3 s late throughout.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { MongoClient, type Db } from 'mongodb';
import { startEmulator } from '../../src/emulator';
import { compareIds } from '../../src/emulator/ids';
import { startOutreach } from '../../src/outreach/start';
import { DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';
import { outreachCollections } from '../../src/store/conversations';
import { startFerret, type Service } from '../../src/stack/services';
import { freePort } from '../../src/stack/ports';
import { requireEnv, uniqueId, workflowBundle } from '../helpers/stack';
import { input, settings, until } from '../outreach/harness';
import type { OutreachWorkflow } from '../../src/workflows/outreach/contract';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/api/app';
import { createApiKey } from '../../src/api/auth';
import { loadConfig } from '../../src/config';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const STOP_CONFIRMATION = 'Done. Acme will not message you again.';
const templates = {
  ...settings().templates,
  greeting: ['Hi {name}! Acme here, see acme.com/boots or https://acme.example.com/x?y=1. Reply YES, HELP or STOP.'],
};

let emu: Emu;
let ferret: Service | undefined;
let ferretPort = 0;
let dataDir = '';
let mongo: MongoClient;
let db: Db;
let client: Client;
let connection: Connection;
let taskQueue = '';
let markers = '';
let killSpec: string[] = [];
let worker: ChildProcess | undefined;
let stopping = false;
let env: NodeJS.ProcessEnv = {};
const used = new Set<string>();
let api: Server | undefined;
let apiBase = '';
let agentKey = '';

function spawnWorker(): Promise<ChildProcess> {
  // Hooks that have fired (marker file) are not armed again in the next worker.
  killSpec = killSpec.filter((h) => !existsSync(join(markers, `killed-${h.replace(':', '-')}`)));
  const child = fork(join(__dirname, 'worker-proc.ts'), [], {
    env: { ...env, CHAOS_KILL: killSpec.join(',') }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.once('exit', () => {
    // A supervisor: whatever killed the worker, another one takes over.
    if (!stopping) void spawnWorker().then((c) => { worker = c; }, () => undefined);
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

function person(): string {
  const id = emu.core.world.userIds.find((u) => u !== emu.brandUserId && !used.has(u) && emu.core.world.users.get(u)!.dmOpen !== false)!;
  used.add(id);
  return id;
}
const dmPath = (p: string) => `/2/dm_conversations/with/${p}/messages`;
async function fault(f: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, ...f }) });
  assert.equal(r.status, 201, await r.text());
}
const sentTo = (p: string) => emu.core.dms.events.filter((e) => e.sender_id === emu.brandUserId && e.recipient_id === p);
const say = (p: string, text: string) => emu.core.dms.receive(p, text, 'injected');

async function converse(p: string, replyTimeoutMs = 6000): Promise<WorkflowHandle<OutreachWorkflow>> {
  const u = emu.core.world.users.get(p)!;
  const r = await startOutreach(client, input({ campaignId: 'chaos', person: { xUserId: p, username: u.username, name: u.name } }, { maxReminders: 0, replyTimeoutMs, templates }), { taskQueue });
  assert.equal(r.started, true);
  return client.workflow.getHandle(r.workflowId);
}

/**
 * The greeting reached the person once — or, where the suite's SIGKILLs of the shared worker cut two
 * of its attempts so no lookup can tell, not at all with the ledger saying 'unknown' (the documented
 * rule). Never twice, never silently lost.
 */
async function deliveredOnceOrUnknown(p: string): Promise<void> {
  const n = sentTo(p).length;
  if (n === 1) return;
  const unknown = await outreachCollections(db).sentMessages.countDocuments({ xUserId: p, state: 'unknown' });
  assert.ok(n === 0 && unknown === 1, `${p}: ${n} DM(s) at X, ${unknown} unknown in the ledger`);
}

/** The suite's three promises, from the emulator's DM log and the ledger. */
async function assertPromises(p: string): Promise<void> {
  const ledger = await outreachCollections(db).sentMessages.find({ xUserId: p }).toArray();
  const atX = sentTo(p);
  const keys = ledger.filter((l) => l.state === 'sent' || l.state === 'unknown');
  const byText = new Map<string, number>();
  for (const e of atX) byText.set(e.sentText ?? e.text, (byText.get(e.sentText ?? e.text) ?? 0) + 1);
  for (const [text, n] of byText) {
    const owners = keys.filter((k) => k.text === text).length;
    assert.ok(n <= owners, `${p}: "${text.slice(0, 30)}" reached X ${n} times for ${owners} ledger key(s)`);
  }
  const ids = keys.filter((k) => k.state === 'sent').map((k) => k.dmEventId!);
  assert.equal(new Set(ids).size, ids.length, `${p}: two ledger keys claim one DM`);
  for (const id of ids) assert.ok(atX.some((e) => e.id === id), `${p}: acknowledged DM ${id} is not at X`);
  const stop = emu.core.dms.events.find((e) => e.sender_id === p && /^\s*stop\s*$/i.test(e.text));
  if (stop) {
    const later = atX.filter((e) => compareIds(e.id, stop.id) > 0).map((e) => e.sentText ?? e.text);
    assert.ok(later.length <= 1 && (later.length === 0 || later[0] === STOP_CONFIRMATION), `${p}: after STOP: ${JSON.stringify(later)}`);
  }
}

const greeted = (p: string, n = 1) => until(() => sentTo(p).length >= n, `${n} DM(s) to ${p}`, 180_000);

// The cases share one worker (some SIGKILL it) and run side by side, so each one's duration depends
// on the others and on the machine's load (60-150 s seen for the same case): the timeouts are
// generous; what each case asserts is the DM log, never its duration.
describe('chaos: DMs under X faults and crashes', { concurrency: true, timeout: 720_000 }, () => {
  before(async () => {
    await workflowBundle();
    emu = await startEmulator({ port: 0, seed: 13, rate: 0, users: 300, replyProfile: { yes: 0, help: 0, stop: 0, free: 0, none: 1, minDelayMs: 0, maxDelayMs: 0 } });
    emu.core.dms.options = { visibleAfterMs: 3000, rewriteLinks: true };
    dataDir = mkdtempSync(join(tmpdir(), 'chirpflow-chaos-'));
    markers = dataDir;
    let uri = process.env.MONGODB_URI!;
    const bin = process.env.CHIRPFLOW_TEST_FERRETDB_BIN;
    if (bin) {
      ferretPort = await freePort();
      ferret = await startFerret({ bin, port: ferretPort, dataDir });
      uri = `mongodb://127.0.0.1:${ferretPort}/`;
    }
    mongo = await new MongoClient(uri, { serverSelectionTimeoutMS: 20_000 }).connect();
    db = mongo.db(uniqueId('chaos').replace('-', '_'));
    connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
    client = new Client({ connection });
    taskQueue = uniqueId('chaos');
    killSpec = [];
    // Our limiter stays out of the way (the 1,000-replies case); X's own limits still apply.
    env = { ...process.env, CHIRPFLOW_DM_LIMIT_15M: '100000', CHIRPFLOW_DM_LIMIT_DAY: '100000', CHIRPFLOW_DM_LIMIT_APP_DAY: '100000', MONGODB_URI: uri, EMULATOR_URL: emu.url, BRAND_ID: emu.brandUserId, CHAOS_DB: db.databaseName, CHAOS_TASK_QUEUE: taskQueue, CHAOS_MARKERS: markers };
    for (const c of cases) c.people = Array.from({ length: c.n ?? 1 }, person);
    killSpec = [`before:${byName('kill-before-post').people[0]}`, `after:${byName('kill-after-answer').people[0]}`];
    worker = await spawnWorker();
    const app = createApp({ db, temporal: client, config: loadConfig({ TASK_QUEUE: taskQueue, X_BRAND_USER_ID: emu.brandUserId }) });
    api = app.listen(0, '127.0.0.1');
    await new Promise((r) => api!.once('listening', r));
    apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    agentKey = await createApiKey(db, 'agent-1', 'agent');
    await client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, { workflowId: `dm-poller-${taskQueue}`, taskQueue, args: [{ taskQueue, intervalMs: 300, iterationsPerRun: 20 }] });
  });

  after(async () => {
    stopping = true;
    api?.close();
    await client.workflow.getHandle(`dm-poller-${taskQueue}`).terminate('done').catch(() => undefined);
    worker?.kill('SIGKILL');
    await connection.close();
    await mongo.close();
    await emu.close();
    await ferret?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  interface Case { name: string; n?: number; people: string[]; timeout?: number; done?: Promise<void>; run(people: string[]): Promise<void> }
  const cases: Case[] = [
    {
      name: 'slow X: the send is answered after 15 s', people: [],
      async run([p]) {
        await fault({ path: dmPath(p!), slowMs: 15_000 });
        const h = await converse(p!);
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: 'deliver-then-fail: X delivers, then answers 503', people: [],
      async run([p]) {
        await fault({ path: dmPath(p!), deliver: true, status: 503 });
        const h = await converse(p!);
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: 'deliver-then-hang: X delivers and answers after the client gave up', people: [],
      async run([p]) {
        await fault({ path: dmPath(p!), deliver: true, hangMs: 40_000 });
        const h = await converse(p!);
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: '429 bursts with short resets', n: 3, people: [],
      async run(people) {
        for (const p of people) await fault({ path: dmPath(p), status: 429, count: 3, resetInSec: 2 });
        const hs = await Promise.all(people.map((p) => converse(p)));
        for (const h of hs) assert.equal((await h.result()).stage, 'no-response');
        for (const p of people) await deliveredOnceOrUnknown(p);
      },
    },
    {
      name: '429 whose reset outlasts the send timeout (20 s)', people: [],
      async run([p]) {
        await fault({ path: dmPath(p!), status: 429, count: 1, resetInSec: 20 });
        const h = await converse(p!);
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: 'kill-before-post', people: [],
      async run([p]) {
        // SIGKILL after the ledger says 'sending', before the POST: the DM must still go, once.
        const h = await converse(p!);
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: 'kill-after-answer', people: [],
      async run([p]) {
        // SIGKILL after X answered 201, before the answer is recorded.
        const h = await converse(p!);
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: 'kill while the POST is in flight (delivered, no answer yet)', people: [],
      async run([p]) {
        await fault({ path: dmPath(p!), deliver: true, hangMs: 30_000 });
        const h = await converse(p!);
        await greeted(p!);
        worker?.kill('SIGKILL');
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: 'SIGKILL of FerretDB mid-send', people: [],
      async run([p]) {
        if (!ferret) return; // an external MongoDB is not ours to kill
        await fault({ path: dmPath(p!), slowMs: 4000 });
        const h = await converse(p!);
        await until(async () => (await outreachCollections(db).sentMessages.findOne({ xUserId: p }))?.state === 'sending', 'the send in flight', 180_000);
        ferret.proc.kill('SIGKILL');
        await new Promise((r) => ferret!.proc.once('exit', r));
        await new Promise((r) => setTimeout(r, 3000));
        ferret = await startFerret({ bin: process.env.CHIRPFLOW_TEST_FERRETDB_BIN!, port: ferretPort, dataDir });
        assert.equal((await h.result()).stage, 'no-response');
        await deliveredOnceOrUnknown(p!);
      },
    },
    {
      name: 'repeated HELP with an interrupted send in between', people: [],
      async run([p]) {
        const help = String(settings().templates.help).replace('{brand}', 'Acme');
        const h = await converse(p!, 45_000);
        await greeted(p!);
        say(p!, 'HELP');
        await greeted(p!, 2);
        // The second answer's first attempt fails without reaching anyone; the retry must not
        // mistake the first answer (same text, other key) for it.
        await fault({ path: dmPath(p!), status: 503 });
        say(p!, 'HELP');
        // Delivered, or — when another test's SIGKILL of the shared worker cut the retry too, so two
        // attempts may have reached X and no lookup can tell — 'unknown' in the ledger and never sent
        // (the suite's documented rule; it made this wait time out once in a fresh-clone CI run).
        const unknown = () => outreachCollections(db).sentMessages.countDocuments({ xUserId: p!, state: 'unknown' });
        await until(async () => sentTo(p!).filter((e) => e.text === help).length >= 2 || await unknown() > 0, 'the second HELP answer (or its unknown outcome)', 180_000);
        say(p!, 'STOP');
        assert.equal((await h.result()).stage, 'stopped');
        assert.equal(sentTo(p!).filter((e) => e.text === help).length, await unknown() > 0 ? 1 : 2, 'the first answer is never mistaken for the second, and nothing is sent twice');
      },
    },
    {
      name: 'STOP while a send is throttled (passes once the router records STOP before signalling)', people: [],
      async run([p]) {
        const h = await converse(p!, 30_000);
        await greeted(p!);
        await fault({ path: dmPath(p!), status: 429, count: 2, resetInSec: 6 });
        say(p!, 'HELP');
        await new Promise((r) => setTimeout(r, 2500));
        say(p!, 'STOP');
        assert.equal((await h.result()).stage, 'stopped');
      },
    },
    {
      name: 'an agent reply retried by the client (passes with the Idempotency-Key contract of the actions work)', people: [], timeout: 360_000,
      async run([p]) {
        const h = await converse(p!, 120_000);
        await greeted(p!);
        say(p!, 'YES');
        const esc = await until(() => outreachCollections(db).escalations.findOne({ xUserId: p }), 'the escalation', 180_000);
        const once = (path: string, body: unknown, signal?: AbortSignal) => fetch(`${apiBase}/escalations/${esc!._id}/${path}`, {
          method: 'POST', signal, body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', 'x-api-key': agentKey, 'idempotency-key': `reply-${p}` },
        });
        // A client that follows the contract: 503 (the conversation did not take the action in
        // time, e.g. its worker was just SIGKILLed by another case) and 429 mean "send it again
        // with the same key after Retry-After".
        const post = async (path: string, body: unknown) => {
          for (let i = 0; ; i++) {
            const r = await once(path, body);
            if (![429, 503].includes(r.status) || i >= 20) return r;
            await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('retry-after') ?? 2)));
          }
        };
        const claimed = await post('claim', {});
        assert.ok([200, 202].includes(claimed.status), `claim answered ${claimed.status}: ${await claimed.text()}`);
        // 202: the claim is queued behind the escalation notice's send. A client answers only once the
        // claim is done (its Location says so), as the inbox does: a reply before it is refused.
        if (claimed.status === 202) {
          const at = `${apiBase}${claimed.headers.get('location')}`;
          await until(async () => {
            await new Promise((res) => setTimeout(res, 500)); // gently: reads count against the key's rate limit
            const r = await fetch(at, { headers: { 'x-api-key': agentKey } });
            if (r.status !== 200) return false;
            const a = await r.json() as { state?: string };
            assert.notEqual(a.state, 'failed', `the claim failed: ${JSON.stringify(a)}`);
            return a.state === 'done';
          }, 'the claim done', 120_000);
        }
        // X is slow to answer: the client gives up after 1 s and sends the same request again.
        await fault({ path: dmPath(p!), slowMs: 8000 });
        const text = 'Hi, this is Sam from Acme. Your order ships today.';
        await once('reply', { text }, AbortSignal.timeout(1000)).catch(() => undefined);
        const retried = await post('reply', { text });
        assert.ok([200, 202].includes(retried.status), `retry answered ${retried.status}: ${await retried.text()}`);
        await until(() => sentTo(p!).some((e) => e.text === text), 'the agent reply at X', 180_000);
        // Long enough for a second copy to arrive if one was sent (in-flight bound: 20 s).
        await new Promise((r) => setTimeout(r, 25_000));
        say(p!, 'STOP');
        assert.equal((await h.result()).stage, 'stopped');
        assert.equal(sentTo(p!).filter((e) => e.text === text).length, 1, 'the agent reply reached the person once');
      },
    },
    {
      name: 'a person who sends 1,000 replies (passes with the bounded conversation of the convo work)', people: [], timeout: 700_000,
      async run([p]) {
        // The flood goes through the one DM poller: it runs after the other cases, not across them.
        await Promise.allSettled(cases.filter((c) => c.people[0] !== p).map((c) => c.done));
        // Silence must not end it before the flood is through the poller on a loaded machine:
        // what this case asserts is that the STOP behind 1,000 replies still stops it.
        const h = await converse(p!, 300_000);
        await greeted(p!);
        for (let i = 0; i < 1000; i++) say(p!, `reply number ${i}, what is this?`);
        say(p!, 'STOP');
        assert.equal((await h.result()).stage, 'stopped');
      },
    },
  ];
  const byName = (n: string) => cases.find((c) => c.name === n)!;

  // CHAOS_ONLY="slow X,kill-before-post" runs only the cases whose names start with those.
  const only = process.env.CHAOS_ONLY?.split(',').map((x) => x.trim()).filter(Boolean);
  for (const c of cases) {
    const skip = only && !only.some((o) => c.name.startsWith(o));
    it(c.name, { skip, timeout: c.timeout ?? 360_000 }, async () => {
      c.done = c.run(c.people);
      await c.done;
      for (const p of c.people) await assertPromises(p);
    });
  }
});
