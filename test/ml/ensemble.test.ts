// A seed ensemble is shipped as one wider model: its logits must be the mean of the members' logits,
// and the saved model must predict exactly what that merged network computes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer, GROUPS, type FeaturizerConfig } from '../../src/ml/features';
import { mergeMembers } from '../../src/ml/ensemble';
import { batchToTensors, disposeBatch, forward, LoadedModel, serializeParams, type ModelMeta, type Params } from '../../src/ml/model';
import { tf } from '../../src/ml/tf';
import type { TrainResult } from '../../src/ml/train';

const CFG: FeaturizerConfig = { version: 1, wordBuckets: 256, charBuckets: 128, charMin: 3, charMax: 4, lexicon: true };
const TEXTS = ['I love it', "don't like it at all!!", '', '😍 #happy @user', 'so sad and angry today'];

function member(f: Featurizer, dim: number, hidden: number, classes: number, seed: number): TrainResult {
  const inDim = GROUPS * dim + f.denseSize;
  const r = (shape: number[], s: number) => tf.tidy(() => tf.randomUniform(shape, -1, 1, 'float32', seed * 10 + s).dataSync() as Float32Array);
  return {
    params: { emb: r([f.tableRows, dim], 1), w1: r([inDim, hidden], 2), b1: r([hidden], 3), w2: r([hidden, classes], 4), b2: r([classes], 5) },
    architecture: { dim, hidden }, featurizer: CFG, bestEpoch: seed, epochsRun: seed, valid: undefined as never, history: [], hyper: { seed },
  };
}

function logits(r: TrainResult, f: Featurizer, classes: number): Float32Array {
  const { dim, hidden } = r.architecture;
  const inDim = r.params.w1.length / hidden;
  const p: Params = {
    emb: tf.tensor2d(r.params.emb, [f.tableRows, dim]), w1: tf.tensor2d(r.params.w1, [inDim, hidden]),
    b1: tf.tensor1d(r.params.b1), w2: tf.tensor2d(r.params.w2, [hidden, classes]), b2: tf.tensor1d(r.params.b2),
  };
  const x = batchToTensors(f.featurize(TEXTS));
  const out = tf.tidy(() => forward(p, x).dataSync() as Float32Array);
  disposeBatch(x);
  for (const t of Object.values(p) as tf.Tensor[]) t.dispose();
  return out;
}

void test('merged ensemble logits equal the mean of the member logits', () => {
  const f = new Featurizer(CFG);
  const classes = 4;
  const members = [1, 2, 3].map((s) => member(f, 8, 5, classes, s));
  const merged = mergeMembers(members, classes);
  assert.deepEqual(merged.architecture, { dim: 24, hidden: 15 });
  assert.equal(merged.hyper.members, 3);
  const each = members.map((m) => logits(m, f, classes));
  const got = logits(merged, f, classes);
  for (let i = 0; i < got.length; i++) {
    const want = (each[0][i] + each[1][i] + each[2][i]) / 3;
    assert.ok(Math.abs(got[i] - want) < 1e-4, `logit ${i}: ${got[i]} vs ${want}`);
  }
});

void test('a single member is returned unchanged; members of another featurizer are refused', () => {
  const f = new Featurizer(CFG);
  const one = member(f, 8, 5, 4, 1);
  assert.equal(mergeMembers([one], 4), one);
  const other = { ...member(f, 8, 5, 4, 2), featurizer: { ...CFG, wordBuckets: 512 } };
  assert.throws(() => mergeMembers([one, other], 4), /share the featurizer/);
  assert.throws(() => mergeMembers([], 4), /no members/);
});

void test('members of different widths (a linear member beside bag members) merge to the weighted mean', () => {
  const f = new Featurizer(CFG);
  const classes = 3;
  const members = [member(f, 8, 5, classes, 1), member(f, 16, 6, classes, 2)];
  const merged = mergeMembers(members, classes, [0.75, 0.25]);
  assert.deepEqual(merged.architecture, { dim: 24, hidden: 11 });
  const each = members.map((m) => logits(m, f, classes));
  const got = logits(merged, f, classes);
  for (let i = 0; i < got.length; i++) {
    const want = 0.75 * each[0][i] + 0.25 * each[1][i];
    assert.ok(Math.abs(got[i] - want) < 1e-4, `logit ${i}: ${got[i]} vs ${want}`);
  }
});

void test('a saved merged ensemble predicts softmax of the merged forward pass', () => {
  const f = new Featurizer(CFG);
  const classes = 4;
  const merged = mergeMembers([1, 2].map((s) => member(f, 8, 5, classes, s)), classes);
  const { dim, hidden } = merged.architecture;
  const inDim = merged.params.w1.length / hidden;
  const params: Params = {
    emb: tf.tensor2d(merged.params.emb, [f.tableRows, dim]), w1: tf.tensor2d(merged.params.w1, [inDim, hidden]),
    b1: tf.tensor1d(merged.params.b1), w2: tf.tensor2d(merged.params.w2, [hidden, classes]), b2: tf.tensor1d(merged.params.b2),
  };
  const { buffer, layout, sha256 } = serializeParams(params);
  const meta = {
    format: 'chirpflow-hashbag', formatVersion: 1, task: 'emotion', version: 't', createdAt: '', labels: ['anger', 'joy', 'optimism', 'sadness'],
    featurizer: CFG, architecture: { dim, hidden }, layout, sha256, training: {},
  } as ModelMeta;
  const model = LoadedModel.fromBuffer(meta, buffer);
  const got = model.predictProbs(TEXTS);
  const ref: TrainResult = { ...merged, params: { ...merged.params, emb: model.embeddingFloat32() } };
  const want = tf.tidy(() => tf.softmax(tf.tensor2d(logits(ref, f, classes), [TEXTS.length, classes])).dataSync());
  for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5, `prob ${i}: ${got[i]} vs ${want[i]}`);
  model.dispose();
  for (const t of Object.values(params) as tf.Tensor[]) t.dispose();
});

void test('weighted merge: logits are the weighted mean of the member logits; bad weights are refused', () => {
  const f = new Featurizer(CFG);
  const classes = 3;
  const members = [1, 2, 3].map((s) => member(f, 8, 5, classes, s));
  const w = [0.5, 0.3, 0.2];
  const merged = mergeMembers(members, classes, w);
  assert.equal(merged.hyper.memberWeights, '0.5,0.3,0.2');
  const each = members.map((m) => logits(m, f, classes));
  const got = logits(merged, f, classes);
  for (let i = 0; i < got.length; i++) {
    const want = w[0] * each[0][i] + w[1] * each[1][i] + w[2] * each[2][i];
    assert.ok(Math.abs(got[i] - want) < 1e-4, `logit ${i}: ${got[i]} vs ${want}`);
  }
  assert.throws(() => mergeMembers(members, classes, [0.5, 0.5]), /one non-negative weight per member/);
  assert.throws(() => mergeMembers(members, classes, [0.5, 0.3, 0.3]), /summing to 1/);
  assert.throws(() => mergeMembers(members, classes, [1.2, -0.1, -0.1]), /non-negative/);
});
