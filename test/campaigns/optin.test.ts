// The opt-in policy on the real stack (Temporal dev server, FerretDB, the emulator, the product's
// worker activities): a qualifying person gets one public opt-in prompt and no DM; replying with
// the keyword brings the greeting once; replying "no" brings nothing; a keyword DM from someone
// the campaign never prompted starts a conversation too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { author, freshUserId, makeX, startStack, waitFor, type Stack } from './harness';
import { COLLECTIONS } from '../../src/store';
import { startEmulator } from '../../src/emulator';
import { DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';

let s: Stack;
before(async () => { s = await startStack('camp_optin', { replyProfile: { none: 1, yes: 0, help: 0, stop: 0, free: 0 } }); });
after(async () => { await s?.close(); });

interface Posted { id: string; text: string; author_id: string; referenced_tweets?: { type: string; id: string }[] }
interface Dm { recipient_id: string; text: string }
const sentTo = async (who: string) => ((await s.emuCall('GET', '/dms')) as { sent: Dm[] }).sent.filter((m) => m.recipient_id === who);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let campaign: Promise<{ id: string; brand: { id: string; username: string } }> | undefined;
/** One opt-in campaign (keyword JOIN) for the tests below, with the DM poller running. */
const optInCampaign = () => (campaign ??= (async () => {
  const created = await s.call('POST', '/campaigns', {
    name: 'Opt-in fans', brand: 'Acme',
    tracking: { keywords: ['acme'], languages: ['en'] },
    qualification: { minFollowers: 100, minPositivity: 0.5, cooldownMs: 3_600_000 },
    conversation: { firstContact: 'opt-in', optInKeyword: 'JOIN' },
    templates: {
      greeting: 'Hi {name}, welcome to the {brand} club! Reply YES, HELP or STOP.',
      optInPrompt: 'Hi {name}! {brand} here. Want to hear from us by DM? Reply {keyword} to opt in; otherwise we will not message you.',
    },
    replyTimeoutMs: 120_000, maxReminders: 0,
  });
  assert.equal(created.status, 201, created.text);
  const id: string = created.body.id;
  assert.equal((await s.call('POST', `/campaigns/${id}/start`)).status, 200);
  await waitFor('stream connected', async () => (await s.emuCall('GET', '/stats')).streamConnections === 1);
  await s.client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, { workflowId: `dm-poller-${s.taskQueue}`, taskQueue: s.taskQueue, args: [{ taskQueue: s.taskQueue, intervalMs: 300 }] });
  return { id, brand: (await s.emuCall('GET', '/stats')).brand as { id: string; username: string } };
})());

