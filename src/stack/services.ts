// Starts the embedded defaults as child processes: the Temporal CLI dev server (with its Web UI)
// and FerretDB on SQLite. Used by the start command and by the test script.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { requireBinary } from './paths';
import { waitFor } from './ports';
import { processEnv } from '../config';
import { devServerSearchAttributeFlags, operatorCreateArgs } from '../workflows/search-attributes';


export interface Service {
  name: string;
  proc: ChildProcess;
  /** Why the process ended, or null while it runs (startup waits fail fast on it). */
  exited(): string | null;
  stop(): Promise<void>;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopProcess(proc: ChildProcess, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => { clearTimeout(t); resolve(); });
    proc.kill('SIGTERM');
  });
}

function tcpOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function launch(name: string, bin: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = processEnv()): Service {
  const out = openSync(logFile, 'a');
  // Own process group: a terminal's Ctrl-C reaches only the supervisor, which stops things in order.
  const proc = spawn(bin, args, { stdio: ['ignore', out, out], detached: true, env });
  let exited: string | null = null;
  proc.once('exit', (code, sig) => { exited = `exit ${code ?? sig} (see ${logFile})`; });
  return { name, proc, exited: () => exited, stop: () => stopProcess(proc, 10_000) };
}

/**
 * The dev server's SQLite otherwise runs with a rollback journal and a full fsync per commit: its
 * single connection then spends most of its time in fsync, every history, matching and visibility
 * write waits behind it, and a worker with a backlog took ~5 workflow tasks/s (bench:outreach: each
 * RPC ~1.2 s, each write 12-15 ms). WAL with synchronous=NORMAL is FerretDB's setting too (see
 * FERRET_SQLITE_QUERY): a process crash loses nothing, a power cut may lose the last commits.
 */
export const TEMPORAL_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;

export async function startTemporal(o: { bin: string; port: number; uiPort: number; dataDir: string; headless?: boolean; namespace?: string }): Promise<Service> {
  mkdirSync(o.dataDir, { recursive: true });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--ui-port', String(o.uiPort),
    '--db-filename', join(o.dataDir, 'temporal.sqlite'), '--log-level', 'warn', '--namespace', o.namespace ?? 'default',
    ...TEMPORAL_SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p])];
  if (o.headless) args.push('--headless');
  args.push(...devServerSearchAttributeFlags());
  const svc = launch('temporal', requireBinary(o.bin, 'Temporal CLI'), args, join(o.dataDir, 'temporal.log'));
  await waitFor('Temporal dev server', () => tcpOpen(o.port), 60_000, svc.exited);
  await registerSearchAttributes(o.bin, `127.0.0.1:${o.port}`, o.namespace ?? 'default');
  return svc;
}

/** The start flag only applies when the namespace is first created; this covers an existing database. */
export async function registerSearchAttributes(bin: string, address: string, namespace: string): Promise<void> {
  const args = ['operator', 'search-attribute', 'create', '--address', address, '--namespace', namespace, ...operatorCreateArgs()];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await run(bin, args);
    // "already exists" is success: the call is idempotent in effect.
    if (res.code === 0 || /already exists/i.test(res.output)) return;
    if (Date.now() > deadline) throw new Error(`registering search attributes failed: ${res.output.trim()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function run(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d) => { output += d; });
    p.stderr.on('data', (d) => { output += d; });
    p.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * SQLite runs in WAL mode (FerretDB's default); synchronous=NORMAL skips the fsync on every commit,
 * which halves the cost of each single-document write. A crash of FerretDB or of our processes
 * loses nothing; a power cut can lose the last commits, acceptable for the embedded default.
 */
export const FERRET_SQLITE_QUERY = '?_pragma=synchronous(normal)';

/**
 * Go's garbage collector took ~20 % of FerretDB's CPU under update load. With GOGC=off it
 * collects only as the heap nears the soft limit: updates ran ~25 % and scans ~15 % faster
 * (measured), for up to ~1 GB of memory. GOGC or GOMEMLIMIT set by the user win.
 */
export const FERRET_GO_ENV = { GOGC: 'off', GOMEMLIMIT: '1GiB' } as const;

export async function startFerret(o: { bin: string; port: number; dataDir: string; sqliteQuery?: string }): Promise<Service> {
  const dir = join(o.dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const args = [`--listen-addr=127.0.0.1:${o.port}`, '--handler=sqlite', `--sqlite-url=file:${dir}/${o.sqliteQuery ?? FERRET_SQLITE_QUERY}`,
    '--telemetry=disable', '--log-level=warn', '--debug-addr=-', `--state-dir=${dir}`];
  const env = { ...processEnv() };
  if (env.GOGC === undefined && env.GOMEMLIMIT === undefined) Object.assign(env, FERRET_GO_ENV);
  const svc = launch('ferretdb', requireBinary(o.bin, 'FerretDB'), args, join(o.dataDir, 'ferretdb.log'), env);
  await waitFor('FerretDB', () => tcpOpen(o.port), 30_000, svc.exited);
  return svc;
}
