// POST/GET /plans against a real FerretDB: candidates come from what the stack stores (influence,
// profiles, tweets and retweets, suppressions, conversations); bad input is a 400 naming the field;
// only marketers and admins plan; a recompute records what changed and is idempotent per run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/api/auth';
import { loadCandidates } from '../../src/planning/candidates';
import { recomputePlan, plansDue } from '../../src/planning/service';
import { seedCandidates, syntheticCandidates } from '../../src/planning/synthetic';
import { analytics } from '../../src/store/analytics';
import { getPlan, plans } from '../../src/store/plans';
import { tweets } from '../../src/store/tweets';
import { addSuppression, removeSuppression } from '../../src/store/conversations';
import { startApi, type ApiUnderTest } from '../security/harness';

let api: ApiUnderTest;
let marketer: string, agent: string, operator: string;
const world = syntheticCandidates({ candidates: 60, seed: 11, suppressedShare: 0.15, conversationShare: 0.15 });

before(async () => {
  api = await startApi('plans_api');
  marketer = await createApiKey(api.db, 'mia', 'marketer');
  agent = await createApiKey(api.db, 'sam', 'agent');
  operator = await createApiKey(api.db, 'ops', 'operator');
  await seedCandidates(api.db, world, new Date(Date.now() - 60_000));
});
after(() => api.close());

test('the loader reads scores, regions, engagement, retweeters, suppressions and open conversations from the store', async () => {
  const got = new Map((await loadCandidates(api.db)).map((c) => [c.xUserId, c]));
  assert.equal(got.size, world.length);
  for (const w of world) {
    const c = got.get(w.xUserId)!;
    assert.equal(c.followers, w.followers);
    assert.equal(c.country, w.country);
    assert.equal(c.suppressed, w.suppressed);
    assert.equal(c.inConversation, w.inConversation);
    assert.deepEqual(c.postEngagements, w.postEngagements);
    assert.equal(c.retweeters.length, new Set(w.retweeters).size, `retweeters of ${w.xUserId}`);
  }
});

test('the loader honours a suppression kept under another key that names the person (the shape the send check honours)', async () => {
  const w = world.find((x) => !x.suppressed)!;
  await addSuppression(api.db, { _id: `operator-note-${w.xUserId}`, xUserId: w.xUserId, reason: 'asked by phone', source: 'operator' });
  try {
    const c = (await loadCandidates(api.db)).find((x) => x.xUserId === w.xUserId)!;
    assert.equal(c.suppressed, true);
  } finally {
    await removeSuppression(api.db, w.xUserId);
  }
  assert.equal((await loadCandidates(api.db)).find((x) => x.xUserId === w.xUserId)!.suppressed, false);
});

test('POST /plans computes and keeps a plan; GET /plans and /plans/:id return it', async () => {
  const r = await api.call('POST', '/plans', marketer, { budget: 5_000, goal: 'reach', regionShares: [{ region: 'EU', min: 0.2, max: 0.7 }], maxShare: 0.3 });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const plan = r.json;
  assert.match(plan.id, /^plan_/);
  assert.ok(plan.result.spent <= 5_000 && plan.result.chosen.length > 0);
  const byId = new Map(world.map((w) => [w.xUserId, w]));
  for (const c of plan.result.chosen) {
    assert.equal(byId.get(c.xUserId)!.suppressed, false);
    assert.equal(byId.get(c.xUserId)!.inConversation, false);
    assert.ok(c.cost <= 1_500);
  }
  assert.equal(plan.result.curve.length, 10);
  assert.ok(plan.result.outcome.low <= plan.result.outcome.expected && plan.result.outcome.expected <= plan.result.outcome.high);
  assert.ok(plan.result.coverage.regions.some((g: { region: string }) => g.region === 'EU'));
  assert.equal(r.headers.get('location'), `/plans/${plan.id}`);
  const one = await api.call('GET', `/plans/${plan.id}`, marketer);
  assert.equal(one.status, 200);
  assert.deepEqual(one.json.result.chosen, plan.result.chosen);
  const list = await api.call('GET', '/plans', marketer);
  assert.ok(list.json.items.some((p: { id: string; chosen: number }) => p.id === plan.id && p.chosen === plan.result.chosen.length));
  assert.equal((await api.call('GET', '/plans/plan_nope', marketer)).status, 404);
});

