// A worker in its own process for the chaos suite: outreach activities against the emulator and
// the suite's FerretDB. CHAOS_KILL="before:<xUserId>,after:<xUserId>" makes it SIGKILL itself at
// that step of a send to that person — after the ledger says 'sending' but before the POST, or
// after X answered but before the answer is recorded — leaving a marker file first.
import { writeFileSync } from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config';
import { logger } from '../../src/log';
import { createXClient, type XClient } from '../../src/x';
import { createOutreachActivities } from '../../src/activities/outreach';
import { quietRuntime } from '../helpers/worker';
import { workflowBundle } from '../helpers/stack';

function withKillHooks(x: XClient, spec: string, markerDir: string): XClient {
  const hooks = new Map(spec.split(',').filter(Boolean).map((h) => { const [step, id] = h.split(':'); return [id!, step!]; }));
  const die = (step: string, id: string) => {
    writeFileSync(`${markerDir}/killed-${step}-${id}`, '');
    process.kill(process.pid, 'SIGKILL');
  };
  return Object.assign(Object.create(x) as XClient, {
    async sendDm(participantId: string, text: string) {
      const step = hooks.get(participantId);
      if (step === 'before') die(step, participantId);
      const r = await x.sendDm(participantId, text);
      if (step === 'after') die(step, participantId);
      return r;
    },
  });
}

async function main() {
  const env = process.env;
  quietRuntime();
  const mongo = await new MongoClient(env.MONGODB_URI!, { serverSelectionTimeoutMS: 5000 }).connect();
  const db = mongo.db(env.CHAOS_DB!);
  const base = createXClient({
    baseUrl: env.EMULATOR_URL!, bearerToken: 't', appKey: 'ck', appSecret: 'cs', accessToken: 'at', accessSecret: 'as',
    brandUserId: env.BRAND_ID, // the production defaults otherwise (timeouts, rate-limit waits)
  });
  const x = withKillHooks(base, env.CHAOS_KILL ?? '', env.CHAOS_MARKERS!);
  const activities = createOutreachActivities({ db, x, config: loadConfig({}), log: logger.child({ proc: process.pid }), now: Date.now, models: async () => { throw new Error('unused'); } });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection, taskQueue: env.CHAOS_TASK_QUEUE!, workflowBundle: await workflowBundle(), activities, maxConcurrentActivityTaskExecutions: 50,
  });
  process.send?.({ ready: true });
  await worker.run();
}

main().catch((err) => {
  process.stderr.write(`chaos worker: ${(err as Error).stack}\n`);
  process.exit(1);
});
