// A worker in its own process, for the crash test: outreach activities against the X emulator
// and the test MongoDB, workflows from the shared test bundle. The parent SIGKILLs it mid-run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config';
import { logger } from '../../src/log';
import { createXClient } from '../../src/x';
import { createOutreachActivities } from '../../src/activities/outreach';
import { quietRuntime } from '../helpers/worker';
import { workflowBundle } from '../helpers/stack';
import { workflowTaskTuning } from '../../src/workers/tuning';

async function main() {
  const env = process.env;
  // The bench reads the SDK's own metrics (cache, slots, task latencies) to say where time goes.
  if (env.WORKER_METRICS_PORT) {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${env.WORKER_METRICS_PORT}` } } } });
  } else quietRuntime();
  const mongo = await new MongoClient(env.MONGODB_URI!).connect();
  const db = mongo.db(env.CRASH_DB!);
  const x = createXClient({
    baseUrl: env.EMULATOR_URL!, bearerToken: 't', appKey: 'ck', appSecret: 'cs', accessToken: 'at', accessSecret: 'as',
    brandUserId: env.BRAND_ID, rateLimitMaxWaitMs: 0,
  });
  const activities = createOutreachActivities({ db, x, config: loadConfig({}), log: logger.child({ proc: process.pid }), now: Date.now, models: async () => { throw new Error('unused'); } });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection, taskQueue: env.CRASH_TASK_QUEUE!, workflowBundle: await workflowBundle(), activities,
    maxConcurrentActivityTaskExecutions: 50,
    // The bench runs the production worker's workflow task settings with its own cache size.
    ...(env.WORKER_MAX_CACHED_WORKFLOWS ? workflowTaskTuning(Number(env.WORKER_MAX_CACHED_WORKFLOWS)) : {}),
  });
  process.send?.({ ready: true });
  // bench:outreach asks for a full collection before it reads the RSS of parked conversations
  // (--expose-gc on the command line would reach the SDK's workflow thread, which refuses it).
  process.on('message', (m: { gc?: boolean }) => {
    if (!m?.gc) return;
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    process.send?.({ gcDone: true });
  });
  await worker.run();
}

main().catch((err) => {
  process.stderr.write(`worker-proc: ${(err as Error).stack}\n`);
  process.exit(1);
});
