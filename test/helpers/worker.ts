import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../src/activities';
import { operatorServiceSearchAttributes } from '../../src/workflows/search-attributes';
import { requireEnv, uniqueId, workflowBundle } from './stack';

let quiet = false;
/** Temporal's core logs at WARN into the test output unless told otherwise. */
export function quietRuntime(): void {
  if (quiet) return;
  quiet = true;
  try { Runtime.install({ logger: new DefaultLogger('ERROR') }); } catch { /* already installed */ }
}

/** A worker on the real dev server with its own task queue; run `fn` while it polls. */
export async function withDevWorker<T>(activities: Partial<Activities> | Record<string, unknown>, fn: (ctx: { taskQueue: string; connection: NativeConnection }) => Promise<T>): Promise<T> {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const taskQueue = uniqueId('tq');
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), activities });
  try {
    return await worker.runUntil(fn({ taskQueue, connection }));
  } finally {
    await connection.close();
  }
}

/** The time-skipping test server; `searchAttributes` registers ours (it starts without them). */
export async function timeSkippingEnv(o: { searchAttributes?: boolean } = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: requireEnv('TEMPORAL_TEST_SERVER_PATH') } } });
  if (o.searchAttributes) await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: operatorServiceSearchAttributes() });
  return env;
}

/** A worker on the shared workflow bundle polling `taskQueue` of `env` until `stop()`. */
export async function startWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: object): Promise<{ stop(): Promise<void> }> {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const running = worker.run();
  return { async stop() { worker.shutdown(); await running; } };
}
