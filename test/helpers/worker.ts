import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import type { Activities } from '../../src/activities';
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
