// GET /suppressions: find a person on the never-contact list by id or handle (exact or prefix,
// case-insensitive), page through everyone newest first by cursor while entries keep arriving,
// and a 400 naming the parameter for anything malformed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/api/auth';
import { COLLECTIONS } from '../../src/store';
import { addSuppression } from '../../src/store/conversations';
import { listSuppressions } from '../../src/store/suppressions-search';
import { startApi, type ApiUnderTest } from '../security/harness';

let api: ApiUnderTest;
let op: string;
const T = Date.UTC(2026, 0, 1);
const profile = (id: string, username: string) => api.db.collection(COLLECTIONS.profiles).insertOne({ _id: id as never, username });
const entry = (id: string, minutes: number, more: object = {}) => addSuppression(api.db, { _id: id, reason: `reason ${id}`, source: 'dm-poller', at: new Date(T + minutes * 60_000), ...more });
interface Item { xUserId: string; handle?: string; reason: string }
const ids = (r: { json: { items: Item[] } }) => r.json.items.map((i) => i.xUserId);

before(async () => {
  api = await startApi('api_suppressions');
  op = await createApiKey(api.db, 'ops', 'operator');
  // Five people with handles, one without a profile, one kept under another key (named by xUserId).
  for (const [id, name, min] of [['101', 'Alice', 1], ['102', 'alice_b', 2], ['103', 'bob', 3], ['104', 'ALICORN', 4], ['105', 'malice', 5]] as const) {
    await profile(id, name);
    await entry(id, min);
  }
  await entry('106', 6);
  await profile('107', 'Alibi');
  await entry('legacy:107', 7, { xUserId: '107' });
});
after(() => api.close());

const get = (q: string) => api.call('GET', `/suppressions${q}`, op);

test('by handle: prefix by default, exact on request, case-insensitive, with or without @; each found entry says why', async () => {
  assert.deepEqual(ids(await get('?handle=ali')), ['107', '104', '102', '101'], 'newest first; malice does not start with ali');
  assert.deepEqual(ids(await get('?handle=%40ALI&limit=10')), ['107', '104', '102', '101']);
  const exact = await get('?handle=alice&match=exact');
  assert.deepEqual(ids(exact), ['101']);
  assert.equal(exact.json.items[0].handle, 'Alice');
  assert.equal(exact.json.items[0].reason, 'reason 101');
  assert.equal(exact.json.next, undefined);
  assert.deepEqual(ids(await get('?handle=Alice_B&match=exact')), ['102']);
});

test('by id: the person, also when their entry is kept under another key; misses are empty, not errors', async () => {
  const one = await get('?xUserId=103');
  assert.deepEqual(ids(one), ['103']);
  assert.equal(one.json.items[0].handle, 'bob');
  assert.deepEqual(ids(await get('?xUserId=107')), ['107']);
  assert.deepEqual(ids(await get('?xUserId=106')), ['106'], 'a person without a profile is found by id');
  for (const q of ['?xUserId=999', '?handle=zed', '?handle=alice_bx&match=exact', '?handle=lice']) {
    const r = await get(q);
    assert.equal(r.status, 200, q);
    assert.deepEqual(r.json.items, [], q);
    assert.equal(r.json.next, undefined, q);
  }
});

test('bad parameters: 400 with the parameter named', async () => {
  const forged = Buffer.from('["soon","x"]').toString('base64url');
  for (const [q, field] of [
    ['?handle=a%20b', 'query.handle'], ['?handle=abcdefghijklmnop', 'query.handle'], ['?handle=', 'query.handle'],
    ['?handle=%24ne', 'query.handle'], ['?xUserId=abc', 'query.xUserId'], ['?xUserId=101&handle=alice', 'xUserId or by handle'],
    ['?match=exact', 'query.match'], ['?handle=al&match=fuzzy', 'query.match'], ['?after=!!', 'query.after'],
    ['?after=' + forged, 'query.after'], ['?xUserId=101&after=' + Buffer.from('[1,"x"]').toString('base64url'), 'query.after'], ['?limit=0', 'query.limit'], ['?limit=501', 'query.limit'], ['?offset=10', 'query'],
  ] as const) {
    const r = await get(q);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.code, 'invalid_request', q);
    assert.ok(r.json.error.message.includes(field), `${q}: ${r.json.error.message}`);
  }
});

test('paging through everyone: newest first, no entry missing or repeated while new ones arrive', async () => {
  const fresh = await startApi('api_suppressions_paging');
  try {
    const key = await createApiKey(fresh.db, 'ops', 'operator');
    const admin = await createApiKey(fresh.db, 'root', 'admin');
    // 23 entries, some sharing a time (the order falls back on the id).
    const before = Array.from({ length: 23 }, (_, i) => String(5000 + i));
    for (const [i, id] of before.entries()) await addSuppression(fresh.db, { _id: id, reason: 'STOP', source: 'dm-poller', at: new Date(T + Math.floor(i / 3) * 1000) });
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const r = await fresh.call('GET', `/suppressions?limit=5${next ? `&after=${next}` : ''}`, key);
      assert.equal(r.status, 200);
      seen.push(...ids(r));
      next = r.json.next;
      pages++;
      // Someone asks to be left alone while the operator reads: newer, so above where paging is.
      assert.equal((await fresh.call('POST', '/suppressions', admin, { xUserId: String(9000 + pages), reason: 'asked by email' })).status, 201);
    } while (next && pages < 20);
    assert.equal(pages, 5, '23 entries in pages of 5');
    assert.equal(new Set(seen).size, seen.length, 'nothing repeated');
    assert.deepEqual([...seen].sort(), [...before].sort(), 'nothing missed');
    const order = before.map((id, i) => ({ id, t: Math.floor(i / 3) })).sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : -1)).map((e) => e.id);
    assert.deepEqual(seen, order, 'newest first, ties by id');
    const first = await fresh.call('GET', '/suppressions?limit=5', key);
    assert.deepEqual(ids(first), ['9005', '9004', '9003', '9002', '9001'], 'a new reading starts with the newest');
  } finally {
    await fresh.close();
  }
});

test('a handle search bounded per call goes on from where it stopped: every match once', async () => {
  // With a budget of 3 entries read per call, matches spread over 7 entries need several calls.
  const found: string[] = [];
  let after: Awaited<ReturnType<typeof listSuppressions>>['next'];
  let calls = 0;
  do {
    const page = await listSuppressions(api.db, { limit: 2, handle: { text: 'ALI', exact: false }, after, scanBudget: 3 });
    assert.ok(page.items.length <= 2);
    found.push(...page.items.map((i) => i.xUserId ?? i._id));
    after = page.next;
    calls++;
  } while (after && calls < 20);
  assert.ok(calls >= 3, `${calls} calls`);
  assert.deepEqual(found, ['107', '104', '102', '101']);
});

test('openapi describes the search and paging parameters', async () => {
  const doc = (await api.call('GET', '/openapi.json', null)).json;
  const params = (doc.paths['/suppressions'].get.parameters as { name: string }[]).map((p) => p.name).sort();
  assert.deepEqual(params, ['after', 'handle', 'limit', 'match', 'xUserId']);
  assert.ok(doc.components.schemas.SuppressionPage);
});

test('an entry still waiting for its audit line is listed without the internal auditPending flag, with its handle', async () => {
  await entry('108', 8, { source: 'public-tweet', tweetId: '9108', handle: 'QuietRiver', auditPending: true });
  const r = await get('?xUserId=108');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json.items[0]).sort(), ['at', 'handle', 'reason', 'source', 'tweetId', 'xUserId']);
});
