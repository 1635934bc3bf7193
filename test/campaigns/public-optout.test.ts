// Opt-outs said in public, on the real stack: a tweet that asks the brand not to DM its author must
// not start a conversation, one tweeted during a conversation ends it before its reminder, and one
// said to the brand's handle is heard without a campaign keyword. The person is never sent a DM
// after the tweet, not even a confirmation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { author, freshUserId, startStack, waitFor, type Stack } from './harness';
import { COLLECTIONS } from '../../src/store';

let s: Stack;
before(async () => { s = await startStack('camp_public_optout', { replyProfile: { none: 1, yes: 0, help: 0, stop: 0, free: 0 } }); });
after(async () => { await s?.close(); });

const dmsTo = async (who: string) => ((await s.emuCall('GET', '/dms')).sent as { recipient_id: string; text: string }[]).filter((m) => m.recipient_id === who);

test('a public "stop DMing me" suppresses its author: no first contact, a running conversation sends no reminder, a mention without the keyword counts', async () => {
  const created = await s.call('POST', '/campaigns', {
    name: 'Everyone', brand: 'Acme',
    tracking: { keywords: ['coffee'], languages: ['en'] },
    // Every author qualifies, whatever the model reads: only the opt-out may hold anyone back.
    qualification: { minFollowers: 0, minPositivity: 0, cooldownMs: 0 },
    conversation: { firstContact: 'auto', consentBasis: 'test: synthetic audience' },
    replyTimeoutMs: 6_000, maxReminders: 1,
  });
  assert.equal(created.status, 201, created.text);
  const id: string = created.body.id;
  assert.equal((await s.call('POST', `/campaigns/${id}/start`)).status, 200);
  await waitFor('stream connected', async () => (await s.emuCall('GET', '/stats')).streamConnections === 1);
  const inject = (text: string, who: string) => s.emuCall('POST', '/tweets', { text, author: author(who), lang: 'en' });
  const [refuser, talker, fan] = [freshUserId(), freshUserId(), freshUserId()];
  const conversations = s.db.collection(COLLECTIONS.conversations);
  const suppressions = s.db.collection(COLLECTIONS.suppressions);

  // 1. The tweet that refuses contact is the one that would have brought them in.
  const refusal = await inject('I like Acme coffee but please stop sliding into my DMs with promos', refuser);
  // 2. Someone already in a conversation says it in public instead of replying.
  await inject('Acme coffee is great, really happy with it', talker);
  await waitFor('greeting to the talker', async () => (await dmsTo(talker)).length === 1 || undefined);
  const said = await inject('@Acme coffee people: I never asked for your messages. Do not DM me again.', talker);
  // 3. Said to the brand's handle without the campaign's keyword: the brand-mentions rule brings it.
  const brand = (await s.emuCall('GET', '/stats')).brand as { id: string; username: string };
  await waitFor('the brand-mentions rule at X', async () => ((await s.emuCall('GET', '/rules')).rules as { value: string }[]).some((r) => r.value === `@${brand.username} -is:retweet`) || undefined);
  const mentioner = freshUserId();
  const mention = await inject(`@${brand.username} whoever runs your account: never message me again`, mentioner);
  // 4. The control: "stop" and "DM" in a tweet that wants contact.
  await inject("Can't stop drinking Acme cold brew coffee, DM me the deal!", fan);

  const refused = await waitFor('the refuser suppressed', async () => suppressions.findOne({ _id: refuser as never }));
  assert.equal(refused?.source, 'public-tweet');
  assert.equal(refused?.tweetId, refusal.id);
  const talkerSuppressed = await waitFor('the talker suppressed', async () => suppressions.findOne({ _id: talker as never }));
  assert.equal(talkerSuppressed?.tweetId, said.id);
  const mentioned = await waitFor('the mentioner suppressed', async () => suppressions.findOne({ _id: mentioner as never }));
  assert.equal(mentioned?.tweetId, mention.id);
  assert.equal(await s.db.collection(COLLECTIONS.tweets).countDocuments({ _id: mention.id }), 0, 'a tweet that matched no campaign is read, not stored');
  await waitFor('the fan contacted', async () => (await dmsTo(fan)).length === 1 || undefined);
  assert.equal(await suppressions.countDocuments({ _id: fan as never }), 0, 'wanting a DM is not an opt-out');

  // The talker's conversation ends at its reminder, sending nothing.
  const ended = await waitFor('the talker\'s conversation ended', async () => {
    const c = await conversations.findOne({ campaignId: id, xUserId: talker });
    return c?.stage === 'suppressed' ? c : undefined;
  }, 40_000);
  assert.equal(ended.stage, 'suppressed');
  assert.equal((await dmsTo(talker)).length, 1, 'only the greeting, sent before the tweet');
  assert.equal((await dmsTo(refuser)).length, 0);
  assert.equal(await conversations.countDocuments({ xUserId: refuser }), 0, 'no conversation was started for the refuser');
  const profile = await waitFor('the refuser\'s verdict', async () => {
    const r = await s.call('GET', `/profiles/${refuser}`);
    return r.status === 200 && r.body.campaigns?.[id]?.lastReasons ? r.body : undefined;
  });
  assert.deepEqual(profile.campaigns[id].lastReasons, ['suppressed']);
  const audit = await s.db.collection(COLLECTIONS.audit).find({ action: 'tweet.opt-out' }).toArray();
  assert.deepEqual(audit.map((a) => a.who).sort(), [`x:${refuser}`, `x:${talker}`, `x:${mentioner}`].sort());
});
