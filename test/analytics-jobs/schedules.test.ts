// Schedules are created once, and a second call updates them in place (keeping a pause).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { ANALYTICS_SCHEDULES, ensureSchedules, scheduleId } from '../../src/analytics/schedules';
import { requireEnv, uniqueId } from '../helpers/stack';

async function countSchedules(client: Client, ids: string[], expectAtLeast: number): Promise<Map<string, number>> {
  // Listing is eventually consistent (visibility store): wait until the expected ids appear.
  for (let i = 0; ; i++) {
    const counts = new Map(ids.map((id) => [id, 0]));
    for await (const s of client.schedule.list()) if (counts.has(s.scheduleId)) counts.set(s.scheduleId, counts.get(s.scheduleId)! + 1);
    if ([...counts.values()].every((n) => n >= expectAtLeast) || i >= 40) return counts;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('ensureSchedules creates one schedule per job; a second call updates, never duplicates, and keeps a pause', async () => {
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const client = new Client({ connection });
  const ids = ANALYTICS_SCHEDULES.map((d) => scheduleId(d.job));
  // A task queue no worker polls: nothing these schedules start can run during the test.
  const config = { TASK_QUEUE: uniqueId('sched-tq') };
  try {
    const first = await ensureSchedules(client, config);
    assert.deepEqual(first.map((r) => r.scheduleId), ['analytics-sentiment-recompute', 'analytics-influence', 'analytics-clusters', 'analytics-trends', 'analytics-mood', 'analytics-plans']);
    await client.schedule.getHandle('analytics-clusters').pause('paused by an operator');
    const second = await ensureSchedules(client, config, { every: { influence: '10m' } });
    assert.ok(second.every((r) => r.outcome === 'updated'));
    const counts = await countSchedules(client, ids, 1);
    for (const id of ids) assert.equal(counts.get(id), 1, id);
    const inf = await client.schedule.getHandle('analytics-influence').describe();
    assert.equal(inf.spec.intervals?.[0]?.every, 600_000);
    assert.equal(inf.action.type === 'startWorkflow' && inf.action.workflowType, 'influenceWorkflow');
    const trends = await client.schedule.getHandle('analytics-trends').describe();
    assert.equal(trends.spec.intervals?.[0]?.every, 300_000);
    assert.equal((await client.schedule.getHandle('analytics-clusters').describe()).state.paused, true, 'a pause survives a restart');
    assert.equal((await client.schedule.getHandle('analytics-mood').describe()).state.paused, false);
  } finally {
    for (const id of ids) await client.schedule.getHandle(id).delete().catch(() => undefined);
    await connection.close();
  }
});
