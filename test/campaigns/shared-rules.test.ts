// Shared, reference-counted stream rules against the real store (FerretDB) and the X emulator:
// one X rule per value, released only with its last campaign; every step repeatable after a crash;
// reconciliation repairs what a crash or someone else left at X. Also per-campaign tweet counting
// (pure) and the caps per access level.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { applyTweet, buildRules, ruleCapacityProblem, CreateCampaignSchema, type ScoredTweet } from '../../src/domain/campaign';
import { insertCampaign, transitionStatus, campaigns as campaignsCol } from '../../src/store/campaigns';
import { applyAtX, reconcileRules, RuleRouter, RULE_TAG, streamRules, syncCampaignRules } from '../../src/campaigns/rules';
import { testDb } from '../helpers/stack';
import { makeX } from './harness';
import type { XClient } from '../../src/x';

let emu: RunningEmulator;
let x: XClient;
let db: Db;
let closeDb: () => Promise<void>;

before(async () => {
  emu = await startEmulator({ port: 0, seed: 3, rate: 0 });
  x = makeX(emu.url);
  ({ db, close: closeDb } = await testDb('shared_rules'));
});
after(async () => { await emu?.close(); await closeDb?.(); });
beforeEach(async () => {
  await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
  await db.dropDatabase();
});

const settings = (keywords: string[]) => CreateCampaignSchema.parse({ name: 'c', brand: 'Acme', tracking: { keywords, languages: ['en'] } });
async function running(id: string, keywords: string[]): Promise<string> {
  await insertCampaign(db, settings(keywords), { id });
  await transitionStatus(db, id, ['draft'], 'running');
  return id;
}
const setStatus = (id: string, to: 'running' | 'paused' | 'stopped') => campaignsCol(db).updateOne({ _id: id }, { $set: { status: to } });
const valueOf = (keywords: string[]) => buildRules(settings(keywords).tracking)[0]!;

test('two campaigns on the same words share one X rule; it goes only with the last of them', async () => {
  await running('a', ['acme']);
  await running('b', ['acme']);
  const ra = await syncCampaignRules(db, x, 'a');
  const rb = await syncCampaignRules(db, x, 'b');
  assert.equal(ra[0]!.id, rb[0]!.id, 'the same rule id');
  let atX = await x.listRules();
  assert.equal(atX.length, 1);
  assert.equal(atX[0]!.tag, RULE_TAG);
  const doc = await streamRules(db).findOne({ _id: valueOf(['acme']) });
  assert.deepEqual(doc?.campaigns.sort(), ['a', 'b']);
  assert.equal(doc?.xId, ra[0]!.id);

  // Routing by rule id reaches both.
  const router = new RuleRouter(db, Date.now);
  assert.deepEqual((await router.route([{ matchingRules: [{ id: ra[0]!.id, tag: RULE_TAG }] }]))[0]!.sort(), ['a', 'b']);
  assert.deepEqual((await router.route([{ matchingRules: [{ id: '999', tag: 'another-tool' }] }]))[0], [], 'rules not ours route nowhere');
  assert.deepEqual((await router.route([{ matchingRules: [{ id: '998', tag: 'campaign:old' }] }]))[0], ['old'], 'a rule of an earlier version routes by its tag until adopted');

  await setStatus('a', 'stopped');
  assert.deepEqual(await syncCampaignRules(db, x, 'a'), []);
  atX = await x.listRules();
  assert.deepEqual(atX.map((r) => r.id), [ra[0]!.id], 'b still listens on the same rule');
  router.invalidate();
  assert.deepEqual((await router.route([{ matchingRules: [{ id: ra[0]!.id, tag: RULE_TAG }] }]))[0], ['b']);

  await setStatus('b', 'paused');
  await syncCampaignRules(db, x, 'b');
  assert.equal((await x.listRules()).length, 0, 'deleted at X with its last campaign');
  assert.equal(await streamRules(db).countDocuments({}), 0);
});

test('a campaign changing its words releases the old rule and takes the new one; a repeat changes nothing', async () => {
  await running('a', ['acme']);
  await running('b', ['acme', 'widget']);
  await syncCampaignRules(db, x, 'a');
  await syncCampaignRules(db, x, 'b');
  await campaignsCol(db).updateOne({ _id: 'a' }, { $set: { tracking: settings(['gadget']).tracking } });
  const r1 = await syncCampaignRules(db, x, 'a');
  const r2 = await syncCampaignRules(db, x, 'a');
  assert.deepEqual(r1, r2);
  const values = (await x.listRules()).map((r) => r.value).sort();
  assert.deepEqual(values, [valueOf(['acme', 'widget']), valueOf(['gadget'])].sort());
  assert.equal(await streamRules(db).countDocuments({}), 2);
});

