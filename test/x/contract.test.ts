// Contract tests: the product's X client, through twitter-api-v2, against the emulator.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'prom-client';
import {
  campaignTag, createXClient, XAuthError, XBadRequestError, XForbiddenError, XNotFoundError, XRateLimitError,
  type IncomingTweet,
} from '../../src/x';
import type { RunningEmulator } from '../../src/emulator';
import { control, injectTweet, setup, waitFor } from './helpers';
import type { XClient } from '../../src/x';

void describe('rules', () => {
  let emu: RunningEmulator; let x: XClient;
  before(async () => ({ emu, x } = await setup()));
  after(() => emu.close());

  void it('adds, lists and deletes rules tagged with their campaign', async () => {
    const added = await x.addRules([{ value: 'acme -is:retweet', tag: campaignTag('c1') }, { value: '@acme OR #acme', tag: campaignTag('c2') }]);
    assert.equal(added.length, 2);
    assert.ok(added.every((r) => /^\d+$/.test(r.id)));
    assert.deepEqual((await x.listRules()).map((r) => r.tag).sort(), ['campaign:c1', 'campaign:c2']);
    assert.deepEqual(await x.deleteRules([added[0]!.id]), { deleted: 1 });
    assert.deepEqual((await x.listRules()).map((r) => r.value), ['@acme OR #acme']);
  });
  void it('adding an existing rule again returns the existing rule (idempotent)', async () => {
    const [first] = await x.addRules([{ value: 'widget', tag: campaignTag('c3') }]);
    const again = await x.addRules([{ value: 'widget', tag: campaignTag('c3') }]);
    assert.deepEqual(again, [first]);
  });
  void it('an invalid rule is a XBadRequestError and nothing is added', async () => {
    const before = (await x.listRules()).length;
    await assert.rejects(x.addRules([{ value: 'fine', tag: 't' }, { value: '(broken', tag: 't' }]), XBadRequestError);
    assert.equal((await x.listRules()).length, before);
  });
});

void describe('stream, search and lookups', () => {
  let emu: RunningEmulator; let x: XClient;
  before(async () => ({ emu, x } = await setup()));
  after(() => emu.close());

  void it('delivers rule matches with the author expansion and matching rules', async () => {
    const [rule] = await x.addRules([{ value: 'acme', tag: campaignTag('s1') }]);
    const got: IncomingTweet[] = [];
    const ac = new AbortController();
    let connected = false;
    const done = x.stream({ signal: ac.signal, onTweet: (t) => void got.push(t), onEvent: (e) => { if (e.type === 'connected') connected = true; } });
    await waitFor(() => connected, 3000, 'connection');
    injectTweet(emu, 'nothing to see here');
    const { tweet } = injectTweet(emu, 'I love Acme #happy @friend https://example.com', '9000000002');
    await waitFor(() => got.length >= 1, 3000, 'a streamed tweet');
    ac.abort();
    await done;
    assert.equal(got.length, 1);
    const t = got[0]!;
    assert.equal(t.id, tweet.id);
    assert.equal(t.authorId, '9000000002');
    assert.equal(t.author?.location, 'Paris, France');
    assert.equal(t.author?.verified, true);
    assert.equal(t.author?.publicMetrics.followers_count, 1234);
    assert.deepEqual(t.entities, { hashtags: ['happy'], mentions: ['friend'], urls: ['https://example.com'] });
    assert.deepEqual(t.matchingRules, [{ id: rule!.id, tag: 'campaign:s1' }]);
    assert.equal(t.lang, 'en');
    assert.ok(t.createdAt && t.publicMetrics);
    assert.equal(t.via, 'stream');
  });

  void it('generated traffic carries retweet chains deeper than one level', async () => {
    for (let i = 0; i < 3000; i++) emu.core.inject({ text: 'filler', authorId: emu.core.world.userIds[1]! });
    // Drive the generator directly (deterministic, no clock).
    const g = emu.core.generator;
    const made = Array.from({ length: 3000 }, () => g.next());
    for (const t of made) emu.core.world.addTweet(t);
    const byId = new Map(made.map((t) => [t.id, t]));
    const depth = (id: string): number => {
      const t = byId.get(id);
      const ref = t?.referenced_tweets?.find((r) => r.type === 'retweeted');
      return ref ? 1 + depth(ref.id) : 0;
    };
    assert.ok(Math.max(...made.map((t) => depth(t.id))) >= 2, 'some retweet of a retweet');
    assert.ok(made.some((t) => t.referenced_tweets?.[0]?.type === 'quoted'));
    assert.ok(made.some((t) => t.referenced_tweets?.[0]?.type === 'replied_to'));
  });

  void it('recent search pages with since_id and returns authors', async () => {
    const first = injectTweet(emu, 'searchable gizmo one').tweet;
    const ids = [first.id];
    for (let i = 0; i < 24; i++) ids.push(injectTweet(emu, `searchable gizmo ${i}`, String(9100000000 + i)).tweet.id);
    const all: IncomingTweet[] = [];
    for await (const t of x.searchRecent('gizmo', { maxResults: 10 })) all.push(t);
    assert.equal(all.length, 25);
    assert.deepEqual(all.map((t) => t.id), [...ids].reverse(), 'newest first, no gaps across pages');
    assert.ok(all.every((t) => t.author?.id === t.authorId));
    const newer: string[] = [];
    for await (const t of x.searchRecent('gizmo', { sinceId: ids[19] })) newer.push(t.id);
    assert.deepEqual(newer, ids.slice(20).reverse());
  });

  void it('looks users up in batches of at most 100', async () => {
    const ids = emu.core.world.userIds.slice(0, 250);
    const users = await x.lookupUsers([...ids, ids[0]!]);
    assert.equal(users.length, 250);
    assert.deepEqual(new Set(users.map((u) => u.id)), new Set(ids));
    const u = users.find((v) => v.id !== emu.brandUserId)!;
    assert.ok(u.username && typeof u.publicMetrics.followers_count === 'number' && u.createdAt);
  });
});

