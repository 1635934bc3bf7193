// The embedded stack for the store benchmarks: a throw-away Temporal dev server and FerretDB, and
// one in-process worker per workflow run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { binaries } from '../src/stack/paths';
import { freePort } from '../src/stack/ports';
import { startFerret, startTemporal, type Service } from '../src/stack/services';

export interface BenchStack {
  db: Db;
  mongo: MongoClient;
  /** Runs one workflow to its end on a fresh worker with these activities; returns its result. */
  run<R>(workflow: string, args: unknown[], activities: object, maxConcurrentActivities: number): Promise<R>;
}

export function flag(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) { process.stderr.write(`--${name} must be a positive integer\n`); process.exit(2); }
  return v;
}

/** Servers a bench runs against: TEMPORAL_ADDRESS / MONGODB_URI when set, else throw-away ones it starts. */
export interface BenchServers {
  temporalAddress: string;
  mongoUri: string;
  /** Scratch folder (also the started servers' data); removed by stop(). */
  dataDir: string;
  /** The servers this call started (empty when both were given). */
  services: Service[];
  stop(): Promise<void>;
}

export async function startServersUnlessSet(label: string): Promise<BenchServers> {
  const bin = binaries(loadConfig().CHIRPFLOW_CACHE);
  const dataDir = mkdtempSync(join(tmpdir(), `chirpflow-${label}-`));
  const services: Service[] = [];
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let mongoUri = process.env.MONGODB_URI;
  if (!temporalAddress) {
    const port = await freePort();
    services.push(await startTemporal({ bin: bin.temporal, port, uiPort: await freePort(), dataDir, headless: true }));
    temporalAddress = `127.0.0.1:${port}`;
  }
  if (!mongoUri) {
    const port = await freePort();
    services.push(await startFerret({ bin: bin.ferretdb, port, dataDir }));
    mongoUri = `mongodb://127.0.0.1:${port}/`;
  }
  return {
    temporalAddress, mongoUri, dataDir, services,
    stop: async () => { await Promise.all(services.map((s) => s.stop())); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

export async function withEmbeddedStack<R>(label: string, fn: (s: BenchStack) => Promise<R>, o: { monitorCommands?: boolean } = {}): Promise<R> {
  const bin = binaries(loadConfig().CHIRPFLOW_CACHE);
  const dir = mkdtempSync(join(tmpdir(), `chirpflow-${label}-`));
  const services: Service[] = [];
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  try {
    const [tp, up, mp] = [await freePort(), await freePort(), await freePort()];
    services.push(await startTemporal({ bin: bin.temporal, port: tp, uiPort: up, dataDir: dir, headless: true }));
    services.push(await startFerret({ bin: bin.ferretdb, port: mp, dataDir: dir }));
    const mongo = await new MongoClient(`mongodb://127.0.0.1:${mp}/`, { monitorCommands: o.monitorCommands ?? false }).connect();
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows/index.ts'), logger: new DefaultLogger('ERROR') });
    const connection = await NativeConnection.connect({ address: `127.0.0.1:${tp}` });
    const client = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${tp}` }) });
    let n = 0;
    const run = async <T>(workflow: string, args: unknown[], activities: object, max: number): Promise<T> => {
      const taskQueue = `bench-${label}-${++n}`;
      const worker = await Worker.create({ connection, taskQueue, workflowBundle, activities, maxConcurrentActivityTaskExecutions: max });
      return (await worker.runUntil(client.workflow.execute(workflow, { taskQueue, workflowId: `${label}-${workflow}-${Date.now()}`, args }))) as T;
    };
    try {
      return await fn({ db: mongo.db('bench'), mongo, run });
    } finally {
      await mongo.close();
      await client.connection.close();
      await connection.close();
    }
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
