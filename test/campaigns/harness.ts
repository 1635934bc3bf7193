// The real stack for campaign tests: the X emulator in-process, the test MongoDB, the Temporal dev
// server, a worker on a unique task queue with the product's activities, and the API on port 0.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { createXClient, type XClient } from '../../src/x';
import { loadConfig, type Config } from '../../src/config';
import { loadModels, type Models } from '../../src/ml';
import { createActivities } from '../../src/activities';
import { createApp } from '../../src/api/app';
import { createApiKey } from '../../src/api/auth';
import { ensureAllIndexes } from '../../src/store/indexes';
import { logger } from '../../src/log';
import { requireEnv, testDb, uniqueId, workflowBundle } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';
import type { Db } from 'mongodb';

let modelsOnce: Promise<Models> | undefined;
export const sharedModels = () => (modelsOnce ??= loadModels());

export interface Stack {
  emu: RunningEmulator;
  db: Db;
  config: Config;
  x: XClient;
  taskQueue: string;
  client: Client;
  api: string;
  key: string;
  call(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: any; text: string }>;
  emuCall(method: string, path: string, body?: unknown): Promise<any>;
  startWorker(): Promise<{ stop(): Promise<void> }>;
  close(): Promise<void>;
}

export function makeX(url: string): XClient {
  return createXClient({ baseUrl: url, bearerToken: 'test', stream: { keepAliveTimeoutMs: 3000, backoff: { networkStepMs: 50, networkMaxMs: 500, httpBaseMs: 100, httpMaxMs: 1000, rateLimitBaseMs: 1000 } } });
}

export async function startStack(label: string, o: { worker?: boolean; replyProfile?: Record<string, number>; env?: Record<string, string> } = {}): Promise<Stack> {
  quietRuntime();
  const emu = await startEmulator({ port: 0, seed: 7, rate: 0, keepAliveMs: 1000, ...(o.replyProfile ? { replyProfile: o.replyProfile } : {}) });
  const { db, close: closeDb } = await testDb(label);
  const taskQueue = uniqueId('tq-camp');
  const config = loadConfig({
    MONGODB_URI: requireEnv('MONGODB_URI'), MONGODB_DB: db.databaseName, TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
    X_API_BASE_URL: emu.url, TASK_QUEUE: taskQueue, X_BRAND_USER_ID: emu.brandUserId, ...o.env,
  });
  await ensureAllIndexes(db);
  const x = makeX(emu.url);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection });
  const app = createApp({ db, temporal: client, config, log: logger.child({ test: label }) });
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = await createApiKey(db, 'tester', 'marketer');
  const workers: { stop(): Promise<void> }[] = [];

  const stack: Stack = {
    emu, db, config, x, taskQueue, client, api, key,
    async call(method, path, body, raw) {
      const r = await fetch(api + path, {
        method, headers: { 'x-api-key': key, ...(body !== undefined || raw ? { 'content-type': 'application/json' } : {}) },
        ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await r.text();
      let parsed: unknown;
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
      return { status: r.status, body: parsed, text };
    },
    async emuCall(method, path, body) {
      const r = await fetch(emu.url + '/_emulator' + path, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return r.json();
    },
    async startWorker() {
      const nc = await NativeConnection.connect({ address: config.temporalAddress });
      const activities = createActivities({ db, x, config, log: logger.child({ test: label }), now: Date.now, models: sharedModels });
      const worker = await Worker.create({ connection: nc, taskQueue, workflowBundle: await workflowBundle(), activities, shutdownGraceTime: '1s' });
      const running = worker.run();
      const w = { async stop() { worker.shutdown(); await running.catch(() => undefined); await nc.close(); } };
      workers.push(w);
      return w;
    },
    async close() {
      // Stop every workflow this test started so nothing keeps polling a closed emulator.
      for await (const wf of client.workflow.list({ query: `TaskQueue="${taskQueue}" AND ExecutionStatus="Running"` })) {
        await client.workflow.getHandle(wf.workflowId, wf.runId).terminate('test over').catch(() => undefined);
      }
      for (const w of workers) await w.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await connection.close();
      await emu.close();
      await closeDb();
    },
  };
  if (o.worker !== false) await stack.startWorker();
  return stack;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

let nextUser = BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000));
/** A unique X user id per call: outreach workflow ids are per person across the namespace. */
export const freshUserId = () => (nextUser++).toString().slice(-18);

/** An emulator author for injected tweets (5,000 followers unless said otherwise). */
export const author = (id: string, followers = 5000) => ({
  id, username: `u${id.slice(-10)}`, name: `Person ${id.slice(-4)}`, verified: false,
  public_metrics: { followers_count: followers, following_count: 10, listed_count: 1, tweet_count: 100 },
});
