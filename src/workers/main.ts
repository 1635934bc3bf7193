// The worker process (`chirpflow worker`, or one of the N that `chirpflow start` supervises): every
// workflow and activity on each of its task queues. Any number of them may run against the same
// Temporal namespace and MongoDB: everything they share lives there (see docs/deploy-workers.md).
// Graceful on SIGINT/SIGTERM (in-flight activities finish, then the process exits).
import { createServer } from 'node:http';
import { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { register } from 'prom-client';
import { loadConfig, type Config } from '../config';
import { runMain } from '../main';
import { logger } from '../log';
import { connectStore } from '../store';
import { ensureAllIndexes } from '../store/indexes';
import { connectClient, connectWorker } from '../temporal';
import { ensureDmPoller } from '../outreach/start';
import { createActivities } from '../activities';
import { createXClientFromConfig } from '../x';
import { loadModels, type Models } from '../ml';
import { installRuntime } from './runtime';
import { workflowSource } from './bundle';
import { startAnalyticsSchedules } from '../analytics/schedules';
import { ensureSearchAttributes } from '../stack/search-attributes';
import { retryStartup } from './startup';
import { workflowTaskTuning } from './tuning';

export interface WorkerOptions {
  /** Task queues to poll (default: TASK_QUEUE). */
  queues?: string[];
  /** Temporal's metrics port; the app's are on the next one (default METRICS_PORT; 0: none). */
  metricsPort?: number;
  /** A prebuilt workflow bundle (default: dist/workflow-bundle.js when present, else built at start). */
  workflowBundle?: string;
}

export async function runWorker(o: WorkerOptions = {}, config: Config = loadConfig()): Promise<void> {
  const log = logger.child({ component: 'worker' });
  const queues = o.queues?.length ? o.queues : [config.TASK_QUEUE];
  const metricsPort = o.metricsPort ?? config.METRICS_PORT;
  installRuntime(metricsPort || undefined);
  const store = await connectStore(config.mongoUri, config.MONGODB_DB);
  await ensureAllIndexes(store.db);
  const connection = await connectWorker(config);
  let models: Promise<Models> | undefined;
  const x = createXClientFromConfig(config);
  // Per queue, activities that start workflows (outreach, opt-ins) start them on that queue.
  const workers = await Promise.all(queues.map((taskQueue) => Worker.create({
    connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue,
    activities: createActivities({ db: store.db, x, config: { ...config, TASK_QUEUE: taskQueue }, log, now: Date.now, models: () => (models ??= loadModels()) }),
    ...workflowSource(config.CHIRPFLOW_PREBUILT_BUNDLE === '1', o.workflowBundle),
    // Waiting conversations are evicted and replayed on their next event (bench:outreach sizes it);
    // enough pollers on the normal queue to keep up with new and evicted conversations.
    ...workflowTaskTuning(config.WORKER_MAX_CACHED_WORKFLOWS),
  })));
  // Application metrics (X rate-limit budgets, ingest counters) beside Temporal's own.
  const metrics = metricsPort ? createServer((_req, res) => {
    void register.metrics().then((body) => { res.setHeader('content-type', register.contentType); res.end(body); });
  }).listen(metricsPort + 1, '127.0.0.1') : undefined;
  // Start-up calls are idempotent, but N workers starting together race on them (a schedule's
  // update is refused when another worker updated it first): each is retried a few times.
  const client = await connectClient(config);
  try {
    await retryStartup('search attributes', () => ensureSearchAttributes(client.connection.operatorService, config.TEMPORAL_NAMESPACE, log), log);
    for (const taskQueue of queues) {
      const q = { ...config, TASK_QUEUE: taskQueue };
      await retryStartup('analytics schedules', () => startAnalyticsSchedules(client, q, log), log);
      await retryStartup('dm poller', () => startDmIntake(client, q, log), log);
    }
  } finally {
    await client.connection.close();
  }
  log.info({ taskQueues: queues, temporal: config.temporalAddress, pid: process.pid }, 'worker started');
  process.send?.({ ready: true });
  try {
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    metrics?.close();
    await connection.close();
    await store.close();
    log.info('worker stopped');
  }
}

/** Replies reach conversations through the DM poller (idempotent start); DM_INTAKE=webhook turns it off. */
async function startDmIntake(client: Client, config: Config, log: typeof logger): Promise<void> {
  if (config.DM_INTAKE === 'webhook') return;
  if (await ensureDmPoller(client, config.TASK_QUEUE)) log.info('dm-poller started');
}

if (require.main === module) runMain('worker', () => runWorker());
