// Faults on the wire must cost nothing: every tweet the emulator matched reaches the handler exactly
// once, whatever happens to the connection in between.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { campaignTag, type IncomingTweet, type StreamEvent, type XClient } from '../../src/x';
import type { RunningEmulator } from '../../src/emulator';
import { control, injectTweet, setup, waitFor } from './helpers';

function collector() {
  const counts = new Map<string, number>();
  const events: StreamEvent[] = [];
  return {
    counts,
    events,
    onTweet: (t: IncomingTweet) => void counts.set(t.id, (counts.get(t.id) ?? 0) + 1),
    onEvent: (e: StreamEvent) => void events.push(e),
    connections: () => events.filter((e) => e.type === 'connected').length,
  };
}

function assertExactlyOnce(emu: RunningEmulator, counts: Map<string, number>) {
  const emitted = emu.core.emitted.map((e) => e.id);
  assert.ok(emitted.length > 0);
  const missing = emitted.filter((id) => !counts.has(id));
  assert.deepEqual(missing, [], `${missing.length} of ${emitted.length} emitted tweets never delivered`);
  const dups = [...counts].filter(([, n]) => n > 1);
  assert.deepEqual(dups, [], 'no tweet delivered twice');
  assert.equal(counts.size, new Set(emitted).size, 'nothing delivered that the stream did not match');
}

void describe('stream resilience', () => {
  let emu: RunningEmulator; let x: XClient;
  before(async () => {
    // Generation starts once the client is connected: what was emitted before any connection is not
    // the stream's to deliver (without a sinceId).
    ({ emu, x } = await setup({ rate: 0, seed: 11 }));
    await x.addRules([{ value: 'Acme OR @Acme OR #Acme', tag: campaignTag('r1') }]);
  });
  after(() => emu.close());

  void it('drops, 5xx, 429, failing backfills, stalls and garbage lines lose and duplicate nothing', async () => {
    const c = collector();
    const ac = new AbortController();
    const done = x.stream({ signal: ac.signal, onTweet: c.onTweet, onEvent: c.onEvent });
    await waitFor(() => c.connections() === 1, 3000, 'first connection');
    await control(emu, 'PUT', '/rate', { rate: 400 });
    const more = async (n: number, what: string) => {
      const target = c.counts.size + n;
      await waitFor(() => c.counts.size >= target, 5000, what);
    };
    await more(40, 'first tweets');

    await control(emu, 'POST', '/stream', { action: 'drop' });
    await waitFor(() => c.connections() >= 2, 3000, 'reconnect after drop');
    await more(20, 'tweets after drop');

    await control(emu, 'POST', '/faults', { status: 503, count: 2, path: '/2/tweets/search/stream' });
    await control(emu, 'POST', '/stream', { action: 'drop' });
    await waitFor(() => c.connections() >= 3, 3000, 'reconnect through 503s');
    await more(20, 'tweets after 503');

    await control(emu, 'POST', '/faults', { status: 429, count: 1, path: '/2/tweets/search/stream', resetInSec: 0 });
    await control(emu, 'POST', '/stream', { action: 'drop' });
    await waitFor(() => c.connections() >= 4, 3000, 'reconnect through 429');
    await more(20, 'tweets after 429');

    await control(emu, 'POST', '/faults', { status: 500, count: 2, path: '/2/tweets/search/recent' });
    await control(emu, 'POST', '/stream', { action: 'drop' });
    await waitFor(() => c.connections() >= 5, 3000, 'reconnect with failing backfill');
    await more(20, 'tweets after failing backfill');

    await control(emu, 'POST', '/stream', { action: 'stall' });
    await waitFor(() => c.events.some((e) => e.type === 'disconnected' && e.cause === 'keep-alive timeout'), 3000, 'keep-alive timeout');
    await waitFor(() => c.connections() >= 6, 3000, 'reconnect after stall');
    await more(20, 'tweets after stall');

    await control(emu, 'POST', '/stream', { action: 'malformed', count: 3 });
    await control(emu, 'POST', '/stream', { action: 'oversized', count: 1, bytes: 300_000 });
    await more(20, 'tweets after garbage');
    const before = c.connections();
    await control(emu, 'POST', '/stream', { action: 'oversized', count: 1, bytes: 3_000_000 });
    await waitFor(() => c.connections() > before, 3000, 'reconnect after a runaway line');
    await more(20, 'tweets after a runaway line');

    await control(emu, 'PUT', '/rate', { rate: 0 });
    await waitFor(() => emu.core.emitted.every((e) => c.counts.has(e.id)), 5000, 'catch-up').catch((err: Error) => {
      const miss = emu.core.emitted.filter((m) => !c.counts.has(m.id));
      throw new Error(`${err.message}: ${miss.length} missing, events ${JSON.stringify(c.events.filter((e) => e.type !== 'bad-line'))}`);
    });
    ac.abort();
    await done;

    assertExactlyOnce(emu, c.counts);
    assert.ok(c.events.filter((e) => e.type === 'bad-line').length >= 2, 'garbage lines were counted');
    assert.ok(c.events.some((e) => e.type === 'bad-line' && e.reason === 'oversized'), 'a line over 1 MB is cut off');
    assert.ok(c.events.some((e) => e.type === 'retrying' && e.kind === 'http'));
    assert.ok(c.events.some((e) => e.type === 'retrying' && e.kind === 'rateLimit'));
    assert.ok(c.events.some((e) => e.type === 'backfilled' && e.delivered > 0), 'gaps were filled by search');
  });
});