// The waits are for a loaded machine (CI beside other jobs); what is asserted is the record.
test('opt-in: public prompt once, keyword reply → one greeting, "no" → nothing, STOP → suppressed', async () => {
  const { id, brand } = await optInCampaign();
  const [yes, no, stopper] = [freshUserId(), freshUserId(), freshUserId()];
  const inject = (text: string, who: string, followers: number, extra: Record<string, unknown> = {}) =>
    s.emuCall('POST', '/tweets', { text, author: author(who, followers), lang: 'en', ...extra });
  const love = 'I love Acme, it is amazing! Best thing I bought this year';
  const tYes = await inject(love, yes, 5000);
  const tNo = await inject(love, no, 5000);
  const tStop = await inject(love, stopper, 5000);

  // --- the prompt: public replies to the tweets that brought them in, and no DM -------------------
  const posted = async () => (await s.emuCall('GET', '/posted')).posted as Posted[];
  const promptTo = (tweetId: string) => async () => (await posted()).find((p) => p.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === tweetId));
  const pYes = await waitFor('opt-in prompt to the first person', promptTo(tYes.id), 120_000);
  const pNo = await waitFor('opt-in prompt to the second person', promptTo(tNo.id), 90_000);
  const pStop = await waitFor('opt-in prompt to the third person', promptTo(tStop.id), 90_000);
  assert.equal(pYes.author_id, brand.id);
  assert.match(pYes.text, /^Hi Person \d{4}! Acme here\. .*Reply JOIN to opt in/);
  const dms = async () => (await s.emuCall('GET', '/dms')) as { sent: Dm[]; duplicates: Dm[] };
  assert.equal((await sentTo(yes)).length + (await sentTo(no)).length, 0, 'nothing is DMed before an opt-in');

  // The same person tweeting again is not prompted again.
  await inject('Acme is great, really happy with it, love it', yes, 5000);
  // The brand's own prompts (they say "Acme") never become campaign prospects.
  await sleep(1500);
  assert.equal(await s.db.collection(COLLECTIONS.profiles).countDocuments({ _id: brand.id as never }), 0, 'the brand is not a prospect');

  // --- a keyword reply opts in: the greeting, once --------------------------------------------------
  const reply = (who: string, text: string, to: string) => inject(text, who, 5000, { referencedTweets: [{ type: 'replied_to', id: to }] });
  await reply(yes, `@${brand.username} JOIN`, pYes.id);
  const greeting = await waitFor('greeting after the keyword reply', async () => (await sentTo(yes))[0], 120_000);
  assert.match(greeting.text, /^Hi Person \d{4}, welcome to the Acme club!/);
  await reply(yes, `@${brand.username} join! 🙌`, pYes.id); // a second keyword reply changes nothing

  // --- "no" never opts in ----------------------------------------------------------------------------
  await reply(no, `@${brand.username} no thanks`, pNo.id);
  const ledger = s.db.collection<{ _id: string; lastReply?: { outcome: string } }>(COLLECTIONS.optIn);
  await waitFor('the "no" is recorded', async () => (await ledger.findOne({ _id: `prompt:${id}:${no}` }))?.lastReply?.outcome === 'declined', 90_000);
  // A public STOP under the prompt is an opt-out from every campaign (and gets no DM either).
  await reply(stopper, `@${brand.username} STOP`, pStop.id);
  await waitFor('the STOP suppresses', async () => s.db.collection(COLLECTIONS.suppressions).findOne({ _id: stopper as never }), 90_000);

  // --- settle, then count -------------------------------------------------------------------------------
  await sleep(4000);
  assert.equal((await sentTo(yes)).length, 1, 'one greeting to the keyword replier');
  assert.equal((await sentTo(no)).length, 0, 'no DM ever to the person who said no');
  assert.equal((await sentTo(stopper)).length, 0, 'no DM to the person who said STOP');
  assert.equal((await dms()).duplicates.length, 0);
  const all = await posted();
  assert.equal(all.filter((p) => [tYes.id, tNo.id, tStop.id].includes(p.referenced_tweets?.[0]?.id ?? '')).length, 3, `one prompt per person: ${JSON.stringify(all.map((p) => p.text))}`);
  const convo = (who: string) => s.db.collection(COLLECTIONS.conversations).findOne({ _id: `${id}-${who}` as never });
  assert.equal((await convo(no))?.stage, 'awaiting-opt-in');
  assert.equal((await convo(yes))?.stage, 'awaiting-reply');
});

test('opt-in: a keyword DM from someone the campaign never prompted brings the greeting, and no public prompt', async () => {
  const { id } = await optInCampaign();
  const dmer = freshUserId();
  const inject = (text: string, who: string, followers: number) => s.emuCall('POST', '/tweets', { text, author: author(who, followers), lang: 'en' });
  // --- a keyword DM from someone never prompted starts a conversation -------------------------------
  await inject('hello world', dmer, 20); // makes the person known to the emulator; matches no rule
  await s.emuCall('POST', '/dms', { from: dmer, text: 'JOIN' });
  const dmGreeting = await waitFor('greeting after the keyword DM', async () => (await sentTo(dmer))[0], 40_000);
  assert.match(dmGreeting.text, /welcome to the Acme club/);

  await sleep(3000);
  assert.equal((await sentTo(dmer)).length, 1, 'one greeting to the keyword DMer');
  assert.equal((await s.db.collection(COLLECTIONS.conversations).findOne({ _id: `${id}-${dmer}` as never }))?.stage, 'awaiting-reply');
  const posted = (await s.emuCall('GET', '/posted')).posted as Posted[];
  assert.equal(posted.filter((p) => p.text.includes(`Person ${dmer.slice(-4)}`)).length, 0, 'a person who opted in by DM gets no public prompt');
});

