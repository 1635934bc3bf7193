// Shared test plumbing: the real servers started by scripts/with-stack.ts, one workflow bundle
// per test run (cached on disk, keyed by the workflow sources), and per-test databases.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient, type Db } from 'mongodb';

export const repoRoot = resolve(__dirname, '..', '..');
export const sharedData = resolve(repoRoot, '..', 'shared', 'data');

export function requireEnv(name: 'TEMPORAL_ADDRESS' | 'MONGODB_URI' | 'TEMPORAL_TEST_SERVER_PATH'): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests through \`npm test\` (scripts/test.sh), which starts the servers`);
  return v;
}

let fileFerret: Promise<string> | undefined;

/**
 * With the embedded FerretDB, each test file (a process) gets its own server: one file's heavy
 * writes cannot stall another's (SQLite serialises writers). The URI is also put in the
 * environment so worker child processes inherit it.
 */
function mongoUri(): Promise<string> {
  const bin = process.env.CHIRPFLOW_TEST_FERRETDB_BIN;
  if (!bin) return Promise.resolve(requireEnv('MONGODB_URI'));
  fileFerret ??= (async () => {
    const { startFerret } = await import('../../src/stack/services');
    const { freePort } = await import('../../src/stack/ports');
    const port = await freePort();
    const dir = join(process.env.CHIRPFLOW_TEST_DATA_DIR ?? tmpdir(), `ferret-${process.pid}`);
    const svc = await startFerret({ bin, port, dataDir: dir });
    svc.proc.unref(); // the test process must still exit when its tests are done
    process.once('exit', () => { svc.proc.kill('SIGKILL'); });
    process.env.MONGODB_URI = `mongodb://127.0.0.1:${port}/`;
    return process.env.MONGODB_URI;
  })();
  return fileFerret;
}

/** A fresh database on the test MongoDB; dropped by close(). */
export async function testDb(label: string): Promise<{ db: Db; client: MongoClient; uri: string; close(): Promise<void> }> {
  const uri = await mongoUri();
  const client = await new MongoClient(uri).connect();
  const db = client.db(`t_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(3).toString('hex')}`);
  return { db, client, uri, close: async () => { await db.dropDatabase().catch(() => undefined); await client.close(); } };
}

export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

function hashDir(dir: string, h = createHash('sha256')) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) hashDir(p, h);
    else if (/\.ts$/.test(name)) h.update(p).update(readFileSync(p));
  }
  return h;
}

/**
 * The workflow bundle, built once and reused by every test file of the run: bundling takes
 * seconds, and test files run in separate processes.
 */
export async function workflowBundle(): Promise<{ code: string }> {
  const h = createHash('sha256');
  for (const d of ['src/workflows', 'src/domain']) if (existsSync(join(repoRoot, d))) hashDir(join(repoRoot, d), h);
  const dir = join(tmpdir(), 'chirpflow-bundles');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${h.digest('hex').slice(0, 16)}.js`);
  if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve(join(repoRoot, 'src/workflows/index.ts')), logger: quietLogger() });
  writeFileSync(`${file}.${process.pid}`, bundle.code);
  renameSync(`${file}.${process.pid}`, file);
  return bundle;
}

function quietLogger() {
  const noop = () => undefined;
  return { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
}
