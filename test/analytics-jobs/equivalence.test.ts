// The analytics jobs give the same results as the reference (release 0.1.0's per-chunk-query jobs,
// stored by make-reference.ts) on a seeded fixture: influence scores and breakdowns, cluster
// assignments (up to a relabelling), moods and recommendations, trends, word clouds and alerts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { testDb } from '../helpers/stack';
import { computeOutputs, seedEquivalenceFixture, type JobOutputs } from './equivalence-fixture';

const reference = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'analytics-reference.json'), 'utf8')) as JobOutputs;
let db: Db;
let close: () => Promise<void>;
let got: JobOutputs;

before(async () => {
  ({ db, close } = await testDb('analytics_equivalence'));
  await seedEquivalenceFixture(db);
  got = await computeOutputs(db);
});
after(async () => close());

/** Deep equality where numbers may differ by summation order only. */
function near(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} vs ${expected}`);
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
    for (const k of keys) near((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

const ids = (xs: { _id?: unknown }[]) => xs.map((x) => String(x._id));

test('influence: the same scopes, scores, breakdowns, sentiments and top tweets per person', () => {
  assert.deepEqual(ids(got.influence), ids(reference.influence));
  assert.ok(reference.influence.some((d) => (d.breakdown as { depth: number }).depth > 0), 'the fixture has cascades');
  for (const [i, d] of reference.influence.entries()) near(got.influence[i], d, `influence[${String(d._id)}]`);
});

test('clusters: the same k, elbow and silhouette, and the same partition up to relabelling', () => {
  const { members, ...rest } = got.clusters;
  const { members: refMembers, ...refRest } = reference.clusters;
  near(rest, refRest, 'clusters');
  assert.deepEqual(Object.keys(members).sort(), Object.keys(refMembers).sort());
  const map = new Map<number, number>();
  for (const [id, c] of Object.entries(refMembers)) {
    const mine = members[id]!;
    if (!map.has(c)) map.set(c, mine);
    assert.equal(mine, map.get(c), `${id} left its reference cluster`);
  }
  assert.equal(new Set(map.values()).size, map.size, 'two reference clusters merged');
});

test('mood: the same status, emotions, happiest/saddest tweets and recommendations per person', () => {
  assert.deepEqual(ids(got.moods), ids(reference.moods));
  for (const [i, d] of reference.moods.entries()) near(got.moods[i], d, `moods[${String(d._id)}]`);
});

test('trends: the same hourly aggregates, word clouds and alerts', () => {
  assert.deepEqual(ids(got.trends), ids(reference.trends));
  for (const [i, d] of reference.trends.entries()) near(got.trends[i], d, `trends[${String(d._id)}]`);
  near(got.wordClouds, reference.wordClouds, 'wordClouds');
  near(got.alerts, reference.alerts, 'alerts');
});