test('opt-in with the emulator\'s simulated people (as in the demo): a Spanish fan answers the YES prompt with "Sí" and is greeted', async () => {
  await optInCampaign(); // the DM poller runs
  await s.emuCall('PUT', '/reply-profile', { yes: 1, help: 0, stop: 0, free: 0, none: 0, minDelayMs: 200, maxDelayMs: 600 });
  const created = await s.call('POST', '/campaigns', {
    name: 'Opt-in abroad', brand: 'Acme', tracking: { keywords: ['acme'], languages: ['es'] },
    qualification: { minFollowers: 100, minPositivity: 0, cooldownMs: 3_600_000 },
    conversation: { firstContact: 'opt-in' },
    templates: { greeting: 'Hola {name}, gracias por unirte a {brand}. YES, HELP o STOP.' },
    replyTimeoutMs: 120_000, maxReminders: 0,
  });
  assert.equal(created.status, 201, created.text);
  assert.equal((await s.call('POST', `/campaigns/${created.body.id}/start`)).status, 200);
  await sleep(500); // the new rule reaches X
  const fan = freshUserId();
  const t = await s.emuCall('POST', '/tweets', { text: 'Me encanta Acme, ¡gran servicio!', author: author(fan, 5000), lang: 'es' });
  const prompt = await waitFor('the YES prompt', async () => ((await s.emuCall('GET', '/posted')).posted as Posted[]).find((p) => p.referenced_tweets?.[0]?.id === t.id), 60_000);
  assert.match(prompt.text, /Reply YES to opt in/);
  const answer = await waitFor('the simulated answer', async () => ((await s.emuCall('GET', '/state')).tweets as Posted[]).find((x) => x.author_id === fan && x.referenced_tweets?.[0]?.id === prompt.id), 20_000);
  assert.match(answer.text, /^@\w+ s[íi]/i, 'answered in Spanish');
  const greeting = await waitFor('greeting after "Sí"', async () => (await sentTo(fan))[0], 40_000);
  assert.match(greeting.text, /^Hola Person/);
  await sleep(2000);
  // Their simulated DM answer (YES) escalates, so the notice may follow: the greeting went once.
  assert.equal((await sentTo(fan)).filter((m) => m.text.startsWith('Hola')).length, 1);
});

test('emulator: simulated people answer the brand\'s public prompt with the keyword, "no", or not at all', async () => {
  const emu = await startEmulator({ port: 0, seed: 11, rate: 0, replyProfile: { minDelayMs: 0, maxDelayMs: 50, yes: 1, help: 0, stop: 1, free: 0, none: 1 } });
  try {
    const x = makeX(emu.url);
    const people = emu.core.world.userIds.slice(1, 31);
    const answered = new Map<string, string>();
    for (const who of people) {
      const t = emu.core.inject({ text: 'acme rocks', authorId: who, lang: who.endsWith('7') ? 'es' : 'en' }).tweet;
      const post = await x.postTweet(`Hi ${who}, Acme here. Reply JOIN to opt in.`, { inReplyTo: t.id });
      answered.set(post.id, who);
    }
    await assert.rejects(x.postTweet(`Hi ${people[0]}, Acme here. Reply JOIN to opt in.`), /duplicate/i, 'X refuses the same text twice');
    await sleep(300);
    const replies = emu.core.world.tweets.filter((t) => t.referenced_tweets?.some((r) => answered.has(r.id)));
    const words = replies.map((t) => t.text.replace(/^@\w+ /, '').toLowerCase());
    assert.ok(words.some((w) => w.startsWith('join')), `some answer with the keyword: ${words.join(' | ')}`);
    assert.ok(words.some((w) => w.startsWith('no')), 'some answer no');
    assert.ok(replies.length < people.length, 'some do not answer');
    for (const r of replies) assert.equal(answered.get(r.referenced_tweets![0]!.id), r.author_id, 'each answers their own prompt');
  } finally {
    await emu.close();
  }
});
