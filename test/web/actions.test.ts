// The web app's agent actions (claim, reply, resolve) keep one Idempotency-Key until the API
// answers for good: a 503 or 429 is retried with the same key after Retry-After, and so is the
// agent's next click on the same action after the retries ran out or the connection dropped. A new
// key per try would make a late-accepted first try and the retry two replies to the person.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { ApiError, action } from '../../web/src/api';

const seen: { path: string; key: string }[] = [];
/** What the next requests answer, in order (then 202). */
let script: { status: number; retryAfter?: string }[] = [];
let server: Server;
let base = '';
const noWait = async () => undefined;

before(async () => {
  const app = express();
  app.use(express.json());
  app.post('/{*rest}', (req, res) => {
    seen.push({ path: req.path, key: String(req.header('idempotency-key')) });
    const next = script.shift() ?? { status: 202 };
    if (next.retryAfter) res.set('Retry-After', next.retryAfter);
    res.status(next.status).json(next.status < 300 ? { ok: true } : { error: { code: 'x', message: `answered ${next.status}` } });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server?.close(); });

test('503 and 429 are retried with the same key after Retry-After', async () => {
  seen.length = 0;
  script = [{ status: 503, retryAfter: '2' }, { status: 429, retryAfter: '7' }];
  const waits: number[] = [];
  const r = await action(`${base}/escalations/e1/reply`, { text: 'hi' }, { sleep: async (ms) => { waits.push(ms); } });
  assert.equal(r.status, 202);
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen.map((s) => s.key)).size, 1, 'one key for the three tries');
  assert.deepEqual(waits, [2000, 7000]);
});

test('after the retries run out, the next click on the same action reuses the key; once answered, a new action gets a new key', async () => {
  seen.length = 0;
  script = [{ status: 503 }, { status: 503 }];
  await assert.rejects(action(`${base}/escalations/e2/reply`, { text: 'same' }, { tries: 2, sleep: noWait }), (e: ApiError) => e.status === 503);
  await action(`${base}/escalations/e2/reply`, { text: 'same' }, { sleep: noWait });
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen.map((s) => s.key)).size, 1, 'the second click is the same action');
  await action(`${base}/escalations/e2/reply`, { text: 'same' }, { sleep: noWait });
  assert.notEqual(seen[3]!.key, seen[0]!.key, 'a reply sent again after it was answered is a new action');
});

test('a refusal (4xx) settles the action: the next try is a new one; other actions never share a key', async () => {
  seen.length = 0;
  script = [{ status: 409 }];
  await assert.rejects(action(`${base}/escalations/e3/claim`, {}, { sleep: noWait }), (e: ApiError) => e.status === 409);
  await action(`${base}/escalations/e3/claim`, {}, { sleep: noWait });
  await action(`${base}/escalations/e3/reply`, { text: 'a' }, { sleep: noWait });
  await action(`${base}/escalations/e3/reply`, { text: 'b' }, { sleep: noWait });
  assert.equal(new Set(seen.map((s) => s.key)).size, 4);
});