test('a crash between the store and X leaks nothing and loses nothing', async () => {
  await running('a', ['acme']);
  // Crash after the references were written, before X was told: X refuses the first add.
  const failing: XClient = { ...x, addRules: async () => { throw new Error('worker died'); } };
  await assert.rejects(syncCampaignRules(db, failing, 'a'));
  assert.deepEqual((await streamRules(db).findOne({}))?.campaigns, ['a']);
  assert.equal((await x.listRules()).length, 0);
  // The retry completes it.
  const [rule] = await syncCampaignRules(db, x, 'a');
  assert.equal((await x.listRules())[0]!.id, rule!.id);

  // Crash after X deleted... before the store forgot: stop, X delete fails once.
  await setStatus('a', 'stopped');
  const noDelete: XClient = { ...x, deleteRules: async () => { throw new Error('worker died'); } };
  await assert.rejects(syncCampaignRules(db, noDelete, 'a'));
  assert.equal((await x.listRules()).length, 1, 'still at X after the crash');
  // Nothing references it any more, and reconciliation (start-up, reconnection) removes it.
  await reconcileRules(db, x);
  assert.equal((await x.listRules()).length, 0, 'the orphan is gone');
  assert.equal(await streamRules(db).countDocuments({}), 0);

  // Crash after X added the rule, before its id was stored: the next sync adopts it (no duplicate).
  await setStatus('a', 'running');
  await x.addRules([{ value: valueOf(['acme']), tag: RULE_TAG }]);
  const [again] = await syncCampaignRules(db, x, 'a');
  const atX = await x.listRules();
  assert.equal(atX.length, 1);
  assert.equal(again!.id, atX[0]!.id);
});

test('reconciliation: rules someone deleted come back, foreign rules stay, legacy per-campaign rules are adopted', async () => {
  await running('a', ['acme']);
  await running('legacy', ['widget']);
  const [rule] = await syncCampaignRules(db, x, 'a');
  // Someone deletes our rule at X, and adds one of their own.
  await x.deleteRules([rule!.id]);
  await x.addRules([{ value: 'their words', tag: 'marketing-team' }]);
  // A rule an earlier version added for one campaign (tag campaign:<id>), not yet in the store.
  const [old] = await x.addRules([{ value: valueOf(['widget']), tag: 'campaign:legacy' }]);
  const report = await reconcileRules(db, x);
  assert.equal(report.foreign, 1);
  const atX = await x.listRules();
  assert.deepEqual(atX.map((r) => r.value).sort(), ['their words', valueOf(['acme']), valueOf(['widget'])].sort());
  const acme = await streamRules(db).findOne({ _id: valueOf(['acme']) });
  assert.equal(acme?.xId, atX.find((r) => r.value === valueOf(['acme']))!.id, 'the new id is recorded');
  assert.notEqual(acme?.xId, rule!.id);
  const widget = await streamRules(db).findOne({ _id: valueOf(['widget']) });
  assert.equal(widget?.xId, old!.id, 'legacy rule adopted, not duplicated');
  assert.deepEqual(widget?.campaigns, ['legacy']);
  // A foreign rule that happens to have our value is never deleted by us.
  await applyAtX(db, x, ['their words']);
  assert.ok((await x.listRules()).some((r) => r.value === 'their words'));
});

test('a tweet counted for one campaign still counts, once, for another that hears it later', () => {
  const t = (campaigns: string[]): ScoredTweet => ({ id: '100', authorId: '7', createdAt: new Date(1000), campaigns, polarity: 0.5, subjectivity: 0.5 });
  const p1 = applyTweet(undefined, t(['a']));
  const p2 = applyTweet(p1, t(['b']));
  assert.notEqual(p2, p1);
  assert.equal(p2.campaigns.b?.tweets, 1);
  assert.equal(p2.tweetsSeen, 1, 'the person\'s own numbers count the tweet once');
  assert.equal(p2.polarity.n, 1);
  assert.equal(applyTweet(p2, t(['a', 'b'])), p2, 'redelivered to both: nothing changes');
  // Presences stored by earlier versions (no per-campaign ids) keep their counts.
  const legacy = { ...p1, campaigns: { a: { ...p1.campaigns.a!, recentTweetIds: undefined } } };
  assert.equal(applyTweet(legacy, t(['a'])), legacy);
});

test('caps per access level: length and the app\'s rule count, shared values counted once', () => {
  const others = Array.from({ length: 24 }, (_, i) => `w${i}`);
  assert.equal(ruleCapacityProblem('basic', ['w0'], others), undefined, 'a shared value costs nothing');
  assert.equal(ruleCapacityProblem('basic', ['new'], others), undefined);
  assert.match(ruleCapacityProblem('basic', ['new', 'new2'], others)!, /26 rules .*25 at the basic/);
  assert.match(ruleCapacityProblem('basic', ['x'.repeat(600)], [])!, /600 characters .*512/);
  assert.equal(ruleCapacityProblem('pro', ['x'.repeat(600)], []), undefined);
});
