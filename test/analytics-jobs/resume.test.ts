// A worker killed mid-batch: the next worker resumes after the last finished chunk, so no finished
// chunk is processed twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client, Connection, defaultPayloadConverter } from '@temporalio/client';
import { requireEnv, testDb, uniqueId } from '../helpers/stack';
import { seedFixture } from './fixtures';
import { analytics } from '../../src/store/analytics';
import { sliceRunKey } from '../../src/activities/analytics';
import { ANALYTICS_WORKFLOW_TYPES, type AnalyticsWorkflow, type BatchResult } from '../../src/workflows/analytics/contract';
import type { ChunkProgress } from '../../src/analytics/chunks';

function startWorker(dbName: string, taskQueue: string): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'worker-entry.ts'), [], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ANALYTICS_TEST_DB: dbName, TASK_QUEUE: taskQueue, DELAY_MS: '250' },
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

test('a batch resumes after its worker is SIGKILLed, without redoing finished chunks', { timeout: 120_000 }, async () => {
  const { db, close } = await testDb('analytics_resume');
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const client = new Client({ connection });
  const taskQueue = uniqueId('resume-tq');
  const workers: ChildProcess[] = [];
  try {
    const { tweets } = await seedFixture(db);
    const chunkSize = 4;
    workers.push(await startWorker(db.databaseName, taskQueue));
    const handle = await client.workflow.start<AnalyticsWorkflow<'sentiment-recompute'>>(ANALYTICS_WORKFLOW_TYPES['sentiment-recompute'], {
      taskQueue, workflowId: uniqueId('resume'), args: [{ chunkSize, heartbeatTimeoutMs: 2000 }],
    });
    // Wait until the heartbeat shows a few chunks done, then kill the worker without warning.
    let seen: ChunkProgress | undefined;
    for (let i = 0; i < 600 && !(seen && seen.chunks >= 3); i++) {
      const d = await handle.describe();
      const p = d.raw.pendingActivities?.find((a) => a.activityType?.name === 'analyticsSlice');
      const payload = p?.heartbeatDetails?.payloads?.[0];
      if (payload) seen = defaultPayloadConverter.fromPayload<ChunkProgress>(payload);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(seen && seen.chunks >= 3, 'heartbeats show progress');
    workers[0]!.kill('SIGKILL');
    await new Promise((r) => workers[0]!.once('exit', r));
    const baseKey = `${handle.workflowId}:${(await handle.describe()).runId}`;
    const runKey = sliceRunKey(baseKey, 0);
    const atKill = await analytics(db).runs.findOne({ _id: runKey });
    assert.ok(atKill && atKill.chunks.length >= 3 && !atKill.done);
    const total = Math.ceil(tweets / chunkSize);
    assert.ok(atKill.chunks.length < total, 'killed mid-batch');
    assert.equal(await analytics(db).chunks.countDocuments({ runKey: baseKey }), total, 'the plan stored every chunk');

    workers.push(await startWorker(db.databaseName, taskQueue));
    const result = (await handle.result()) as BatchResult;
    assert.equal(result.processed, tweets);
    assert.equal(result.resumedSlices, 1);

    const run = (await analytics(db).runs.findOne({ _id: runKey }))!;
    assert.equal(run.chunks.length, total, 'every chunk finished');
    assert.equal(new Set(run.chunks).size, total, 'no chunk finished twice');
    const resumed = run.resumes.find((r) => r.attempt > 1)!;
    assert.ok(resumed && resumed.from !== null, JSON.stringify(run.resumes));
    assert.ok(resumed.from! >= atKill.next, 'resumed at or after the last chunk finished before the kill');
    assert.deepEqual(run.chunks, Array.from({ length: total }, (_, i) => i), 'chunks finished in order, each once');
    assert.equal(await analytics(db).chunks.countDocuments({ runKey: baseKey }), 0, 'chunk documents removed');

    // Independent count (kept by the stand-in model): tweets of chunks finished before the kill
    // were scored exactly once in all. Every fixture tweet is stale, so chunk n holds the n-th
    // `chunkSize` tweets in _id order.
    const docs = await db.collection<{ _id: string; text: string }>('tweets').find({}).sort({ _id: 1 }).toArray();
    const finishedBefore = docs.slice(0, atKill.next * chunkSize);
    assert.ok(finishedBefore.length >= 3 * chunkSize);
    const multiplicity = new Map<string, number>();
    for (const d of docs) multiplicity.set(d.text, (multiplicity.get(d.text) ?? 0) + 1);
    const scored = new Map((await db.collection<{ _id: string; n: number }>('scored').find({}).toArray()).map((s) => [s._id, s.n]));
    for (const d of finishedBefore) assert.equal(scored.get(d.text), multiplicity.get(d.text), `"${d.text}" scored again after the crash`);
    assert.equal(await db.collection('tweets').countDocuments({ sentimentVersion: { $ne: 's-v2' } }), 0);
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await connection.close();
    await close();
  }
});
