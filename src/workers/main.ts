// The worker process: one task queue, every workflow and activity. Graceful on SIGINT/SIGTERM
// (in-flight activities finish, then the process exits).
import { createServer } from 'node:http';
import { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { register } from 'prom-client';
import { loadConfig } from '../config';
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

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const log = logger.child({ component: 'worker' });
  installRuntime(config.METRICS_PORT);
  const store = await connectStore(config.mongoUri, config.MONGODB_DB);
  await ensureAllIndexes(store.db);
  const connection = await connectWorker(config);
  let models: Promise<Models> | undefined;
  const x = createXClientFromConfig(config);
  const activities = createActivities({ db: store.db, x, config, log, models: () => (models ??= loadModels()) });
  const worker = await Worker.create({
    connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TASK_QUEUE, activities, ...workflowSource(),
    // Waiting conversations are evicted and replayed on their next event: 10,000 held in < 1 GB.
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 500),
  });
  // Application metrics (X rate-limit budgets, ingest counters) beside Temporal's own on METRICS_PORT.
  const metrics = createServer((_req, res) => {
    void register.metrics().then((body) => { res.setHeader('content-type', register.contentType); res.end(body); });
  }).listen(config.METRICS_PORT + 1, '127.0.0.1');
  // One client for the start-up calls: schedules and the DM poller are both idempotent starts.
  const client = await connectClient(config);
  try {
    await ensureSearchAttributes(client.connection.operatorService, config.TEMPORAL_NAMESPACE, log);
    await startAnalyticsSchedules(client, config, log);
    await startDmIntake(client, config, log);
  } finally {
    await client.connection.close();
  }
  log.info({ taskQueue: config.TASK_QUEUE, temporal: config.temporalAddress }, 'worker started');
  process.send?.({ ready: true });
  try {
    await worker.run();
  } finally {
    metrics.close();
    await connection.close();
    await store.close();
    log.info('worker stopped');
  }
}

/** Replies reach conversations through the DM poller (idempotent start); DM_INTAKE=webhook turns it off. */
async function startDmIntake(client: Client, config: ReturnType<typeof loadConfig>, log: typeof logger): Promise<void> {
  if (process.env.DM_INTAKE === 'webhook') return;
  if (await ensureDmPoller(client, config.TASK_QUEUE)) log.info('dm-poller started');
}

if (require.main === module) runMain('worker', runWorker);
