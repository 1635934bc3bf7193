// Browser sessions and live events on the real API (FerretDB, the Temporal dev server): sign-in
// sets an HttpOnly SameSite=Strict cookie; cookie writes need the CSRF header; API keys keep
// working without it; sign-out, revoked keys and expiry end sessions; /events tells listeners
// when an escalation appears; /status answers operators only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { createApiKey, hashKey, type Role } from '../../src/api/auth';
import { SESSIONS } from '../../src/api/session';
import { loadConfig } from '../../src/config';
import { COLLECTIONS } from '../../src/store';
import { DEFAULT_DM_LIMITS, acquireDmSlot } from '../../src/outreach/limiter';
import { requireEnv, testDb } from '../helpers/stack';
import { ANALYTICS_SCHEDULES } from '../../src/analytics/schedules';

let server: Server;
let base: string;
let store: Awaited<ReturnType<typeof testDb>>;
let connection: Connection;
const keys = {} as Record<Role, string>;

before(async () => {
  store = await testDb('web_session');
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const app = createApp({ db: store.db, temporal: new Client({ connection }), config: loadConfig({}) });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const role of ['admin', 'marketer', 'agent', 'operator'] as Role[]) keys[role] = await createApiKey(store.db, `${role}-1`, role);
});

after(async () => {
  server?.closeAllConnections();
  server?.close();
  await connection?.close();
  await store?.close();
});

async function req(method: string, path: string, o: { cookie?: string; csrf?: string; key?: string; body?: unknown; origin?: string } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.csrf ? { 'x-csrf-token': o.csrf } : {}),
      ...(o.key ? { 'x-api-key': o.key } : {}), ...(o.origin ? { origin: o.origin } : {}),
    },
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

async function signIn(role: Role) {
  const r = await req('POST', '/session', { body: { key: keys[role] } });
  assert.equal(r.status, 201);
  const set = r.headers.get('set-cookie')!;
  return { set, cookie: set.split(';')[0]!, csrf: r.json.csrf as string, body: r.json };
}

