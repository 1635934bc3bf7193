// Issue #19, third round: token dropout (augment.ts) and the linear member (train.ts) that is saved
// in the ReLU format so it merges with bag members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFeatureIds } from '../../src/ml/augment';
import { Featurizer, GROUPS } from '../../src/ml/features';
import { batchToTensors, disposeBatch, forward, type Params } from '../../src/ml/model';
import { mulberry32 } from '../../src/ml/rng';
import { tf } from '../../src/ml/tf';
import { linearAsRelu, trainClassifier, type TrainResult } from '../../src/ml/train';
import { TINY, syntheticSet } from './tiny';

const TEXTS = ['I love this phone so much', "don't like it at all!!", '', 'meeting on monday at noon'];

void test('token dropout keeps ids in order, re-counts each segment (at least 1) and drops about p of them', () => {
  const b = new Featurizer(TINY).featurize(TEXTS);
  assert.equal(dropFeatureIds(b, 0, mulberry32(1)), b);
  const d = dropFeatureIds(b, 0.3, mulberry32(1));
  const counts = new Array<number>(b.size * GROUPS).fill(0);
  for (const s of d.segments) counts[s]++;
  assert.deepEqual(Array.from(d.counts), counts.map((c) => Math.max(1, c)));
  // Every kept (segment, id) pair comes from the original, in order.
  let j = 0;
  for (let i = 0; i < d.ids.length; i++) {
    while (b.ids[j] !== d.ids[i] || b.segments[j] !== d.segments[i]) j++;
    j++;
  }
  assert.deepEqual(d.dense, b.dense);
  const big = new Featurizer(TINY).featurize(Array.from({ length: 200 }, (_, i) => `tweet number ${i} about the new phone and its camera`));
  const kept = dropFeatureIds(big, 0.2, mulberry32(7)).ids.length / big.ids.length;
  assert.ok(Math.abs(kept - 0.8) < 0.02, `kept ${kept}`);
  assert.deepEqual(dropFeatureIds(big, 0.2, mulberry32(7)).ids, dropFeatureIds(big, 0.2, mulberry32(7)).ids);
  assert.throws(() => dropFeatureIds(b, 1, mulberry32(1)), /token dropout/);
});

void test('a linear layer in the ReLU format computes exactly x·w + b', () => {
  const classes = 3;
  const inDim = 5;
  const w = Float32Array.from({ length: inDim * classes }, (_, i) => Math.sin(i + 1));
  const bias = Float32Array.from([0.5, -0.25, 1]);
  const relu = linearAsRelu(w, bias, classes);
  const x = Array.from({ length: 4 }, (_, r) => Array.from({ length: inDim }, (_, i) => Math.cos(r * 7 + i)));
  const got = tf.tidy(() => {
    const h = tf.relu(tf.add(tf.matMul(tf.tensor2d(x), tf.tensor2d(relu.w1, [inDim, 2 * classes])), relu.b1));
    return tf.add(tf.matMul(h, tf.tensor2d(relu.w2, [2 * classes, classes])), relu.b2).arraySync() as number[][];
  });
  x.forEach((row, r) => {
    for (let c = 0; c < classes; c++) {
      const want = row.reduce((s, v, i) => s + v * w[i * classes + c], bias[c]);
      assert.ok(Math.abs(got[r][c] - want) < 1e-5, `row ${r} class ${c}: ${got[r][c]} vs ${want}`);
    }
  });
});


function logitsOf(r: TrainResult, texts: string[]): number[][] {
  const f = new Featurizer(r.featurizer);
  const { dim, hidden } = r.architecture;
  const p: Params = {
    emb: tf.tensor2d(r.params.emb, [f.tableRows, dim]), w1: tf.tensor2d(r.params.w1, [GROUPS * dim + f.denseSize, hidden]),
    b1: tf.tensor1d(r.params.b1), w2: tf.tensor2d(r.params.w2, [hidden, 3]), b2: tf.tensor1d(r.params.b2),
  };
  const x = batchToTensors(f.featurize(texts));
  const out = tf.tidy(() => forward(p, x).arraySync());
  disposeBatch(x);
  for (const t of Object.values(p) as tf.Tensor[]) t.dispose();
  return out;
}

