// The emulator on its own: control API validation, determinism, state round-trips, corpus replay,
// simulated people and X-shaped errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, behaviourOf, DEFAULT_REPLY_PROFILE, type RunningEmulator } from '../../src/emulator';
import { control, waitFor } from './helpers';

const auth = { authorization: 'Bearer t' };

void describe('control API validation', () => {
  let emu: RunningEmulator;
  before(async () => (emu = await startEmulator({ port: 0, users: 50 })));
  after(() => emu.close());

  const cases: [string, string, unknown, RegExp][] = [
    ['POST', '/tweets', {}, /text/],
    ['POST', '/tweets', { text: 'hi', lang: 'english' }, /lang/],
    ['POST', '/tweets', { text: 'hi', author: { id: 'abc' } }, /author\.id/],
    ['POST', '/tweets', { text: 'hi', authorId: '123456' }, /unknown user/],
    ['POST', '/tweets', { text: 'hi', extra: 1 }, /body|extra/i],
    ['POST', '/tweets', '{not json', /JSON/],
    ['POST', '/dms', { from: '1', text: '' }, /text/],
    ['POST', '/dms', { from: '77777', text: 'hey' }, /unknown user/],
    ['POST', '/faults', { count: 2 }, /status/],
    ['POST', '/faults', { status: 404 }, /status/],
    ['POST', '/stream', { action: 'explode' }, /action/],
    ['PUT', '/rate', { rate: -1 }, /rate/],
    ['PUT', '/state', { version: 2 }, /version/],
    ['PUT', '/reply-profile', { yes: 'many' }, /yes/],
  ];
  for (const [method, path, body, reason] of cases) {
    void it(`${method} ${path} ${JSON.stringify(body).slice(0, 40)} → 400 naming the problem`, async () => {
      const r = await control(emu, method, path, body);
      assert.equal(r.status, 400);
      assert.match(r.json.detail, reason);
    });
  }

  void it('valid input is accepted', async () => {
    const r = await control(emu, 'POST', '/tweets', { text: 'hello @Acme', author: { id: '555', username: 'fivefive' } });
    assert.equal(r.status, 201);
    assert.deepEqual(r.json.tweet.entities.mentions.map((m: { id?: string }) => m.id), [emu.brandUserId]);
    assert.equal((await control(emu, 'POST', '/dms', { from: '555', text: 'YES' })).status, 201);
    assert.equal((await control(emu, 'GET', '/dms')).json.received[0].text, 'YES');
  });
});

void describe('X API errors', () => {
  let emu: RunningEmulator;
  before(async () => (emu = await startEmulator({ port: 0, users: 20 })));
  after(() => emu.close());

  void it('invalid parameters answer 400 in X shape', async () => {
    const r = await fetch(`${emu.url}/2/tweets/search/recent?query=acme&max_results=500`, { headers: auth });
    assert.equal(r.status, 400);
    const body = (await r.json()) as { title: string; errors: { parameters: Record<string, unknown> }[] };
    assert.equal(body.title, 'Invalid Request');
    assert.ok(body.errors[0].parameters.max_results);
    const q = await fetch(`${emu.url}/2/tweets/search/recent?query=(acme`, { headers: auth });
    assert.equal(q.status, 400);
  });
  void it('unknown routes answer 404 in X shape; OAuth 1.0a headers are accepted', async () => {
    const r = await fetch(`${emu.url}/2/nope`, { headers: { authorization: 'OAuth oauth_consumer_key="k"' } });
    assert.equal(r.status, 404);
    const body = (await r.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['detail', 'status', 'title', 'type']);
  });
  void it('slow-response faults hold that request back but still answer it', async () => {
    await control(emu, 'POST', '/faults', { slowMs: 300, count: 1, path: '/2/users' });
    const order: string[] = [];
    const slow = fetch(`${emu.url}/2/users?ids=${emu.brandUserId}`, { headers: auth }).then((r) => { order.push('slow'); return r.status; });
    await new Promise((r) => setTimeout(r, 20));
    const quick = fetch(`${emu.url}/2/users?ids=${emu.brandUserId}`, { headers: auth }).then((r) => { order.push('quick'); return r.status; });
    assert.deepEqual(await Promise.all([slow, quick]), [200, 200]);
    assert.deepEqual(order, ['quick', 'slow']);
  });
});

