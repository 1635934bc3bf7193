// A fuzzed API: hostile path parameters, query strings, bodies and headers for every route in
// /openapi.json. The answer is never a 5xx, a 4xx changes nothing in the store, and the process
// stays up (the app runs in this process: a crash ends the test).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { createApiKey } from '../../src/api/auth';
import { startApi, type ApiUnderTest } from './harness';

let api: ApiUnderTest;
let admin: string;
before(async () => {
  api = await startApi('sec_fuzz', { RATE_LIMIT_AUTH_FAILURES_PER_MIN: '0', RATE_LIMIT_WRITES_PER_MIN: '0', RATE_LIMIT_READS_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
  admin = await createApiKey(api.db, 'fuzzer', 'admin');
  // Something to change: a campaign-less world is too easy to leave untouched.
  await api.call('POST', '/suppressions', admin, { xUserId: '99', reason: 'seed' });
});
after(() => api.close());

/** Everything a 4xx must not touch (the audit trail and the key's lastUsedAt are expected to move). */
const IGNORED = new Set(['audit', 'api_keys', 'rate_limits']);
async function digest(): Promise<string> {
  const h = createHash('sha256');
  const cols = (await api.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !IGNORED.has(n)).sort();
  for (const name of cols) {
    const docs = await api.db.collection(name).find({}).sort({ _id: 1 }).toArray();
    h.update(name).update(JSON.stringify(docs));
  }
  return h.digest('hex');
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('$where', '{"$gt":""}', '../../etc/passwd', '%00', '__proto__', 'constructor', '1e309', '-1', '0x10',
    '9'.repeat(40), 'a'.repeat(5000), '<script>alert(1)</script>', "' OR 1=1 --", '\u202e', '🛑', 'null', 'true', '[]'),
);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('$where', '$gt', '__proto__', 'constructor', 'name', 'role', 'text', 'outcome', 'xUserId', 'decision', 'tracking', 'templates'),
    fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 5 }),
);
const rawBody = fc.oneof(hostileJson.map((v) => JSON.stringify(v)), hostileString, fc.constant('{"a":'), fc.constant(''));

test('hostile input on every route: never a 5xx, a 4xx changes nothing', async () => {
  const doc = (await api.call('GET', '/openapi.json', null)).json as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path: p })));
  assert.ok(routes.length > 20, 'the spec lists the routes');
  const failures: string[] = [];
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...routes), fc.array(hostileString, { minLength: 3, maxLength: 3 }),
    fc.dictionary(hostileString, fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { maxKeys: 4 }),
    rawBody, fc.option(hostileString), fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data'),
    async (route, params, query, body, idemKey, contentType) => {
      let i = 0;
      const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[i++ % 3]!));
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
      const before = await digest();
      const headers: Record<string, string> = { 'content-type': contentType };
      if (idemKey !== null) headers['idempotency-key'] = idemKey.replace(/[^\x20-\x7e]/g, '');
      const url = `${path}${qs.size ? `?${qs}` : ''}`;
      let r: { status: number; json: unknown };
      try {
        r = await api.call(route.method, url, admin, route.method === 'GET' || route.method === 'DELETE' ? undefined : body, headers);
      } catch (err) {
        // fetch refuses some URLs/headers itself: that is the client's limit, not the server's.
        if (/Invalid|invalid|ByteString/.test((err as Error).message)) return;
        throw err;
      }
      if (r.status >= 500) failures.push(`${route.method} ${url} → ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
      if (r.status >= 400 && r.status < 500 && (await digest()) !== before) failures.push(`${route.method} ${url} → ${r.status} but the store changed`);
      assert.deepEqual(failures, []);
    },
  ), { numRuns: 250, seed: 20261130, endOnFailure: true });
  assert.deepEqual(failures, []);
  assert.equal((await api.call('GET', '/whoami', admin)).status, 200, 'still up');
});
