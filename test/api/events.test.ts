// The live-update stream (/events) is released when its browser goes, also when the browser went
// while the request was still being authenticated (an agent closing the tab as the inbox opens):
// such a stream used to stay open for good, its poller ticking and its heartbeat holding the
// process alive (a test file that never exited).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createApiKey } from '../../src/api/auth';
import { openEventStreams } from '../../src/api/routes/events';
import { startApi, type ApiUnderTest } from '../security/harness';

let api: ApiUnderTest;
let key = '';
before(async () => {
  api = await startApi('events');
  key = await createApiKey(api.db, 'sam-events', 'agent');
});
after(async () => { await api?.close(); });

async function settled(want: number): Promise<number> {
  for (let i = 0; i < 100 && openEventStreams() !== want; i++) await new Promise((r) => setTimeout(r, 50));
  return openEventStreams();
}

test('a browser that leaves releases its stream', async () => {
  const ac = new AbortController();
  const res = await fetch(`${api.base}/events`, { headers: { 'x-api-key': key }, signal: ac.signal });
  assert.equal(res.status, 200);
  assert.equal(await settled(1), 1);
  ac.abort();
  assert.equal(await settled(0), 0);
});

test('a browser that leaves before its request is authenticated leaves no stream behind', async () => {
  const { port } = new URL(api.base);
  for (let i = 0; i < 30; i++) {
    const s = connect(Number(port), '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    s.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${key}\r\naccept: text/event-stream\r\n\r\n`);
    s.destroy();
  }
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await settled(0), 0, `${openEventStreams()} stream(s) left open for browsers that are gone`);
});
