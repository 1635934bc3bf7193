// A worker in its own process (for the crash test): the product's activities on TASK_QUEUE, the X
// emulator at X_API_BASE_URL, the test MongoDB. Killed with SIGKILL by the test, then restarted.
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config';
import { createActivities } from '../../src/activities';
import { loadModels, type Models } from '../../src/ml';
import { logger } from '../../src/log';
import { makeX } from './harness';
import { workflowBundle } from '../helpers/stack';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const config = loadConfig();
  const mongo = await new MongoClient(config.mongoUri).connect();
  const db = mongo.db(config.MONGODB_DB);
  let models: Promise<Models> | undefined;
  const activities = createActivities({ db, x: makeX(config.xBaseUrl), config, log: logger.child({ child: 'worker' }), now: Date.now, models: () => (models ??= loadModels()) });
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await Worker.create({ connection, taskQueue: config.TASK_QUEUE, workflowBundle: await workflowBundle(), activities });
  await models; // warm before saying ready
  process.send?.({ ready: true });
  await worker.run();
}
main().catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