void describe('direct messages', () => {
  let emu: RunningEmulator; let x: XClient;
  before(async () => ({ emu, x } = await setup({ replyProfile: { yes: 1, help: 0, stop: 0, free: 0, none: 0, minDelayMs: 5, maxDelayMs: 10 } })));
  after(() => emu.close());

  const openUsers = () => emu.core.world.userIds.filter((id) => id !== emu.brandUserId && emu.core.world.users.get(id)!.dmOpen !== false);

  void it('sending returns ids that appear in the emulator DM log, and the person answers', async () => {
    const to = openUsers()[0]!;
    const r = await x.sendDm(to, 'Hi! Want to join our community?');
    assert.match(r.dmEventId, /^\d+$/);
    assert.equal(r.dmConversationId, [emu.brandUserId, to].sort().join('-'));
    const log = await control(emu, 'GET', '/dms');
    assert.equal(log.json.sent.length, 1);
    assert.equal(log.json.sent[0].id, r.dmEventId);
    assert.equal(log.json.sent[0].recipient_id, to);
    await waitFor(async () => (await x.listDmEvents({ maxResults: 10 })).events.some((e) => e.senderId === to), 3000, 'a reply');
    const { events } = await x.listDmEvents({ maxResults: 10 });
    const reply = events.find((e) => e.senderId === to)!;
    assert.match(reply.text, /yes/i);
    assert.equal(reply.dmConversationId, r.dmConversationId);
  });

  void it('lists DM events newest first with pagination, and stops at sinceId', async () => {
    const users = openUsers().slice(1, 6);
    const sent: string[] = [];
    for (const u of users) sent.push((await x.sendDm(u, `hello ${u}`)).dmEventId);
    await waitFor(() => emu.core.dms.events.length >= 2 + 2 * users.length, 3000, 'replies');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await x.listDmEvents({ maxResults: 3, paginationToken: token });
      seen.push(...page.events.map((e) => e.id));
      token = page.nextToken;
      pages++;
    } while (token);
    assert.equal(seen.length, emu.core.dms.events.length);
    assert.ok(pages >= 4);
    assert.deepEqual(seen, [...seen].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)), 'newest first');
    const since = await x.listDmEvents({ sinceId: sent[2], maxResults: 2 });
    assert.ok(since.events.length > 0);
    assert.ok(since.events.every((e) => BigInt(e.id) > BigInt(sent[2]!)));
    assert.equal(since.events.length, seen.filter((id) => BigInt(id) > BigInt(sent[2]!)).length);
  });

  void it('a retried send shows up as a duplicate in the log', async () => {
    const to = openUsers()[8]!;
    await x.sendDm(to, 'same text');
    const second = await x.sendDm(to, 'same text');
    const log = await control(emu, 'GET', '/dms');
    assert.equal(log.json.duplicates.length, 1);
    assert.equal(log.json.duplicates[0].id, second.dmEventId);
  });

  void it('closed DMs are XForbiddenError, unknown users XNotFoundError', async () => {
    const closed = emu.core.world.userIds.find((id) => emu.core.world.users.get(id)!.dmOpen === false)!;
    await assert.rejects(x.sendDm(closed, 'hi'), XForbiddenError);
    await assert.rejects(x.sendDm('4242', 'hi'), XNotFoundError);
  });
});

