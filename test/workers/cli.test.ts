// `chirpflow worker` and `chirpflow start --workers N`: what a command line means, parsed by the
// real commands (the runners are replaced, so nothing starts), and the start-up retry that lets N
// workers start at the same moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { register as registerStart, type StartOptions } from '../../src/cli/commands/start';
import { register as registerWorker } from '../../src/cli/commands/worker';
import type { WorkerOptions } from '../../src/workers/main';
import { workerMetricsPort } from '../../src/stack/supervisor';
import { retryStartup } from '../../src/workers/startup';
import { UserError } from '../../src/errors';

async function startWith(args: string[], env: Record<string, string> = {}): Promise<StartOptions> {
  let got: StartOptions | undefined;
  const program = new Command('chirpflow').exitOverride();
  registerStart(program, async (_s, o) => { got = o; }, env);
  await program.parseAsync(['node', 'chirpflow', 'start', ...args]);
  assert.ok(got, 'the start action ran');
  return got;
}

async function workerWith(args: string[]): Promise<WorkerOptions> {
  let got: WorkerOptions | undefined;
  const program = new Command('chirpflow').exitOverride();
  registerWorker(program, async (o) => { got = o; });
  await program.parseAsync(['node', 'chirpflow', 'worker', ...args]);
  assert.ok(got, 'the worker action ran');
  return got;
}

test('start --workers N: flag wins over CHIRPFLOW_WORKERS, default 1, bad values named', async () => {
  assert.equal((await startWith([])).workers, 1);
  assert.equal((await startWith([], { CHIRPFLOW_WORKERS: '3' })).workers, 3);
  assert.equal((await startWith(['--workers', '2'], { CHIRPFLOW_WORKERS: '3' })).workers, 2);
  for (const bad of ['0', '-1', '1.5', 'two', '65']) {
    await assert.rejects(startWith(['--workers', bad]), (e: Error) => e instanceof UserError && e.message.includes(`--workers ${JSON.stringify(bad)}`), bad);
  }
  await assert.rejects(startWith([], { CHIRPFLOW_WORKERS: 'lots' }), (e: Error) => e instanceof UserError && /invalid CHIRPFLOW_WORKERS="lots": expected a whole number from 1 to 64/.test(e.message));
});

test('each supervised worker gets its own pair of metrics ports', () => {
  const ports = [0, 1, 2].flatMap((i) => [workerMetricsPort(9464, i), workerMetricsPort(9464, i) + 1]);
  assert.deepEqual(ports, [9464, 9465, 9466, 9467, 9468, 9469]);
});

test('worker: --queues, --metrics-port and --workflow-bundle parsed; bad values named', async () => {
  assert.deepEqual(await workerWith([]), {});
  assert.deepEqual(await workerWith(['--queues', 'a, b,a', '--metrics-port', '0']), { queues: ['a', 'b'], metricsPort: 0 });
  assert.deepEqual(await workerWith(['--workflow-bundle', __filename]), { workflowBundle: __filename });
  await assert.rejects(workerWith(['--queues', 'a,,b']), (e: Error) => e instanceof UserError && /--queues "a,,b"/.test(e.message));
  await assert.rejects(workerWith(['--metrics-port', '70000']), (e: Error) => e instanceof UserError && /--metrics-port "70000"/.test(e.message));
  await assert.rejects(workerWith(['--workflow-bundle', '/nonexistent/b.js']), (e: Error) => e instanceof UserError && /--workflow-bundle .*no such file/.test(e.message));
});

test('start-up steps: a race is retried, a bad setting is not', async () => {
  const quiet = { warn: () => undefined };
  let calls = 0;
  assert.equal(await retryStartup('x', async () => { if (++calls < 3) throw new Error('conflict'); return 'ok'; }, quiet, 5, 1), 'ok');
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(retryStartup('x', async () => { calls++; throw new UserError('bad'); }, quiet, 5, 1), UserError);
  assert.equal(calls, 1);
  calls = 0;
  await assert.rejects(retryStartup('x', async () => { calls++; throw new Error('down'); }, quiet, 3, 1), /down/);
  assert.equal(calls, 3);
});

test('a second worker on a taken metrics port is told which setting to change (it used to die with a bare bind error)', async () => {
  const { createServer } = await import('node:net');
  const { freePort } = await import('../../src/stack/ports');
  const { installRuntime } = await import('../../src/workers/runtime');
  const port = await freePort();
  const taken = createServer().listen(port, '127.0.0.1');
  await new Promise((r) => taken.once('listening', r));
  try {
    assert.throws(() => installRuntime(port), (e: Error) => e instanceof UserError && e.message.includes(`metrics port ${port} is taken`) && /--metrics-port/.test(e.message));
  } finally {
    taken.close();
  }
});