test('a price list buys only listed people at their price; a bad row is a 400 naming row and field', async () => {
  const [a, b] = world.filter((w) => !w.suppressed && !w.inConversation);
  const ok = await api.call('POST', '/plans', marketer, { budget: 1_000, goal: 'engagement', prices: `xUserId,price\n${a!.xUserId},300\n@${b!.username},200\n` });
  assert.equal(ok.status, 201, JSON.stringify(ok.json));
  assert.deepEqual(ok.json.result.chosen.map((c: { xUserId: string; cost: number }) => [c.xUserId, c.cost]).sort(), [[a!.xUserId, 300], [b!.xUserId, 200]].sort());
  const badRow = await api.call('POST', '/plans', marketer, { budget: 1_000, goal: 'reach', prices: `${a!.xUserId},300\n${b!.xUserId},free\n` });
  assert.equal(badRow.status, 400);
  assert.match(badRow.json.error.message, /prices row 2 price/);
});

test('bad requests are 400s with the reason; nothing is stored', async () => {
  const before = await plans(api.db).countDocuments();
  const cases: [unknown, RegExp][] = [
    [{ goal: 'reach' }, /body\.budget/],
    [{ budget: -5, goal: 'reach' }, /body\.budget/],
    [{ budget: 100, goal: 'fame' }, /body\.goal/],
    [{ budget: 100, goal: 'reach', regionShares: [{ region: 'Atlantis', min: 0.1 }] }, /body\.regionShares\.0\.region/],
    [{ budget: 100, goal: 'reach', regionShares: [{ region: 'EU', min: 0.8, max: 0.2 }] }, /body\.regionShares\.0\.min/],
    [{ budget: 100, goal: 'reach', maxShare: 0 }, /body\.maxShare/],
    [{ budget: 100, goal: 'reach', tiers: [{ maxFollowers: null, price: 10 }], prices: '1,2' }, /body\.prices/],
    [{ budget: 100, goal: 'reach', tiers: [{ maxFollowers: 100, price: 10 }, { maxFollowers: 50, price: 20 }] }, /tiers\[1\]\.maxFollowers/],
    [{ budget: 100, goal: 'reach', surprise: 1 }, /body/],
  ];
  for (const [body, why] of cases) {
    const r = await api.call('POST', '/plans', marketer, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.json.error.message, why, JSON.stringify(r.json));
  }
  assert.equal(await plans(api.db).countDocuments(), before);
});

test('only marketers and admins plan: agents and operators get 403', async () => {
  for (const key of [agent, operator]) {
    assert.equal((await api.call('POST', '/plans', key, { budget: 100, goal: 'reach' })).status, 403);
    assert.equal((await api.call('GET', '/plans', key)).status, 403);
  }
  assert.equal((await api.call('GET', '/plans', null)).status, 401);
});

test('recompute: due when scores are newer, records added/removed and the outcome delta, once per run', async () => {
  const r = await api.call('POST', '/plans', marketer, { budget: 3_000, goal: 'reach' });
  const id = r.json.id as string;
  assert.ok(!(await plansDue(api.db)).includes(id), 'not due before scores change');
  // Scores change: the plan's least useful pick loses most of its audience, an unchosen person gains.
  const chosen = r.json.result.chosen as { xUserId: string }[];
  const loser = chosen[chosen.length - 1]!.xUserId;
  const chosenIds = new Set(chosen.map((c) => c.xUserId));
  const winner = world.find((w) => !w.suppressed && !w.inConversation && !chosenIds.has(w.xUserId) && w.followers < 10_000)!;
  const later = new Date();
  await analytics(api.db).influence.updateOne({ userId: loser }, { $set: { followers: 1, computedAt: later } });
  await analytics(api.db).influence.updateOne({ userId: winner.xUserId }, { $set: { followers: 9_999, computedAt: later } });
  await tweets(api.db).updateMany({ authorId: winner.xUserId }, { $set: { 'metrics.retweet_count': 5000 } });
  assert.ok((await plansDue(api.db)).includes(id));
  const out = await recomputePlan(api.db, id, 'run-1', later);
  assert.equal(out.outcome, 'recomputed');
  const doc = (await getPlan(api.db, id))!;
  assert.ok(doc.changes!.removed.includes(loser), `removed ${doc.changes!.removed}`);
  assert.ok(doc.changes!.added.length > 0);
  assert.ok(Math.abs(doc.changes!.outcomeDelta - (doc.result.outcome.expected - r.json.result.outcome.expected)) < 1e-6);
  assert.equal(doc.version, 2);
  assert.equal(doc.revisions.length, 1);
  assert.equal((await recomputePlan(api.db, id, 'run-1', later)).outcome, 'already-done');
  assert.equal((await getPlan(api.db, id))!.version, 2);
  assert.ok(!(await plansDue(api.db)).includes(id), 'not due again until scores change again');
  const seen = await api.call('GET', `/plans/${id}`, marketer);
  assert.deepEqual(seen.json.changes, doc.changes);
});
