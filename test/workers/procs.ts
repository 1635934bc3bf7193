// Worker processes for the multi-worker tests: the real `chirpflow worker` command, each in its own
// process (so SIGKILL is a real crash), sharing one task queue, one MongoDB and one X emulator.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, workflowBundle } from '../helpers/stack';

export interface WorkerProc {
  proc: ChildProcess;
  pid: number;
  /** The worker's Temporal identity (the SDK's default: pid@host). */
  identity: string;
  /** What it printed (for failure messages). */
  output(): string;
  exited: Promise<void>;
}

/** The test run's workflow bundle as a file, so workers skip bundling at start (seconds of CPU each). */
export async function bundleFile(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'chirpflow-wb-')), 'workflow-bundle.js');
  writeFileSync(file, (await workflowBundle()).code);
  return file;
}

const spawned = new Set<ChildProcess>();
// A test that times out or is cancelled must not leave workers polling behind it.
process.once('exit', () => { for (const p of spawned) p.kill('SIGKILL'); });

export function spawnWorker(env: Record<string, string>, bundle: string, readyMs = 180_000): Promise<WorkerProc> {
  const proc = fork(join(repoRoot, 'src/cli/index.ts'), ['worker', '--metrics-port', '0', '--workflow-bundle', bundle], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL ?? 'warn', ...env },
  });
  spawned.add(proc);
  let out = '';
  const keep = (b: Buffer) => { out = (out + b.toString()).slice(-20_000); };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${proc.pid} not ready within ${readyMs / 1000} s:\n${out}`)), readyMs);
    proc.on('message', (m: { ready?: boolean }) => {
      if (!m?.ready) return;
      clearTimeout(timer);
      resolve({ proc, pid: proc.pid!, identity: `${proc.pid}@${hostname()}`, output: () => out, exited });
    });
    proc.once('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`worker exited while starting (${code ?? sig}):\n${out}`)); });
  });
}

export async function kill(w: WorkerProc): Promise<void> {
  if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await w.exited;
}
