// Campaigns that share words, on the real stack (Temporal dev server, FerretDB, the X emulator, the
// API): one X rule heard by every campaign using it, decisions per campaign (a STOP to one is
// honoured by the other), pause/resume without loss or duplicates, reconciliation after someone
// deletes our rule at X, and ingest surviving bad stream lines (kept as dead letters).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { author, freshUserId, startStack, waitFor, type Stack } from './harness';
import { COLLECTIONS } from '../../src/store';
import { buildRules, CreateCampaignSchema } from '../../src/domain/campaign';
import { streamRules } from '../../src/campaigns/rules';
import { DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';
import { MENTIONS_RULE_TAG } from '../../src/campaigns/brand-rules';

let s: Stack;
// Basic access: X allows 25 rules on the app's stream.
before(async () => { s = await startStack('camp_shared', { replyProfile: { none: 1, yes: 0, help: 0, stop: 0, free: 0 }, env: { X_ACCESS_LEVEL: 'basic' } }); });
after(async () => { await s?.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inject = (text: string, who: string) => s.emuCall('POST', '/tweets', { text, author: author(who), lang: 'en' });
const ruleValue = (keyword: string) => buildRules(CreateCampaignSchema.parse({ name: 'x', brand: 'b', tracking: { keywords: [keyword], languages: ['en'] } }).tracking)[0]!;
const rulesAtX = async () => (await s.emuCall('GET', '/rules')).rules as { id: string; value: string; tag: string }[];
const tweets = () => s.db.collection<{ _id: string; campaigns: string[]; authorId: string }>(COLLECTIONS.tweets);
const conversations = () => s.db.collection(COLLECTIONS.conversations);

async function campaign(name: string, keyword: string, firstContact: 'review' | 'auto' = 'review'): Promise<string> {
  const created = await s.call('POST', '/campaigns', {
    name, brand: 'Acme', tracking: { keywords: [keyword], languages: ['en'] },
    qualification: { minFollowers: 100, minPositivity: 0.5, cooldownMs: 3_600_000 },
    conversation: firstContact === 'auto' ? { firstContact: 'auto', consentBasis: 'test: synthetic audience' } : { firstContact: 'review' },
    replyTimeoutMs: 120_000, maxReminders: 0,
  });
  assert.equal(created.status, 201, created.text);
  const started = await s.call('POST', `/campaigns/${created.body.id}/start`);
  assert.equal(started.status, 200, started.text);
  return created.body.id as string;
}

const listening = (id: string, keyword: string) => waitFor(`${id} listening`, async () => {
  const c = (await s.call('GET', `/campaigns/${id}`)).body;
  const atX = await rulesAtX();
  return c.rules?.length && atX.some((r) => r.value === ruleValue(keyword) && r.id === c.rules[0].id) && (await s.emuCall('GET', '/stats')).streamConnections === 1;
});

const presence = (who: string, campaignId: string, tweets = 1) => waitFor(`${who} in ${campaignId} with ${tweets} tweet(s)`, async () => {
  const r = await s.call('GET', `/profiles/${who}`);
  const p = r.status === 200 ? r.body.campaigns?.[campaignId] : undefined;
  return p && p.tweets === tweets && (p.qualifiedAt || p.lastReasons) ? p : undefined;
}, 40_000);

test('a campaign whose rules would pass X\'s cap is refused with a 400 and stays a draft', async () => {
  // 23 rules already on the stream (other campaigns): with the brand's two standing rules, the basic level's cap.
  await streamRules(s.db).insertMany(Array.from({ length: 23 }, (_, i) => ({ _id: ruleValue(`taken${i}`), campaigns: ['elsewhere'], updatedAt: new Date() })));
  try {
    const created = await s.call('POST', '/campaigns', { name: 'one too many', brand: 'Acme', tracking: { keywords: ['brandnew'], languages: ['en'] } });
    const r = await s.call('POST', `/campaigns/${created.body.id}/start`);
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.message ?? r.text, /tracking: the stream would need 26 rules \(23 in use by other campaigns, 2 for the brand's own mentions and replies, 1 new for this one\).*25 at the basic access level/);
    assert.equal((await s.call('GET', `/campaigns/${created.body.id}`)).body.status, 'draft');
    assert.equal((await rulesAtX()).filter((r) => r.tag !== MENTIONS_RULE_TAG).length, 0, 'nothing was added at X');
  } finally {
    await streamRules(s.db).deleteMany({ campaigns: 'elsewhere' });
  }
});

test('two campaigns on the same keyword both evaluate the same person; stopping one leaves the other hearing', async () => {
  const a = await campaign('Launch', 'gizmo');
  const b = await campaign('Loyalty', 'gizmo');
  await listening(a, 'gizmo');
  await listening(b, 'gizmo');
  assert.equal((await rulesAtX()).filter((r) => r.value === ruleValue('gizmo')).length, 1, 'one rule at X for both');

  const fan = freshUserId();
  await inject('I love my gizmo, it is wonderful and amazing', fan);
  const pa = await presence(fan, a);
  const pb = await presence(fan, b);
  assert.equal(pa.tweets, 1);
  assert.equal(pb.tweets, 1);
  // Only one conversation per person: one campaign starts it, the other records why it did not.
  const convos = await waitFor('a conversation', async () => (await conversations().countDocuments({ xUserId: fan })) === 1 ? 1 : undefined);
  assert.equal(convos, 1);
  const stats = async (id: string) => (await s.call('GET', `/campaigns/${id}/stats`)).body;
  assert.equal((await stats(a)).tweets, 1);
  assert.equal((await stats(b)).tweets, 1);

  assert.equal((await s.call('POST', `/campaigns/${a}/stop`)).status, 200);
  await waitFor('a stopped', async () => (await s.call('GET', `/campaigns/${a}`)).body.status === 'stopped');
  assert.equal((await rulesAtX()).filter((r) => r.value === ruleValue('gizmo')).length, 1, 'the shared rule stays for b');

  const later = freshUserId();
  await inject('This gizmo is great, so happy with it', later);
  const p = await presence(later, b);
  assert.equal(p.tweets, 1);
  const profile = (await s.call('GET', `/profiles/${later}`)).body;
  assert.equal(profile.campaigns[a], undefined, 'the stopped campaign hears nothing');
  assert.equal((await stats(b)).tweets, 2);
  assert.equal((await stats(a)).tweets, 1);

  assert.equal((await s.call('POST', `/campaigns/${b}/stop`)).status, 200);
  await waitFor('rule gone with its last campaign', async () => !(await rulesAtX()).some((r) => r.value === ruleValue('gizmo')));
});

test('a person who said STOP to campaign A is not contacted by campaign B, which saw their tweet and recorded "suppressed"', async () => {
  await s.client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, { workflowId: `dm-poller-${s.taskQueue}`, taskQueue: s.taskQueue, args: [{ taskQueue: s.taskQueue, intervalMs: 300 }], workflowIdConflictPolicy: 'USE_EXISTING' });
  const a = await campaign('A', 'frobnic', 'auto');
  await listening(a, 'frobnic');
  const person = freshUserId();
  await inject('I love frobnic, best thing ever, amazing', person);
  const sentTo = async () => ((await s.emuCall('GET', '/dms')).sent as { recipient_id: string; text: string }[]).filter((m) => m.recipient_id === person);
  await waitFor('greeting from A', async () => (await sentTo()).length >= 1, 40_000);
  await s.emuCall('POST', '/dms', { from: person, text: 'STOP' });
  await waitFor('suppressed', async () => s.db.collection(COLLECTIONS.suppressions).findOne({ _id: person as never }), 40_000);
  await waitFor('A\'s conversation over', async () => (await conversations().findOne({ campaignId: a, xUserId: person }))?.stage === 'stopped', 40_000);
  await sleep(1000);
  const before = (await sentTo()).length;

  const b = await campaign('B', 'frobnic', 'auto');
  await listening(b, 'frobnic');
  await inject('frobnic is wonderful, I love it so much', person);
  const pb = await waitFor('B decided', async () => {
    const p = (await s.call('GET', `/profiles/${person}`)).body.campaigns?.[b];
    return p?.lastReasons?.includes('suppressed') ? p : undefined;
  }, 40_000);
  assert.ok(pb.tweets >= 1, 'B saw the tweet');
  assert.equal(pb.qualifiedAt, undefined);
  await sleep(2000);
  assert.equal(await conversations().countDocuments({ campaignId: b, xUserId: person }), 0);
  assert.equal((await sentTo()).length, before, 'no DM after STOP');
  for (const id of [a, b]) await s.call('POST', `/campaigns/${id}/stop`);
});

test('pause releases the rules; resume backfills the gap: no tweet lost, none counted twice', async () => {
  const c = await campaign('Pausable', 'quuxly');
  await listening(c, 'quuxly');
  const [p1, p2, p3, p4] = [freshUserId(), freshUserId(), freshUserId(), freshUserId()];
  await inject('quuxly is lovely', p1);
  await presence(p1, c);

  assert.equal((await s.call('POST', `/campaigns/${c}/pause`)).body.status, 'paused');
  await waitFor('rule released at X', async () => !(await rulesAtX()).some((r) => r.value === ruleValue('quuxly')));
  await inject('quuxly while paused, one', p2);
  await inject('quuxly while paused, two', p3);
  await sleep(1500);
  assert.equal(await tweets().countDocuments({ campaigns: c }), 1, 'a paused campaign does not listen');

  assert.equal((await s.call('POST', `/campaigns/${c}/resume`)).body.status, 'running');
  await listening(c, 'quuxly');
  await inject('quuxly after the pause', p4);
  await waitFor('all four tweets', async () => (await tweets().countDocuments({ campaigns: c })) === 4, 40_000);
  for (const p of [p1, p2, p3, p4]) assert.equal((await presence(p, c)).tweets, 1);
  // Redeliveries (stream + backfill overlap, a second resume) must not count anything twice.
  assert.equal((await s.call('POST', `/campaigns/${c}/pause`)).status, 200);
  assert.equal((await s.call('POST', `/campaigns/${c}/resume`)).status, 200);
  await listening(c, 'quuxly');
  await waitFor('second resume backfilled', async () => {
    const st = await s.client.workflow.getHandle(`campaign-${c}`).query<{ resumed?: unknown[] }>('state');
    return (st.resumed?.length ?? 0) >= 2;
  }, 40_000);
  await sleep(2500);
  assert.equal(await tweets().countDocuments({ campaigns: c }), 4);
  for (const p of [p1, p2, p3, p4]) assert.equal((await s.call('GET', `/profiles/${p}`)).body.campaigns[c].tweets, 1);
  assert.equal((await s.call('GET', `/campaigns/${c}/stats`)).body.tweets, 4);
  await s.call('POST', `/campaigns/${c}/stop`);
});

test('reconciliation after someone deletes our rule at X: it is added again and the campaign hears again', async () => {
  const c = await campaign('Reconciled', 'blorpt');
  await listening(c, 'blorpt');
  const ours = (await rulesAtX()).find((r) => r.value === ruleValue('blorpt'))!;
  await s.x.deleteRules([ours.id]);
  // A reconnection (as after any network drop) makes ingest reconcile with X's list.
  await s.emuCall('POST', '/stream', { action: 'drop' });
  const back = await waitFor('rule back at X', async () => (await rulesAtX()).find((r) => r.value === ruleValue('blorpt')), 30_000);
  assert.notEqual(back.id, ours.id);
  const who = freshUserId();
  await inject('blorpt is excellent', who);
  await presence(who, c);
  await s.call('POST', `/campaigns/${c}/stop`);
});

test('bad stream lines (invalid ids, no author) do not stop ingest and land in the dead-letter collection', async () => {
  const c = await campaign('Robust', 'zentro');
  await listening(c, 'zentro');
  await s.emuCall('POST', '/stream', { action: 'invalid-id', count: 2 });
  await s.emuCall('POST', '/stream', { action: 'missing-author', count: 1 });
  await sleep(6000); // past the ingest heartbeat that used to throw on a non-numeric id
  const who = freshUserId();
  await inject('zentro is great', who);
  await presence(who, c);
  const dead = await waitFor('dead letters', async () => {
    const docs = await s.db.collection<{ reason: string; raw?: string; at: Date }>(COLLECTIONS.ingestDeadLetters).find({}).toArray();
    return docs.length >= 3 ? docs : undefined;
  });
  assert.deepEqual(dead.map((d) => d.reason).sort(), ['invalid_id', 'invalid_id', 'missing_author']);
  assert.ok(dead.some((d) => d.raw?.includes('"12ab34"')));
  assert.ok(dead.every((d) => d.at instanceof Date));
  const metrics = await (await import('prom-client')).register.getSingleMetricAsString('chirpflow_ingest_dead_letters_total');
  assert.match(metrics, /reason="invalid_id"} 2/);
  assert.equal(await tweets().countDocuments({ _id: '12ab34' }), 0);
  await s.call('POST', `/campaigns/${c}/stop`);
});
