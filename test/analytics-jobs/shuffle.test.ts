// The pieces that make the people-walking jobs linear: routing a person to their chunk, spilling
// records beside the chunks (bounded buffers, read back by _id), cascade heights from one pass over
// references (as cascadeDepths counts them), and the workflow's time required, never the clock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { ChunkRouter, ChunkSpill, readSpill } from '../../src/analytics/shuffle';
import { CascadeHeights, TweetTable } from '../../src/analytics/influence-sums';
import { cascadeDepths, type CascadeTweet } from '../../src/domain/analytics';
import { seededRng } from '../../src/domain/analytics/random';
import { analytics } from '../../src/store/analytics';
import { analyticsDeps } from './fixtures';

let t: Awaited<ReturnType<typeof testDb>>;
let db: Db;
before(async () => { t = await testDb('shuffle'); db = t.db; });
after(async () => { await t?.close(); });

test('ChunkRouter finds the chunk of a planned id and -1 for others', () => {
  const r = new ChunkRouter(['a', 'b', 'c', 'd', 'e'], 2);
  assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'zz', '0'].map((x) => r.chunkOf(x)), [0, 0, 1, 1, 2, -1, -1]);
  assert.equal(r.chunks, 3);
});

test('ChunkSpill spills whenever its buffers are full; a chunk reads back all its records in order', async () => {
  const spill = new ChunkSpill<{ n: number; i: number }>(db, 'run-s', 'run-s/1', 3, 4);
  for (let i = 0; i < 30; i++) await spill.add(i % 3, { n: i % 3, i });
  await spill.flush();
  assert.ok(spill.parts.every((p) => p >= 3), `parts ${spill.parts}`);
  for (let n = 0; n < 3; n++) {
    const got = await readSpill<{ n: number; i: number }>(db, 'run-s/1', n, spill.parts[n]!);
    assert.deepEqual(got.map((r) => r.i), Array.from({ length: 10 }, (_, k) => n + 3 * k));
  }
  await assert.rejects(readSpill(db, 'run-s/1', 0, spill.parts[0]! + 1), /missing/);
  await analytics(db).partials.deleteMany({ runKey: 'run-s' });
});

test('cascade heights from one pass over references equal cascadeDepths over the whole graph', async () => {
  const rnd = seededRng(5);
  const tweets: (CascadeTweet & { refs: { type: string; id: string }[] })[] = [];
  for (let i = 0; i < 400; i++) {
    const id = `t${i}`;
    const r = rnd();
    const target = i ? `t${Math.floor(rnd() * i)}` : 'missing';
    const refs = r < 0.4 ? [{ type: 'retweeted', id: target }] : r < 0.5 ? [{ type: 'quoted', id: target }] : r < 0.55 ? [{ type: 'retweeted', id: 'missing' }] : [];
    tweets.push({ id, authorId: `u${Math.floor(rnd() * 30)}`, refs, ...(refs[0]?.type === 'retweeted' ? { retweetOfId: refs[0].id } : refs[0]?.type === 'quoted' ? { quoteOfId: refs[0].id } : {}) });
  }
  const h = new CascadeHeights();
  for (const x of tweets) h.addReferences(x.id, x.refs);
  const byId = new Map(tweets.map((x) => [x.id, x]));
  await h.resolve(async (ids) => ids.flatMap((id) => (byId.has(id) ? [{ _id: id, authorId: byId.get(id)!.authorId }] : [])), () => true);
  const expected = cascadeDepths(tweets);
  const got: Record<string, number> = {};
  for (const x of tweets) got[x.authorId] = Math.max(got[x.authorId] ?? 0, h.height(x.id));
  assert.ok(Object.values(expected).some((d) => d >= 3), 'the graph has deep cascades');
  // cascadeDepths is uncapped; the job looks at most 8 levels down.
  assert.deepEqual(got, Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, Math.min(v, 8)])));
  assert.equal(h.amplifiesKnown('t0'), false);
  assert.equal(h.amplifiesKnown(tweets.find((x) => x.refs[0]?.id.startsWith('t'))!.id), true);
});

test('TweetTable answers what was set for every id read (decimal ids in its arrays, others in a Map), nothing for the rest', () => {
  const rnd = seededRng(9);
  const table = new TweetTable(16); // grows many times
  const want = new Map<string, [number, number]>();
  const digits = (n: number) => Array.from({ length: n }, (_, i) => String(Math.floor(rnd() * 10) || (i === 0 ? 1 : 0))).join('');
  const ids = ['0', '7', '999999999', '1000000000', '1000000001', '18446744073709551615', '9999999999999999999', '0123', '123', '01', '1', 'abc', '1e5', '', '12345678901234567890'];
  for (let i = 0; i < 5000; i++) ids.push(digits(1 + Math.floor(rnd() * 19)));
  for (const [i, id] of ids.entries()) {
    const v: [number, number] = [Math.floor(rnd() * 3) - 1, i % 7];
    table.set(id, v[0], v[1]);
    want.set(id, v);
  }
  table.set('123', 5, 6); // a tweet read twice: the later read wins
  want.set('123', [5, 6]);
  assert.equal(table.size, want.size);
  for (const [id, v] of want) assert.deepEqual(table.get(id), v, id);
  for (const id of ['2', '00', '1000000002', '123 ', 'x', '99999999999999999999']) if (!want.has(id)) assert.equal(table.get(id), undefined, id);
  assert.equal(table.get('0123')?.[1], ids.indexOf('0123') % 7, "'0123' and '123' are different ids");
});

test('influence and mood refuse to run without the workflow time (no fallback to the clock)', async () => {
  const acts = analyticsDeps(db);
  await db.collection('profiles').insertOne({ _id: 'p1', username: 'p1' } as never);
  await assert.rejects(acts.analyticsPlan({ job: 'mood', baseKey: 'no-now', chunkSize: 10, sliceSize: 10 }), /mood needs params\.now/);
  const plan = await acts.analyticsPlan({ job: 'influence', baseKey: 'no-now-i', chunkSize: 10, sliceSize: 10 });
  await assert.rejects(acts.analyticsSlice({ job: 'influence', baseKey: 'no-now-i', index: 0, slice: plan.slices[0]! }), /influence needs params\.now/);
});
