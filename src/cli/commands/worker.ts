import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../errors';
import type { WorkerOptions } from '../../workers/main';

/** Runs a worker with these options (replaceable so tests can check what a command line means). */
export type WorkerRunner = (o: WorkerOptions) => Promise<void>;

const runWorker: WorkerRunner = async (o) => {
  // Loaded on use: the worker's imports (Temporal core, TensorFlow) are heavy.
  const { runWorker: run } = await import('../../workers/main');
  await run(o);
};

export function parseQueues(v: string): string[] {
  const queues = v.split(',').map((q) => q.trim());
  if (!queues.length || queues.some((q) => !/^[A-Za-z0-9._@:-]{1,200}$/.test(q))) {
    throw new UserError(`invalid --queues ${JSON.stringify(v)}: expected task queue names separated by commas (letters, digits, . _ @ : -).`);
  }
  return [...new Set(queues)];
}

export function parseMetricsPort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new UserError(`invalid --metrics-port ${JSON.stringify(v)}: expected a port number (0 turns metrics off).`);
  return n;
}

export function register(program: Command, run: WorkerRunner = runWorker): void {
  program
    .command('worker')
    .description('run one worker alone against TEMPORAL_ADDRESS / MONGODB_URI / the X settings (run as many as you like)')
    .option('--queues <names>', 'task queues to poll, comma-separated (default: TASK_QUEUE)')
    .option('--metrics-port <port>', "Temporal's metrics port, the app's on the next one (default METRICS_PORT; 0: none). Give each worker on one host its own")
    .option('--workflow-bundle <file>', 'a prebuilt workflow bundle (npm run build:bundle; default dist/workflow-bundle.js when present)')
    .action(async (o: { queues?: string; metricsPort?: string; workflowBundle?: string }) => {
      if (o.workflowBundle !== undefined && !existsSync(o.workflowBundle)) throw new UserError(`invalid --workflow-bundle ${JSON.stringify(o.workflowBundle)}: no such file.`);
      await run({
        ...(o.workflowBundle !== undefined ? { workflowBundle: o.workflowBundle } : {}),
        ...(o.queues !== undefined ? { queues: parseQueues(o.queues) } : {}),
        ...(o.metricsPort !== undefined ? { metricsPort: parseMetricsPort(o.metricsPort) } : {}),
      });
    });
}