void describe('resume and slow handlers', () => {
  let emu: RunningEmulator; let x: XClient;
  before(async () => {
    ({ emu, x } = await setup({ seed: 5 }));
    await x.addRules([{ value: 'gadget', tag: campaignTag('r2') }]);
  });
  after(() => emu.close());

  void it('sinceId recovers what was emitted while nobody listened; async handlers keep order', async () => {
    const early = [injectTweet(emu, 'gadget one').tweet.id];
    const resumeFrom = early[0]!;
    const missed = [injectTweet(emu, 'gadget two').tweet.id, injectTweet(emu, 'gadget three').tweet.id];
    const seen: string[] = [];
    const ac = new AbortController();
    let connected = false;
    const done = x.stream({
      signal: ac.signal,
      sinceId: resumeFrom,
      onEvent: (e) => { if (e.type === 'connected') connected = true; },
      onTweet: async (t) => {
        await new Promise((r) => setTimeout(r, 2));
        seen.push(t.id);
      },
    });
    await waitFor(() => connected, 3000, 'connection');
    const live: string[] = [];
    for (let i = 0; i < 30; i++) live.push(injectTweet(emu, `gadget live ${i}`).tweet.id);
    await waitFor(() => seen.length >= 32, 5000, 'all tweets');
    ac.abort();
    await done;
    assert.deepEqual(new Set(seen), new Set([...missed, ...live]));
    assert.equal(seen.length, 32, 'no duplicates');
    assert.ok(!seen.includes(resumeFrom));
    const liveSeen = seen.filter((id) => live.includes(id));
    assert.deepEqual(liveSeen, live, 'live tweets in stream order');
  });

  void it('a throwing handler stops the stream with that error', async () => {
    const ac = new AbortController();
    let connected = false;
    const done = x.stream({
      signal: ac.signal,
      onEvent: (e) => { if (e.type === 'connected') connected = true; },
      onTweet: () => { throw new Error('handler broke'); },
    });
    await waitFor(() => connected, 3000, 'connection');
    injectTweet(emu, 'gadget boom');
    await assert.rejects(done, /handler broke/);
  });
});

void describe('stream text across network chunks', () => {
  let emu: RunningEmulator; let x: XClient;
  before(async () => {
    ({ emu, x } = await setup({ rate: 0, seed: 12 }));
    await x.addRules([{ value: 'Acme', tag: campaignTag('r2') }]);
  });
  after(() => emu.close());

  void it('a character whose UTF-8 bytes arrive in two chunks reaches the handler intact', async () => {
    const texts: string[] = [];
    const ac = new AbortController();
    let connected = false;
    const done = x.stream({ signal: ac.signal, onTweet: (t) => void texts.push(t.text), onEvent: (e) => { if (e.type === 'connected') connected = true; } });
    await waitFor(() => connected, 3000, 'connection');
    // Cut every write to the client inside the first "é" (bytes C3 A9), 50 ms apart, so the
    // client's socket sees the character's two bytes in two reads.
    for (const c of emu.core.hub.conns.values()) {
      const write = c.res.write.bind(c.res) as (b: Buffer) => boolean;
      (c.res as { write: unknown }).write = (chunk: string | Buffer) => {
        const b = Buffer.from(chunk);
        const i = b.indexOf(0xc3);
        if (i < 0) return write(b);
        write(b.subarray(0, i + 1));
        setTimeout(() => write(b.subarray(i + 1)), 50);
        return true;
      };
    }
    injectTweet(emu, 'Montréal ☕ loves Acme — très bien');
    await waitFor(() => texts.length >= 1, 3000, 'the tweet');
    ac.abort();
    await done;
    assert.deepEqual(texts, ['Montréal ☕ loves Acme — très bien']);
  });
});