test('the web app is served at / with its CSP; a missing asset is a 404', async () => {
  const page = await fetch(base + '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const html = await page.text();
  const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(js, 'index.html loads a module script');
  const asset = await fetch(base + js);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  assert.equal((await fetch(base + '/assets/nope.js')).status, 404);
});

test('sign-in: a key becomes an HttpOnly SameSite=Strict cookie; only the token hash is stored', async () => {
  assert.equal((await req('POST', '/session', { body: { key: 'cf_nope' } })).status, 401);
  assert.equal((await req('POST', '/session', { body: {} })).status, 400);
  const s = await signIn('agent');
  assert.match(s.set, /^cf_session=[A-Za-z0-9_-]{43};/);
  assert.match(s.set, /HttpOnly/);
  assert.match(s.set, /SameSite=Strict/);
  assert.match(s.set, /Path=\//);
  assert.deepEqual({ name: s.body.name, role: s.body.role }, { name: 'agent-1', role: 'agent' });
  const token = s.cookie.split('=')[1]!;
  const docs = await store.db.collection<{ _id: string }>(SESSIONS).find({}).toArray();
  assert.ok(docs.length >= 1);
  assert.ok(docs.every((d) => d._id !== token && !JSON.stringify(d).includes(token)), 'the raw token is never stored');
  assert.ok(docs.some((d) => d._id === hashKey(token)));

  const me = await req('GET', '/session', { cookie: s.cookie });
  assert.equal(me.status, 200);
  assert.equal(me.json.role, 'agent');
  assert.equal(me.json.csrf, s.csrf);
  assert.equal((await req('GET', '/session')).status, 401);
  // The cookie authenticates API routes within the role.
  assert.equal((await req('GET', '/escalations', { cookie: s.cookie })).status, 200);
  assert.equal((await req('GET', '/campaigns', { cookie: s.cookie })).status, 403);
});

test('CSRF: cookie writes need the session token header and a same-origin Origin; API keys need neither', async () => {
  const s = await signIn('marketer');
  const bad = { name: '' };
  const noHeader = await req('POST', '/campaigns', { cookie: s.cookie, body: bad });
  assert.equal(noHeader.status, 403);
  assert.equal(noHeader.json.error.code, 'csrf');
  assert.equal((await req('POST', '/campaigns', { cookie: s.cookie, csrf: 'x'.repeat(s.csrf.length), body: bad })).status, 403);
  assert.equal((await req('POST', '/campaigns', { cookie: s.cookie, csrf: s.csrf, origin: 'http://evil.example', body: bad })).status, 403);
  // With the header the request reaches the route (here: validation answers 400, naming the field).
  const ok = await req('POST', '/campaigns', { cookie: s.cookie, csrf: s.csrf, origin: base, body: bad });
  assert.equal(ok.status, 400);
  assert.match(ok.json.error.message, /^body\.name/);
  // API-key clients are unchanged.
  assert.equal((await req('POST', '/campaigns', { key: keys.marketer, body: bad })).status, 400);
  // An agent's session cannot change campaigns even with the right header.
  const agent = await signIn('agent');
  assert.equal((await req('POST', '/campaigns', { cookie: agent.cookie, csrf: agent.csrf, body: bad })).status, 403);
  assert.equal((await req('POST', '/campaigns/x/start', { cookie: agent.cookie, csrf: agent.csrf })).status, 403);
});

test('sign-out, revoked keys and expiry end sessions', async () => {
  const s = await signIn('operator');
  assert.equal((await req('DELETE', '/session', { cookie: s.cookie })).status, 403, 'sign-out needs the CSRF header');
  const out = await req('DELETE', '/session', { cookie: s.cookie, csrf: s.csrf });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie') ?? '', /cf_session=;/);
  assert.equal((await req('GET', '/escalations', { cookie: s.cookie })).status, 401);

  const key = await createApiKey(store.db, 'temp', 'agent');
  const r = await req('POST', '/session', { body: { key } });
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  assert.equal((await req('GET', '/escalations', { cookie })).status, 200);
  await store.db.collection(COLLECTIONS.apiKeys).updateOne({ hash: hashKey(key) }, { $set: { revokedAt: new Date() } });
  assert.equal((await req('GET', '/escalations', { cookie })).status, 401, 'revoking the key ends its sessions');
  assert.equal((await req('POST', '/session', { body: { key } })).status, 401);

  const e = await signIn('agent');
  await store.db.collection<{ _id: string }>(SESSIONS).updateOne({ _id: hashKey(e.cookie.split('=')[1]!) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  assert.equal((await req('GET', '/escalations', { cookie: e.cookie })).status, 401);
  const stale = await signIn('agent');
  await store.db.collection<{ _id: string }>(SESSIONS).updateOne({ _id: hashKey(stale.cookie.split('=')[1]!) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  await signIn('agent');
  assert.equal(await store.db.collection(SESSIONS).countDocuments({ expiresAt: { $lt: new Date() } }), 0, 'a sign-in sweeps expired sessions');
});

test('/events: a new escalation is announced to a listening session within a second; marketers cannot listen', async () => {
  const m = await signIn('marketer');
  assert.equal((await fetch(`${base}/events`, { headers: { cookie: m.cookie } })).status, 403);
  const s = await signIn('agent');
  const ac = new AbortController();
  const res = await fetch(`${base}/events`, { headers: { cookie: s.cookie }, signal: ac.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /text\/event-stream/);
  const reader = res.body!.getReader();
  let buf = '';
  const next = async (event: string, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (!buf.includes(`event: ${event}\n`)) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no ${event} event within ${timeoutMs} ms`);
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (chunk && !chunk.done) buf += new TextDecoder().decode(chunk.value);
    }
    const at = buf.indexOf(`event: ${event}\n`);
    buf = buf.slice(buf.indexOf('\n\n', at) + 2);
  };
  await next('ready', 2000);
  await new Promise((r) => setTimeout(r, 700)); // let the watcher take its first reading
  buf = '';
  const now = new Date();
  await store.db.collection(COLLECTIONS.escalations).insertOne({
    _id: 'webC-123' as never, conversationId: 'webC-123', workflowId: 'outreach-123', campaignId: 'webC', xUserId: '123',
    priority: 'high', reason: 'yes', status: 'open', thread: [], createdAt: now, updatedAt: now,
  });
  const t0 = Date.now();
  await next('escalations', 1500);
  assert.ok(Date.now() - t0 < 1500);
  ac.abort();
});

test('/status: operators see health, schedules, DM budget and ingest; agents get 403', async () => {
  const op = await signIn('operator');
  const r = await req('GET', '/status', { cookie: op.cookie });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.health.map((h: { name: string; ok: boolean }) => [h.name, h.ok]), [['mongo', true], ['temporal', true]]);
  assert.equal(r.json.schedules.length, ANALYTICS_SCHEDULES.length);
  assert.deepEqual(r.json.dmBudget.map((w: { limit: number }) => w.limit), [200, 1000, 15000]);
  // DMs through the real limiter, for a brand account whose id the API was not told.
  assert.deepEqual(r.json.dmBudget.map((w: { used: number | null }) => w.used), [null, null, 0]);
  const t0 = Date.now();
  for (const ago of [20 * 60_000, 60_000, 1000]) assert.deepEqual(await acquireDmSlot(store.db, '1000000777', DEFAULT_DM_LIMITS, t0 - ago), { ok: true });
  const used = (await req('GET', '/status', { cookie: op.cookie })).json.dmBudget.map((w: { used: number }) => w.used);
  assert.deepEqual(used, [2, 3, 3], 'one send is older than 15 minutes');
  assert.equal(r.json.ingest.perMinute, null, 'no rate before a second sample');
  // Ingest stores tweets and moves its checkpoint: the next reading has a rate and a lag.
  const now = Date.now();
  const tweets = Array.from({ length: 6 }, (_, i) => ({ _id: String(1_950_000_000_000_000_000n + BigInt(i)), text: 't', createdAt: new Date(now - 1500), ingestedAt: new Date(now) }));
  await store.db.collection<{ _id: string }>(COLLECTIONS.tweets).insertMany(tweets);
  await store.db.collection<{ _id: string }>(COLLECTIONS.meta).updateOne({ _id: 'ingest-checkpoint' }, { $set: { lastId: tweets[5]!._id, at: new Date() } }, { upsert: true });
  const r2 = await req('GET', '/status', { cookie: op.cookie });
  assert.equal(r2.json.ingest.tweets, r.json.ingest.tweets + 6);
  assert.ok(r2.json.ingest.perMinute > 0, `rate ${r2.json.ingest.perMinute}`);
  assert.equal(r2.json.ingest.lagMs, 1500);
  const agent = await signIn('agent');
  assert.equal((await req('GET', '/status', { cookie: agent.cookie })).status, 403);
});

test('/inbox/:id/context: agents and operators read the person and consent basis; marketers get 403', async () => {
  const agent = await signIn('agent');
  const r = await req('GET', '/inbox/webC-123/context', { cookie: agent.cookie });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.campaign, { id: 'webC' });
  assert.equal(r.json.person, null);
  assert.equal((await req('GET', '/inbox/webC-999/context', { key: keys.operator })).status, 404);
  assert.equal((await req('GET', '/inbox/nope/context', { key: keys.operator })).status, 400);
  assert.equal((await req('GET', '/inbox/webC-123/context', { key: keys.marketer })).status, 403);
});
