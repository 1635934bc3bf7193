// The plans schedule's workflow on the real dev server: standing plans are recomputed after the
// scores change (recording what changed), not before, and a second run has nothing to do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import { createPlansActivities } from '../../src/activities/plans';
import { DEFAULT_TIERS } from '../../src/domain/planning';
import { logger } from '../../src/log';
import { createPlan } from '../../src/planning/service';
import { seedCandidates, syntheticCandidates } from '../../src/planning/synthetic';
import { analytics } from '../../src/store/analytics';
import { getPlan } from '../../src/store/plans';
import { PLANS_RECOMPUTE_WORKFLOW_TYPE, type PlansRecomputeResult } from '../../src/workflows/plans/contract';
import { testDb, uniqueId } from '../helpers/stack';
import { withDevWorker } from '../helpers/worker';

let store: Awaited<ReturnType<typeof testDb>>;
const world = syntheticCandidates({ candidates: 40, seed: 9 });
before(async () => {
  store = await testDb('plans_wf');
  await seedCandidates(store.db, world, new Date(Date.now() - 60_000));
});
after(() => store.close());

test('plansRecomputeWorkflow recomputes standing plans after scores change and records the change', async () => {
  const req = { budget: 2_000, goal: 'reach' as const, cost: { kind: 'tiers' as const, tiers: DEFAULT_TIERS }, regionShares: [], maxShare: 1, minSentiment: null, excludeInConversation: true, poolSize: 300 };
  const standing = await createPlan(store.db, { request: req, who: 'test', now: new Date(Date.now() - 30_000) });
  const oneOff = await createPlan(store.db, { request: req, recompute: false, who: 'test', now: new Date(Date.now() - 30_000) });
  const top = standing.result.chosen[0]!.xUserId;
  await withDevWorker(createPlansActivities({ db: store.db, log: logger }), async ({ taskQueue, connection }) => {
    const client = new Client({ connection: connection as never });
    const run = (id: string) => client.workflow.execute(PLANS_RECOMPUTE_WORKFLOW_TYPE, { taskQueue, workflowId: uniqueId(id), args: [{}] }) as Promise<PlansRecomputeResult>;
    const idle = await run('plans-idle');
    assert.equal(idle.due, 0, 'scores unchanged since the plans: nothing to do');
    // New scores: the plan's best pick loses its audience.
    await analytics(store.db).influence.updateMany({}, { $set: { computedAt: new Date() } });
    await analytics(store.db).influence.updateOne({ userId: top }, { $set: { followers: 1 } });
    const r = await run('plans-changed');
    assert.equal(r.due, 1);
    assert.deepEqual(r.outcomes.map((o) => [o.id, o.outcome]), [[standing._id, 'recomputed']]);
    const doc = (await getPlan(store.db, standing._id))!;
    assert.ok(doc.changes!.removed.includes(top), `removed: ${doc.changes!.removed}`);
    assert.equal(doc.version, 2);
    assert.equal((await getPlan(store.db, oneOff._id))!.version, 1, 'a one-off plan is never recomputed');
    assert.equal((await run('plans-again')).due, 0);
  });
});
