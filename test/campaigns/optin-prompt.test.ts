// The opt-in prompt's activity body against the emulator and the test MongoDB: at most one public
// post per person and campaign, whatever retries, crashes and rate limits happen around it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { logger } from '../../src/log';
import { COLLECTIONS } from '../../src/store';
import { addSuppression } from '../../src/store/conversations';
import { XRateLimitError, type XClient } from '../../src/x';
import { postOptInPrompt, renderOptInPrompt, OPT_IN_RULE_TAG } from '../../src/campaigns/optin';
import type { PromptRequest } from '../../src/workflows/outreach/contract';
import { testDb } from '../helpers/stack';
import { makeX } from './harness';
import { settings as outreachSettings } from '../outreach/harness';

let emu: RunningEmulator;
let store: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let x: XClient;
before(async () => {
  emu = await startEmulator({ port: 0, seed: 5, rate: 0, replyProfile: { none: 1, yes: 0, help: 0, stop: 0, free: 0 } });
  store = await testDb('optin_prompt');
  db = store.db;
  x = makeX(emu.url);
});
after(async () => { await emu?.close(); await store?.close(); });

const deps = (client = x) => ({ db, x: client, log: logger.child({ test: 'optin-prompt' }), brandUserId: emu.brandUserId, now: Date.now });
let n = 0;
function request(): PromptRequest {
  const who = emu.core.world.userIds[1 + n++]!;
  const tweet = emu.core.inject({ text: 'I love acme', authorId: who }).tweet;
  return {
    conversationId: `c1-${who}`, campaignId: 'c1', person: { xUserId: who, username: `u${who}`, name: `Ada ${n}` },
    tweet: { id: tweet.id, text: tweet.text }, settings: outreachSettings({ policy: 'opt-in', consentBasis: undefined, optInKeyword: 'JOIN' }),
  };
}
const postsTo = (tweetId: string) => emu.core.posted.filter((t) => t.referenced_tweets?.some((r) => r.id === tweetId));
const notSuppressed = async () => false;

test('posted once as a public reply, with the reply rule in place; a second call posts nothing', async () => {
  const req = request();
  const first = await postOptInPrompt(deps(), req, notSuppressed);
  assert.equal(first.status, 'posted');
  const again = await postOptInPrompt(deps(), req, notSuppressed);
  assert.deepEqual(again, first);
  assert.equal(postsTo(req.tweet.id).length, 1);
  assert.match(postsTo(req.tweet.id)[0]!.text, /Reply JOIN to opt in/);
  assert.deepEqual(emu.core.rules.filter((r) => r.tag === OPT_IN_RULE_TAG).map((r) => r.value), ['to:Acme is:reply']);
  const post = await db.collection(COLLECTIONS.optIn).findOne({ _id: `post:${(first as { postId: string }).postId}` as never });
  assert.equal(post?.xUserId, req.person.xUserId);
});

test('a crash after the post reached X: the retry finds it and does not post again', async () => {
  const req = request();
  const text = renderOptInPrompt(req.settings, req.person);
  await db.collection(COLLECTIONS.optIn).insertOne({
    _id: `prompt:c1:${req.person.xUserId}` as never, kind: 'prompt', campaignId: 'c1', xUserId: req.person.xUserId, conversationId: req.conversationId,
    person: req.person, tweet: req.tweet, text, state: 'posting', startedAt: new Date(),
  });
  const posted = await x.postTweet(text, { inReplyTo: req.tweet.id });
  const r = await postOptInPrompt(deps(), req, notSuppressed);
  assert.deepEqual(r, { status: 'posted', postId: posted.id, recovered: true });
  assert.equal(postsTo(req.tweet.id).length, 1);
});

test('a crash whose post cannot be found at X is never posted again (unknown)', async () => {
  const req = request();
  await db.collection(COLLECTIONS.optIn).insertOne({
    _id: `prompt:c1:${req.person.xUserId}` as never, kind: 'prompt', campaignId: 'c1', xUserId: req.person.xUserId, conversationId: req.conversationId,
    person: req.person, tweet: req.tweet, text: renderOptInPrompt(req.settings, req.person), state: 'posting', startedAt: new Date(),
  });
  assert.equal((await postOptInPrompt(deps(), req, notSuppressed)).status, 'unknown');
  assert.equal((await postOptInPrompt(deps(), req, notSuppressed)).status, 'unknown');
  assert.equal(postsTo(req.tweet.id).length, 0);
});

test('a rate limit posts nothing and leaves no ledger entry behind, so the retry posts once', async () => {
  const req = request();
  emu.core.faults.push({ status: 429, count: 1, path: '/2/tweets', resetInSec: 600 });
  const limited = makeX(emu.url); // its tracker will hold the 10-minute reset; the retry uses a fresh client
  await assert.rejects(postOptInPrompt(deps(limited), req, notSuppressed), XRateLimitError);
  assert.equal(await db.collection(COLLECTIONS.optIn).countDocuments({ _id: `prompt:c1:${req.person.xUserId}` as never }), 0);
  assert.equal((await postOptInPrompt(deps(), req, notSuppressed)).status, 'posted');
  assert.equal(postsTo(req.tweet.id).length, 1);
});

test('nothing is posted to a suppressed person, to a conversation past the wait, or without a tweet', async () => {
  const req = request();
  await addSuppression(db, { _id: req.person.xUserId, reason: 'test', source: 'test' });
  assert.equal((await postOptInPrompt(deps(), req, async () => true)).status, 'skipped');
  const moved = request();
  await db.collection(COLLECTIONS.conversations).insertOne({ _id: moved.conversationId as never, stage: 'awaiting-reply' });
  assert.deepEqual(await postOptInPrompt(deps(), moved, notSuppressed), { status: 'skipped', reason: 'conversation is awaiting-reply' });
  assert.equal((await postOptInPrompt(deps(), { ...request(), tweet: { id: 'dm:1', text: 'JOIN' } }, notSuppressed)).status, 'skipped');
  assert.equal(postsTo(req.tweet.id).length + postsTo(moved.tweet.id).length, 0);
});

test('X refusing for good (the tweet is gone) is recorded and not retried', async () => {
  const req = { ...request(), tweet: { id: '1999999999999999999', text: 'deleted' } };
  const r = await postOptInPrompt(deps(), req, notSuppressed);
  assert.equal(r.status, 'failed');
  assert.equal((await postOptInPrompt(deps(), req, notSuppressed)).status, 'failed');
});
