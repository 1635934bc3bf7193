// Agent actions are idempotency records: without a limit the collection grows for ever. Finished
// ones older than the retention go; those still in flight, and replies whose delivery is unknown
// (a retry must keep finding them and never send again), stay whatever their age.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { agentActions, pruneAgentActions, recordActionOnce, setActionOutcome, type AgentActionKind } from '../../src/store/agent-actions';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
before(async () => { t = await testDb('agent-actions-prune'); db = t.db; });
after(() => t.close());

const DAY = 86_400_000;
async function action(id: string, kind: AgentActionKind, state: 'sent' | 'unknown' | 'failed' | 'done' | undefined, ageDays: number): Promise<void> {
  await recordActionOnce(db, { _id: id, escalationId: 'e1', kind, key: id, agent: 'ann', fingerprint: 'f', body: {}, workflowId: 'w' });
  if (state) await setActionOutcome(db, id, { state, at: new Date() });
  await agentActions(db).updateOne({ _id: id }, { $set: { updatedAt: new Date(Date.now() - ageDays * DAY) } });
}

test('finished actions past the retention go; recent, in-flight and unknown-delivery ones stay', async () => {
  await action('old-sent', 'reply', 'sent', 120);
  await action('old-done', 'claim', 'done', 100);
  await action('old-failed', 'reply', 'failed', 91);
  await action('old-unknown', 'reply', 'unknown', 400);
  await action('old-queued', 'reply', undefined, 200);
  await action('new-sent', 'reply', 'sent', 10);
  assert.equal(await pruneAgentActions(db, 90), 3);
  const left = (await agentActions(db).find({}).toArray()).map((d) => d._id).sort();
  assert.deepEqual(left, ['new-sent', 'old-queued', 'old-unknown']);
  assert.equal(await pruneAgentActions(db, 90), 0, 'nothing more to remove');
});
