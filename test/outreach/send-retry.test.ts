// How long a DM send waits after an attempt that ended without saying when to retry (its worker
// died: heartbeat timeout; X unreachable; a store error). Rate limits and in-flight waits fail
// with their own delay and still count as attempts, so after a few of them the server's
// exponential backoff alone would hold the next attempt for minutes (2^8 s after nine). A person
// who is waiting for an answer must not wait minutes because a worker restarted: the backoff is
// capped. Under the time-skipping server, with the real activities behind a fault injector.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { testDb, uniqueId } from '../helpers/stack';
import { startWorker, timeSkippingEnv } from '../helpers/worker';
import { fakeX, input, outreachActivities, until, type FakeX } from './harness';
import { startOutreach } from '../../src/outreach/start';
import type { SendDmInput } from '../../src/workflows/outreach/contract';

/** The cap on the send's backoff (the workflow's retry policy). */
const MAX_GAP_MS = 30_000;

let env: TestWorkflowEnvironment;
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
let store: Awaited<ReturnType<typeof testDb>>;
let x: FakeX;
const taskQueue = uniqueId('tq');
const attempts: number[] = [];

before(async () => {
  env = await timeSkippingEnv({ searchAttributes: true });
  store = await testDb('send_retry');
  x = fakeX();
  const real = outreachActivities(store.db, x, { limits: { perSender15m: 1000, perSenderDay: 10_000, perAppDay: 100_000 } });
  const activities = {
    ...real,
    async outreachSendDm(i: SendDmInput) {
      attempts.push(await env.currentTimeMs());
      const n = attempts.length;
      // Eight attempts held with a delay of their own (a throttled or in-flight send)...
      if (n <= 8) throw ApplicationFailure.create({ type: 'XRateLimited', message: `held ${n}`, nextRetryDelay: 1000 });
      // ...then one that ends without a delay, as a dead worker's heartbeat timeout does.
      if (n === 9) throw new Error('the attempt ended without an answer');
      return real.outreachSendDm(i);
    },
  };
  worker = await startWorker(env, taskQueue, activities);
});

after(async () => {
  await worker?.stop();
  await store?.close();
  await env?.teardown();
});

test('after many delayed attempts, an attempt that ended without a delay is retried within the cap, not minutes later', async () => {
  const inp = input();
  const r = await startOutreach(env.client, inp, { taskQueue });
  assert.equal(r.started, true);
  // Time moves only when we move it: a second at a time, for up to ten minutes of workflow time.
  for (let s = 0; s < 600 && x.to(inp.person.xUserId).length === 0; s++) await env.sleep(1000);
  await until(() => x.to(inp.person.xUserId).length === 1, 'the greeting');
  assert.equal(attempts.length, 10);
  const gap = attempts[9]! - attempts[8]!;
  assert.ok(gap <= MAX_GAP_MS + 2000, `the attempt after the undelayed failure came ${Math.round(gap / 1000)} s later (cap ${MAX_GAP_MS / 1000} s)`);
  assert.equal(x.to(inp.person.xUserId).length, 1, 'sent once');
});
