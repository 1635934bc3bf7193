// bench:jobs seeds its people and tweets from seededRandom: a generator that cycles makes most
// people silent and the bench measure a degenerate input (it cycled every 10,466 values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom, syntheticTweet } from '../../bench/seed';

test('seededRandom does not cycle within a million draws and stays in [0, 1)', () => {
  const r = seededRandom(7);
  const seen = new Set<number>();
  for (let i = 0; i < 1_000_000; i++) {
    const v = r();
    assert.ok(v >= 0 && v < 1);
    seen.add(v);
  }
  assert.equal(seen.size, 1_000_000);
  assert.deepEqual([seededRandom(3)(), seededRandom(3)()], [seededRandom(3)(), seededRandom(3)()].reverse(), 'the same seed gives the same numbers');
});

test('200,000 seeded tweets come from nearly all of 20,000 people', () => {
  const r = seededRandom(7);
  const authors = new Set<string>();
  for (let j = 0; j < 200_000; j++) authors.add(syntheticTweet(j, r, { authorId: String(Math.floor(r() * 20_000)), createdAt: new Date(0) }).authorId);
  assert.ok(authors.size > 19_900, `${authors.size} distinct authors`);
});
