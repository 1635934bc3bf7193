// The whole path through the API on the real stack: create and start a campaign, tweets in through
// the emulator's stream, stored profiles, a conversation started, a DM reply escalated, stats and
// exports; pause stops listening (the campaign's rules are released) and resume backfills the gap;
// stop removes the rules at X.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { author, freshUserId, startStack, waitFor, type Stack } from './harness';
import { COLLECTIONS } from '../../src/store';
import { DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';
import { outreachWorkflowId } from '../../src/workflows/outreach/contract';
import { MENTIONS_RULE_TAG } from '../../src/campaigns/brand-rules';

let s: Stack;
before(async () => { s = await startStack('camp_e2e', { replyProfile: { none: 1, yes: 0, help: 0, stop: 0, free: 0 } }); });
after(async () => { await s?.close(); });


test('campaign end to end: ingest, profiles, outreach, escalation, stats, exports, pause, stop', async () => {
  const created = await s.call('POST', '/campaigns', {
    name: 'Spring fans', brand: 'Acme',
    tracking: { keywords: ['acme'], languages: ['en'] },
    qualification: { minFollowers: 100, minPositivity: 0.5, cooldownMs: 3_600_000 },
    conversation: { firstContact: 'auto', consentBasis: 'test: synthetic audience' },
    templates: { greeting: ['Hi {name}, A from {brand}. Reply YES, HELP or STOP.', 'Hello {name}, B from {brand}. Reply YES, HELP or STOP.'] },
    replyTimeoutMs: 120_000, maxReminders: 0,
  });
  assert.equal(created.status, 201, created.text);
  const id: string = created.body.id;
  assert.equal(created.body.status, 'draft');

  const started = await s.call('POST', `/campaigns/${id}/start`);
  assert.equal(started.status, 200, started.text);
  assert.equal(started.body.status, 'running');
  assert.equal((await s.call('POST', `/campaigns/${id}/start`)).status, 409);

  const rules = await waitFor('rules at X', async () => {
    const r = ((await s.emuCall('GET', '/rules')).rules as { value: string; tag: string }[]).filter((x) => x.tag !== MENTIONS_RULE_TAG);
    return r.length ? r : undefined;
  });
  assert.deepEqual(rules.map((r) => r.value), ['acme lang:en -is:retweet']);
  assert.deepEqual(rules.map((r) => r.tag), ['chirpflow'], 'a shared rule names no campaign');
  await waitFor('stream connected', async () => (await s.emuCall('GET', '/stats')).streamConnections === 1);

  const [fan, small, grumpy, retweeter] = [freshUserId(), freshUserId(), freshUserId(), freshUserId()];
  const inject = (text: string, a: ReturnType<typeof author>, extra: Record<string, unknown> = {}) => s.emuCall('POST', '/tweets', { text, author: a, lang: 'en', ...extra });
  const t1 = await inject('I love Acme, it is amazing! Best thing I bought this year', author(fan, 5000));
  await inject('Acme is great, really happy with it', author(fan, 5000));
  await inject('I love Acme so much, wonderful', author(small, 10));
  await inject('Acme is terrible, worst service ever, I hate it', author(grumpy, 5000));
  await inject('RT love acme', author(retweeter, 5000), { referencedTweets: [{ type: 'retweeted', id: t1.id }] });
  await inject('nothing to see here', author(retweeter, 5000));

  const tweets = s.db.collection(COLLECTIONS.tweets);
  await waitFor('4 tweets stored', async () => (await tweets.countDocuments({ campaigns: id })) === 4);
  const stored = await tweets.find({ campaigns: id }).toArray();
  for (const t of stored) {
    assert.ok(t.sentimentVersion && t.emotionVersion, 'model versions stored');
    assert.ok(t.sentiment.score >= 0 && t.sentiment.score <= 1);
  }
  assert.equal(await tweets.countDocuments({ authorId: retweeter }), 0, 'retweets and off-topic tweets are not ingested');

  // Profiles are written a moment after their tweets (ingest batches their writes): wait for them.
  const profileOf = (who: string, tweets: number) => waitFor(`profile of ${who} with ${tweets} tweets`, async () => {
    const r = await s.call('GET', `/profiles/${who}`);
    return r.status === 200 && r.body.tweetsSeen === tweets ? r.body : undefined;
  });
  const profile = await profileOf(fan, 2);
  assert.equal(profile.followers, 5000);
  assert.equal(profile.tweetsSeen, 2);
  assert.equal(profile.campaigns[id].tweets, 2);
  assert.equal(profile.scoredTweets, 2);
  assert.ok(profile.polarity > -1 && profile.polarity <= 1);

  // The fan qualifies (if the model reads their tweets as positive, which it should); the others do not.
  const fanScore = Math.max(...stored.filter((t) => t.authorId === fan).map((t) => t.sentiment.score));
  assert.ok(fanScore >= 0.5, `model read the fan's tweets as positive (${fanScore})`);
  const conversations = s.db.collection(COLLECTIONS.conversations);
  const convo = await waitFor('conversation with the fan', async () => conversations.findOne({ campaignId: id, xUserId: fan }));
  assert.ok(convo);
  // The conversation records which campaign settings it started on (version 1: never updated yet).
  const described = await s.client.workflow.getHandle(outreachWorkflowId(fan)).describe();
  assert.equal(described.memo?.settingsVersion, 1);
  const smallP = await profileOf(small, 1);
  assert.ok(smallP.campaigns[id].lastReasons.includes('followers'));
  const grumpyScore = stored.find((t) => t.authorId === grumpy)!.sentiment.score;
  if (grumpyScore < 0.5) assert.ok((await profileOf(grumpy, 1)).campaigns[id].lastReasons.includes('positivity'));

  const dm = await waitFor('greeting DM sent', async () => {
    const d = await s.emuCall('GET', '/dms');
    return (d.sent as { recipient_id: string; text: string }[]).find((m) => m.recipient_id === fan);
  });
  assert.match(dm.text, /^(Hi|Hello) Person .*Acme/);

  // The DM poller routes the person's YES to their conversation, which escalates.
  await s.client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, { workflowId: `dm-poller-${s.taskQueue}`, taskQueue: s.taskQueue, args: [{ taskQueue: s.taskQueue, intervalMs: 300 }] });
  await s.emuCall('POST', '/dms', { from: fan, text: 'YES' });
  await waitFor('escalation', async () => s.db.collection(COLLECTIONS.escalations).findOne({ campaignId: id, xUserId: fan }), 40_000);

  const stats = (await waitFor('stats with the reply', async () => {
    const r = await s.call('GET', `/campaigns/${id}/stats`);
    return r.body.replies >= 1 ? r : undefined;
  })).body;
  assert.equal(stats.tweets, 4);
  assert.equal(stats.qualified, grumpyScore >= 0.5 ? 2 : 1);
  assert.equal(stats.contacted, 1);
  assert.equal(stats.yes, 1);
  assert.equal(stats.escalations, 1);
  const variant = Object.keys(stats.byVariant)[0]!;
  assert.match(variant, /^greeting#[01]$/);
  assert.equal(stats.byVariant[variant].yes, 1);

  // Exports, streamed.
  const csv = await fetch(`${s.api}/campaigns/${id}/prospects/export?format=csv`, { headers: { 'x-api-key': s.key } });
  assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines.length, 1 + 3);
  assert.match(lines[0]!, /^xUserId,username,/);
  const json = await (await fetch(`${s.api}/campaigns/${id}/conversations/export?format=json`, { headers: { 'x-api-key': s.key } })).json() as { xUserId: string }[];
  assert.deepEqual(json.map((c) => c.xUserId), [fan]);
  const all = await (await fetch(`${s.api}/profiles/export?format=json`, { headers: { 'x-api-key': s.key } })).json() as unknown[];
  assert.equal(all.length, 3);

  // Paused: the campaign stops listening (its rule is released at X), nobody new is contacted;
  // resume backfills the gap.
  assert.equal((await s.call('POST', `/campaigns/${id}/pause`)).body.status, 'paused');
  await waitFor('rule released', async () => ((await s.emuCall('GET', '/rules')).rules as { tag: string }[]).filter((x) => x.tag !== MENTIONS_RULE_TAG).length === 0);
  const late = freshUserId();
  await inject('Acme is wonderful, I love it, amazing', author(late, 9000));
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await tweets.countDocuments({ authorId: late }), 0);
  assert.equal(await conversations.countDocuments({ xUserId: late }), 0);
  assert.equal((await s.call('POST', `/campaigns/${id}/resume`)).body.status, 'running');
  await waitFor('the paused gap backfilled', async () => (await tweets.countDocuments({ authorId: late, campaigns: id })) === 1, 40_000);

  // Update applies to new conversations; stop removes the rules at X.
  const upd = await s.call('PATCH', `/campaigns/${id}`, { maxReminders: 2 });
  assert.equal(upd.body.maxReminders, 2);
  assert.equal(upd.body.settingsVersion, 2);
  assert.equal((await s.call('POST', `/campaigns/${id}/stop`)).body.status, 'stopping');
  await waitFor('stopped', async () => (await s.call('GET', `/campaigns/${id}`)).body.status === 'stopped');
  const left = ((await s.emuCall('GET', '/rules')).rules as { tag: string }[]).filter((x) => x.tag !== MENTIONS_RULE_TAG);
  assert.equal(left.length, 0, 'only the brand-mentions rule stays');
});