void test('a linear member trains, is saved with hidden = 2 × classes, deterministically, in the ReLU format', () => {
  const set = syntheticSet();
  const r = trainClassifier({
    labels: set.labels, train: set, valid: set, seed: 3, epochs: 8, batchSize: 8, learningRate: 0.05,
    patience: 8, architecture: { dim: 8, hidden: 64 }, featurizer: TINY, linear: true, tokenDropout: 0.2,
  });
  assert.deepEqual(r.architecture, { dim: 8, hidden: 6 });
  assert.equal(r.hyper.linear, 'yes');
  assert.equal(r.hyper.tokenDropout, 0.2);
  assert.ok(r.valid.accuracy > 0.9, `accuracy on the training set was ${r.valid.accuracy}`);
  const [a, b] = logitsOf(r, ['love it', 'hate it']);
  const again = trainClassifier({
    labels: set.labels, train: set, valid: set, seed: 3, epochs: 8, batchSize: 8, learningRate: 0.05,
    patience: 8, architecture: { dim: 8, hidden: 64 }, featurizer: TINY, linear: true, tokenDropout: 0.2,
  });
  assert.deepEqual(Array.from(again.params.emb), Array.from(r.params.emb), 'deterministic for a seed');
  const h = r.architecture.hidden;
  for (let c = 0; c < 3; c++) {
    assert.equal(r.params.w2[c * 3 + c], 1);
    assert.equal(r.params.w2[(h / 2 + c) * 3 + c], -1);
  }
  assert.ok(a[2] > a[0] && b[0] > b[2], `love ${a} / hate ${b}`);
});

void test('token dropout changes what a bag network learns, deterministically', () => {
  const set = syntheticSet();
  const run = (tokenDropout: number) => trainClassifier({
    labels: set.labels, train: set, valid: set, seed: 5, epochs: 3, batchSize: 8, learningRate: 0.02,
    patience: 3, architecture: { dim: 8, hidden: 8 }, featurizer: TINY, tokenDropout,
  });
  const plain = run(0);
  const a = run(0.3);
  const b = run(0.3);
  assert.deepEqual(Array.from(a.params.w1), Array.from(b.params.w1));
  assert.notDeepEqual(Array.from(a.params.w1), Array.from(plain.params.w1));
});

void test('the embedding table can have its own optimiser (Adagrad / SGD): deterministic, learns, recorded', () => {
  const set = syntheticSet();
  const run = (kind: 'adagrad' | 'sgd' | undefined) => trainClassifier({
    labels: set.labels, train: set, valid: set, seed: 5, epochs: 8, batchSize: 8, learningRate: 0.02, patience: 8,
    architecture: { dim: 8, hidden: 8 }, featurizer: TINY,
    embeddingOptimizer: kind ? { kind, learningRate: kind === 'sgd' ? 5 : 0.2 } : undefined,
  });
  const adam = run(undefined);
  const ada = run('adagrad');
  assert.deepEqual(Array.from(run('adagrad').params.emb), Array.from(ada.params.emb));
  assert.notDeepEqual(Array.from(ada.params.emb), Array.from(adam.params.emb));
  assert.equal(ada.hyper.embeddingOptimizer, 'adagrad 0.2');
  assert.ok(ada.valid.accuracy > 0.9, `adagrad: accuracy on the training set was ${ada.valid.accuracy}`);
  const sgd = run('sgd');
  assert.ok(sgd.valid.accuracy > 0.9, `sgd: accuracy on the training set was ${sgd.valid.accuracy}`);
});

void test('extra lexicon features: optional, appended after the 12, and they see where the valence is', () => {
  const plain = new Featurizer(TINY);
  const extra = new Featurizer({ ...TINY, lexiconExtra: true });
  assert.equal(plain.denseSize, 12);
  assert.equal(extra.denseSize, 21);
  const texts = ['great phone but the battery is awful', '#fail today, not good', 'so happy :)', 'the bus at 5'];
  const a = plain.featurize(texts).dense;
  const b = extra.featurize(texts).dense;
  const row = (i: number) => Array.from(b.subarray(i * 21, (i + 1) * 21));
  texts.forEach((_, i) => assert.deepEqual(row(i).slice(0, 12), Array.from(a.subarray(i * 12, (i + 1) * 12))));
  const [mixed, negated, happy, neutral] = [0, 1, 2, 3].map((i) => row(i).slice(12));
  assert.ok(mixed[0] > 0 && mixed[1] > 0, 'strongest positive and negative word');
  assert.ok(mixed[2] < 0 && mixed[3] < 0, 'last valence word and second half are negative');
  assert.ok(negated[4] > 0 && negated[6] < 0, 'positive word under negation; negative hashtag');
  assert.ok(happy[7] > 0 && happy[8] === 0, 'one positive emoticon');
  assert.deepEqual(neutral, new Array(9).fill(0));
});
