import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { influenceScore, pairwiseProbability, type InfluenceWeights } from '../../src/domain/analytics/influence/score';
import type { InfluenceFeatures } from '../../src/domain/analytics/influence/features';
import { parsePeerIndexPairs } from '../../src/domain/analytics/influence/csv';
import { trainPairwiseBoost, rawModelScore } from '../../src/domain/analytics/influence/pairwise-boost';
import { stratifiedFolds } from '../../src/domain/analytics/influence/train-influence';
import { rocAuc } from '../../src/domain/analytics/influence/auc';
import { cascadeDepths } from '../../src/domain/analytics/influence/cascade';
import { hasInfluencers, influencersCsv, repoRoot } from './paths';

const weights = JSON.parse(readFileSync(join(repoRoot, 'models', 'influence', 'weights.json'), 'utf8')) as InfluenceWeights;

const typical: InfluenceFeatures = {
  follower_count: 2000,
  following_count: 800,
  listed_count: 40,
  mentions_received: 3,
  retweets_received: 2,
  mentions_sent: 2,
  retweets_sent: 1,
  posts: 4,
};

test('breakdown adds up to the score', () => {
  const r = influenceScore({ ...typical, relevance: 0.4, cascade_depth: 3 }, weights);
  const b = r.breakdown;
  assert.ok(Math.abs(r.score - (b.reach + b.resonance + b.relevance + b.depth)) < 1e-9);
  assert.ok(b.relevance > 0 && b.depth > 0);
});

test('score never falls when reach or resonance grows (sanity on committed weights)', () => {
  const small = influenceScore(typical, weights).score;
  const big = influenceScore({ ...typical, follower_count: 2_000_000, listed_count: 20_000 }, weights).score;
  const loud = influenceScore({ ...typical, mentions_received: 300, retweets_received: 200 }, weights).score;
  const tiny = influenceScore({ ...typical, follower_count: 10, listed_count: 0, mentions_received: 0, retweets_received: 0 }, weights).score;
  assert.ok(big > small, `${big} > ${small}`);
  assert.ok(loud > small, `${loud} > ${small}`);
  assert.ok(tiny < small, `${tiny} < ${small}`);
  const deeper = influenceScore({ ...typical, cascade_depth: 4 }, weights).score;
  const shallow = influenceScore({ ...typical, cascade_depth: 1 }, weights).score;
  assert.ok(deeper > shallow);
  const p = pairwiseProbability({ ...typical, follower_count: 2_000_000, listed_count: 20_000 }, typical, weights);
  assert.ok(p > 0.5 && p < 1);
});

test('invalid features are refused with the field name', () => {
  assert.throws(() => influenceScore({ ...typical, posts: -1 }, weights), /posts/);
  assert.throws(() => influenceScore({ ...typical, relevance: 2 }, weights), /relevance/);
  assert.throws(() => influenceScore({ ...typical, follower_count: Number.NaN }, weights), /follower_count/);
});

test('network model is used only when all three network features are present', () => {
  const a = influenceScore(typical, weights).score;
  const b = influenceScore({ ...typical, network_feature_1: 5 }, weights).score;
  assert.equal(a, b);
  const c = influenceScore({ ...typical, network_feature_1: 5, network_feature_2: 10, network_feature_3: 500 }, weights).score;
  assert.notEqual(a, c);
});

test('5-fold CV pairwise AUC of the boosted model beats 0.86 on PeerIndex', { skip: !hasInfluencers && 'shared/data/influencers absent' }, () => {
  const pairs = parsePeerIndexPairs(readFileSync(influencersCsv, 'utf8'));
  const fold = stratifiedFolds(pairs.map((p) => p.choice), 5, 42);
  const aucs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const train = pairs.filter((_, i) => fold[i] !== k);
    const testSet = pairs.filter((_, i) => fold[i] === k);
    const m = trainPairwiseBoost(train, { rounds: 150, maxDepth: 3, minLeaf: 40, lambda: 1, shrinkage: 0.05, groups: ['reach', 'resonance'] });
    aucs.push(rocAuc(testSet.map((p) => p.choice), testSet.map((p) => rawModelScore(m, p.a) - rawModelScore(m, p.b))));
  }
  const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  assert.ok(mean > 0.86, `CV AUC ${mean}`);
});

test('AUC handles ties and perfect ordering', () => {
  assert.equal(rocAuc([0, 0, 1, 1], [1, 2, 3, 4]), 1);
  assert.equal(rocAuc([0, 1], [5, 5]), 0.5);
  assert.equal(rocAuc([1, 0, 1, 0], [1, 2, 3, 4]), 0.25);
});

test('cascadeDepths follows retweets of retweets and quotes', () => {
  const d = cascadeDepths([
    { id: 't1', authorId: 'alice' },
    { id: 't2', authorId: 'bob', retweetOfId: 't1' },
    { id: 't3', authorId: 'carol', retweetOfId: 't2' },
    { id: 't4', authorId: 'dan', quoteOfId: 't3' },
    { id: 't5', authorId: 'erin', retweetOfId: 't1' },
    { id: 't6', authorId: 'bob' },
    { id: 't7', authorId: 'frank', retweetOfId: 'unknown' },
  ]);
  assert.deepEqual(d, { alice: 3, bob: 2, carol: 1, dan: 0, erin: 0, frank: 0 });
});

test('cascadeDepths survives cycles in malformed data', () => {
  const d = cascadeDepths([
    { id: 'a', authorId: 'x', retweetOfId: 'b' },
    { id: 'b', authorId: 'y', retweetOfId: 'a' },
  ]);
  assert.equal(Object.keys(d).length, 2);
  assert.ok(d.x <= 1 && d.y <= 1);
});
