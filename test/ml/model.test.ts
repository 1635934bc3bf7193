// Inference (JS pooling over the int8 table) must compute what training computes (tf gather + segment mean).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer, type FeaturizerConfig } from '../../src/ml/features';
import { LoadedModel, batchToTensors, dequantizeRows, disposeBatch, forward, quantizeRows, serializeParams, type ModelMeta, type Params } from '../../src/ml/model';
import { tf } from '../../src/ml/tf';
import { TINY_NET, tinyParams } from './tiny';

const CFG: FeaturizerConfig = { version: 1, wordBuckets: 256, charBuckets: 128, charMin: 3, charMax: 4, lexicon: true };

void test('int8 quantisation keeps each row within half a step of the original', () => {
  const v = new Float32Array([0.5, -0.25, 0.1, 0, 0, 0]);
  const { q, scales } = quantizeRows(v, 2, 3);
  const back = dequantizeRows(q, scales, 3);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(back[i] - v[i]) <= scales[0] / 2 + 1e-9);
  assert.deepEqual(Array.from(back.subarray(3)), [0, 0, 0]); // an all-zero row stays zero
});

void test('LoadedModel.predictProbs equals softmax(forward) on the same weights', () => {
  const f = new Featurizer(CFG);
  const { dim, hidden } = TINY_NET;
  const params = tinyParams(f);
  const { buffer, layout, sha256 } = serializeParams(params);
  const meta = {
    format: 'chirpflow-hashbag', formatVersion: 1, task: 'sentiment', version: 't', createdAt: '', labels: ['negative', 'neutral', 'positive'],
    featurizer: CFG, architecture: { dim, hidden }, layout, sha256, training: {},
  } as ModelMeta;
  const model = LoadedModel.fromBuffer(meta, buffer);
  const texts = ['I love it', "don't like it at all!!", '', '😍 #happy @user', 'x'.repeat(50)];
  const got = model.predictProbs(texts);
  // Reference: the training-time forward pass on the dequantised table.
  const ref: Params = { ...params, emb: tf.tensor2d(model.embeddingFloat32(), [f.tableRows, dim]) };
  const x = batchToTensors(f.featurize(texts));
  const want = tf.tidy(() => tf.softmax(forward(ref, x)).dataSync());
  disposeBatch(x);
  assert.equal(got.length, want.length);
  for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5, `prob ${i}: ${got[i]} vs ${want[i]}`);
  model.dispose();
  for (const t of Object.values(params) as tf.Tensor[]) t.dispose();
  ref.emb.dispose();
});
