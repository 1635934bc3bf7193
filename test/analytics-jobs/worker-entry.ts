// A worker in its own process, so a test can SIGKILL it mid-batch. Its stand-in model is slow
// (DELAY_MS per chunk) and records every text it scores in `scored` (an independent count of how
// often each tweet was processed).
import { MongoClient } from 'mongodb';
import { NativeConnection, Worker } from '@temporalio/worker';
import { analyticsDeps, fakeModels } from './fixtures';
import { workflowBundle } from '../helpers/stack';
import { quietRuntime } from '../helpers/worker';

async function main() {
  quietRuntime();
  const env = (k: string) => { const v = process.env[k]; if (!v) throw new Error(`${k} is not set`); return v; };
  const mongo = await new MongoClient(env('MONGODB_URI')).connect();
  const db = mongo.db(env('ANALYTICS_TEST_DB'));
  const base = fakeModels('v2', Number(process.env.DELAY_MS ?? 0));
  const models = {
    ...base,
    sentiment: (texts: string[]) => {
      void db.collection<{ _id: string; n: number }>('scored').bulkWrite(texts.map((t) => ({ updateOne: { filter: { _id: t }, update: { $inc: { n: 1 } }, upsert: true } })));
      return base.sentiment(texts);
    },
  };
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection, taskQueue: env('TASK_QUEUE'), workflowBundle: await workflowBundle(), activities: analyticsDeps(db, models),
    // Heartbeats reach the server promptly, so the test sees progress while the batch runs.
    maxHeartbeatThrottleInterval: '100 ms', defaultHeartbeatThrottleInterval: '100 ms',
    stickyQueueScheduleToStartTimeout: '1 second',
  });
  process.send?.('ready');
  await worker.run();
}

main().catch((err) => { process.stderr.write(`worker-entry: ${(err as Error).stack}\n`); process.exit(1); });