void describe('rate limits and auth', () => {
  let emu: RunningEmulator; let x: XClient;
  before(async () => ({ emu, x } = await setup({ rateLimits: { 'GET /2/users': { window: 2 } } })));
  after(() => emu.close());

  void it('an injected 429 becomes XRateLimitError with resetAt, and the client then holds off', async () => {
    await control(emu, 'POST', '/faults', { status: 429, count: 1, path: '/2/dm_events', resetInSec: 60 });
    const t0 = Date.now();
    const err = await x.listDmEvents().catch((e: unknown) => e);
    assert.ok(err instanceof XRateLimitError);
    assert.ok(err.resetAt.getTime() >= t0 + 55_000 && err.resetAt.getTime() <= t0 + 62_000, `resetAt ${err.resetAt.toISOString()}`);
    // The fault is used up, so a request that reached the emulator would succeed: rejecting proves
    // the client did not send it.
    await assert.rejects(x.listDmEvents(), XRateLimitError);
  });

  void it('exhausting a real window (limit 2) gives 429 with X headers', async () => {
    await x.lookupUsers([emu.brandUserId]);
    await x.lookupUsers([emu.brandUserId]);
    const err = await x.lookupUsers([emu.brandUserId]).catch((e: unknown) => e);
    assert.ok(err instanceof XRateLimitError);
    assert.ok(err.resetAt.getTime() > Date.now() + 14 * 60_000);
    const budget = x.rateLimits()['GET /2/users']?.window;
    assert.equal(budget?.limit, 2);
    assert.equal(budget?.remaining, 0);
  });

  void it('waits out a short reset when allowed to', async () => {
    const patient = createXClient({ baseUrl: emu.url, bearerToken: 'b', rateLimitMaxWaitMs: 5000 });
    await control(emu, 'POST', '/faults', { status: 429, count: 1, path: '/2/tweets/search/stream/rules', resetInSec: 1 });
    assert.deepEqual(await patient.listRules(), []);
  });

  void it('remaining budgets are exported as prom-client gauges', async () => {
    await x.listRules();
    const text = await register.metrics();
    assert.match(text, /chirpflow_x_rate_limit_remaining\{endpoint="GET \/2\/tweets\/search\/stream\/rules",window="15m"\} \d+/);
    assert.match(text, /chirpflow_x_rate_limit_reset_seconds\{/);
  });

  void it('DM sends report the 24-hour user and app budgets', async () => {
    const to = emu.core.world.userIds.find((id) => id !== emu.brandUserId && emu.core.world.users.get(id)!.dmOpen !== false)!;
    await x.sendDm(to, 'budget check');
    const b = x.rateLimits()['POST /2/dm_conversations/with/:id/messages'];
    assert.equal(b?.window?.limit, 200);
    assert.equal(b?.userDay?.limit, 1000);
    assert.equal(b?.appDay?.limit, 15000);
    assert.match(await register.metrics(), /chirpflow_x_rate_limit_remaining\{endpoint="POST \/2\/dm_conversations\/with\/:id\/messages",window="24h_user"\} 999/);
  });

  void it('requests without credentials get 401 in X shape → XAuthError', async () => {
    const res = await fetch(emu.url + '/2/users?ids=1');
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status: 401 });
    const noCreds = createXClient({ baseUrl: emu.url });
    await assert.rejects(noCreds.listRules(), XBadRequestError);
    await control(emu, 'POST', '/faults', { status: 401, count: 1, path: '/2/tweets/search/stream/rules' });
    await assert.rejects(x.listRules(), XAuthError);
    await control(emu, 'POST', '/faults', { status: 401, count: 1, path: '/2/tweets/search/stream' });
    await assert.rejects(x.stream({ onTweet: () => undefined }), XAuthError, 'the stream gives up on auth errors instead of retrying');
  });
});