void describe('synthetic world', () => {
  void it('is deterministic for a seed and differs across seeds', async () => {
    const a = await startEmulator({ port: 0, seed: 3, users: 200 });
    const b = await startEmulator({ port: 0, seed: 3, users: 200 });
    const c = await startEmulator({ port: 0, seed: 4, users: 200 });
    try {
      const sample = (e: RunningEmulator) => Array.from({ length: 300 }, () => e.core.generator.next(0)).map((t) => `${t.author_id}|${t.text}|${t.referenced_tweets?.[0]?.type ?? ''}`);
      assert.deepEqual(sample(a), sample(b));
      assert.notDeepEqual(sample(a), sample(c));
      assert.deepEqual([...a.core.world.users.values()], [...b.core.world.users.values()]);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  void it('has heavy-tailed followers, real places, some verified accounts and the requested tone mix', async () => {
    const e = await startEmulator({ port: 0, seed: 9, users: 4000, generator: { tone: { positive: 0.6, neutral: 0.2, negative: 0.2 }, offTopic: 0 } });
    try {
      const users = [...e.core.world.users.values()].slice(1);
      const f = users.map((u) => u.public_metrics.followers_count).sort((x, y) => x - y);
      const median = f[Math.floor(f.length / 2)]!;
      assert.ok(f[f.length - 1]! > 100 * median, 'the largest account dwarfs the median one');
      assert.ok(users.filter((u) => u.location).length > users.length / 2);
      const v = users.filter((u) => u.verified).length;
      assert.ok(v > 0 && v < users.length / 4);
      const tweets = Array.from({ length: 4000 }, () => e.core.generator.next(0)).filter((t) => !t.referenced_tweets);
      const pos = tweets.filter((t) => t.tone === 'positive').length / tweets.length;
      assert.ok(pos > 0.5 && pos < 0.7, `positive share ${pos}`);
    } finally {
      await e.close();
    }
  });

  void it('people answer DMs by their seeded behaviour', async () => {
    const profile = { ...DEFAULT_REPLY_PROFILE, minDelayMs: 1, maxDelayMs: 5 };
    const e = await startEmulator({ port: 0, seed: 21, users: 200, replyProfile: profile });
    try {
      const people = e.core.world.userIds.slice(1, 121);
      for (const p of people) e.core.dms.sendFromBrand(p, 'hi');
      const answering = people.filter((p) => behaviourOf(21, p, profile) !== 'none');
      await waitFor(() => e.core.dms.events.filter((d) => d.origin === 'simulated').length === answering.length, 3000, 'replies');
      for (const d of e.core.dms.events.filter((x) => x.origin === 'simulated')) {
        const b = behaviourOf(21, d.sender_id, profile);
        if (b === 'stop') assert.equal(d.text, 'STOP');
        if (b === 'help') assert.equal(d.text, 'HELP');
        if (b === 'yes') assert.match(d.text, /^yes/i);
      }
      const kinds = new Set(people.map((p) => behaviourOf(21, p, profile)));
      assert.deepEqual([...kinds].sort(), ['free', 'help', 'none', 'stop', 'yes']);
    } finally {
      await e.close();
    }
  });

  void it('sends unsolicited DMs when asked to', async () => {
    const e = await startEmulator({ port: 0, users: 50, replyProfile: { unsolicitedPerMinute: 60_000 } });
    try {
      await waitFor(() => e.core.dms.events.some((d) => d.behaviour === 'unsolicited'), 2000, 'an unsolicited DM');
    } finally {
      await e.close();
    }
  });
});

void describe('state', () => {
  void it('exports and imports rules, tweets and DMs', async () => {
    const a = await startEmulator({ port: 0, users: 30 });
    const b = await startEmulator({ port: 0, users: 30 });
    try {
      a.core.addRules([{ value: 'acme', tag: 'campaign:1' }], false);
      a.core.inject({ text: 'acme rocks', author: { id: '4321', username: 'four' } });
      a.core.dms.receive('4321', 'YES', 'injected');
      const snap = (await control(a, 'GET', '/state')).json;
      const r = await control(b, 'PUT', '/state', snap);
      assert.equal(r.status, 200);
      assert.deepEqual((await control(b, 'GET', '/state')).json, snap);
      assert.equal(b.core.inject({ text: 'acme again', authorId: '4321' }).matchedRuleIds.length, 1);
      await control(b, 'POST', '/reset', {});
      assert.equal(b.core.rules.length, 0);
      assert.equal(b.core.world.tweets.length, 0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

void describe('corpus replay', () => {
  const csv = join(__dirname, '../../../shared/data/airline-sentiment/Tweets.csv');
  void it('replays the airline corpus with its authors and locations', { skip: existsSync(csv) ? false : `corpus absent: ${csv}` }, async () => {
    const e = await startEmulator({ port: 0, users: 10, corpus: csv, generator: { kinds: { original: 1, retweet: 0, quote: 0, reply: 0 } } });
    try {
      const tweets = Array.from({ length: 50 }, () => e.core.generator.next(0));
      assert.match(tweets[0]!.text, /^@VirginAmerica/);
      const author = e.core.world.users.get(tweets[0]!.author_id)!;
      assert.equal(author.username, 'cairdin');
      assert.ok(tweets.some((t) => t.tone === 'negative'));
    } finally {
      await e.close();
    }
  });
});
