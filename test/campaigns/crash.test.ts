// Killing the worker in the middle of ingest (SIGKILL, then a new worker) loses no tweet and counts
// none twice: stored tweets and profile counts are checked against the emulator's emitted record.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startStack, waitFor, type Stack } from './harness';
import { ensureIngest } from '../../src/campaigns/service';
import { COLLECTIONS } from '../../src/store';

let s: Stack;
before(async () => { s = await startStack('camp_crash', { worker: false, replyProfile: { none: 1, yes: 0, help: 0, stop: 0, free: 0 } }); });
after(async () => { await s?.close(); });

function spawnWorker(): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'worker-child.ts'), [], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, TASK_QUEUE: s.taskQueue, X_API_BASE_URL: s.emu.url, MONGODB_DB: s.db.databaseName, LOG_LEVEL: 'warn' },
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { ready?: boolean }) => { if (m?.ready) resolve(child); });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// What this asserts is the record (nothing lost, nothing counted twice), never how fast: the waits
// are generous because a loaded machine (CI beside other jobs) stretches every step.
test('SIGKILL of the worker during ingest loses no tweet and counts none twice', { timeout: 240_000 }, async () => {
  let worker = await spawnWorker();
  try {
    // Short heartbeat timeout so the killed run is retried within seconds.
    await ensureIngest({ client: s.client, taskQueue: s.taskQueue }, { heartbeatTimeoutSec: 3, batchMs: 50 });
    const id = (await s.call('POST', '/campaigns', {
      name: 'crash', brand: 'Acme', tracking: { keywords: ['acme'], includeRetweets: true },
      qualification: { minFollowers: 1_000_000_000 },
    })).body.id as string;
    assert.equal((await s.call('POST', `/campaigns/${id}/start`)).status, 200);
    const ruleIds = await waitFor('rules', async () => {
      // The campaign's (shared) rules, as recorded on it once they are at X.
      const mine = new Set(((await s.call('GET', `/campaigns/${id}`)).body.rules as { id: string }[]).map((x) => x.id));
      const r = ((await s.emuCall('GET', '/rules')).rules as { id: string; tag: string }[]).filter((x) => mine.has(x.id));
      return r.length ? r.map((x) => x.id) : undefined;
    });
    await waitFor('stream connected', async () => (await s.emuCall('GET', '/stats')).streamConnections === 1);

    await s.emuCall('PUT', '/rate', { rate: 150 });
    const tweets = s.db.collection<{ _id: string; authorId: string }>(COLLECTIONS.tweets);
    await waitFor('ingest under way', async () => (await tweets.countDocuments({ campaigns: id })) > 50);
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    await sleep(2000); // tweets keep coming while nobody listens
    worker = await spawnWorker();
    await sleep(3000);
    await s.emuCall('PUT', '/rate', { rate: 0 });

    const emitted = ((await s.emuCall('GET', '/emitted')).emitted as { id: string; ruleIds: string[]; deliveredTo: number }[])
      .filter((e) => e.ruleIds.some((r) => ruleIds.includes(r)));
    assert.ok(emitted.some((e) => e.deliveredTo === 0), 'some tweets were emitted while no stream was connected');
    let have = 0;
    await waitFor('every emitted tweet stored', async () => (have = await tweets.countDocuments({ campaigns: id })) >= emitted.length, 90_000)
      .catch(async (e: Error) => {
        const got = new Set((await tweets.find({ campaigns: id }, { projection: { _id: 1 } }).toArray()).map((t) => t._id));
        const missing = emitted.filter((x) => !got.has(x.id));
        throw new Error(`${e.message} (${have} of ${emitted.length}; missing ${missing.length}: ${JSON.stringify(missing.slice(0, 5))})`);
      });
    // A batch stores its tweets first and then updates profiles; wait for the last batch's profile
    // writes (slow on FerretDB) before comparing counts.
    const profileTotal = async () => (await s.db.collection<{ campaigns: Record<string, { tweets: number }> }>(COLLECTIONS.profiles).find().toArray())
      .reduce((n, p) => n + (p.campaigns[id]?.tweets ?? 0), 0);
    await waitFor('profiles caught up', async () => (await profileTotal()) >= emitted.length, 60_000).catch(() => undefined);
    const stored = await tweets.find({ campaigns: id }).toArray();
    assert.deepEqual(stored.map((t) => t._id).sort(), emitted.map((e) => e.id).sort(), 'exactly the emitted tweets, each once');

    const perAuthor = new Map<string, number>();
    for (const t of stored) perAuthor.set(t.authorId, (perAuthor.get(t.authorId) ?? 0) + 1);
    const profiles = await s.db.collection<{ _id: string; tweetsSeen: number; campaigns: Record<string, { tweets: number }>; polarity: { n: number } }>(COLLECTIONS.profiles).find().toArray();
    assert.equal(profiles.length, perAuthor.size);
    for (const p of profiles) {
      assert.equal(p.campaigns[id]!.tweets, perAuthor.get(p._id), `profile ${p._id} counts each tweet once`);
      assert.equal(p.tweetsSeen, perAuthor.get(p._id));
      assert.equal(p.polarity.n, perAuthor.get(p._id));
    }
  } finally {
    worker.kill('SIGKILL');
  }
});
