// Mixture weights are chosen from the members' logits (src/ml/mixture.ts) and then the merged model is
// built: both must agree, or the choice would be made on a model that is not the one shipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer, GROUPS, type FeaturizerConfig } from '../../src/ml/features';
import { mergeMembers } from '../../src/ml/ensemble';
import { memberLogits, mixLogProbs, scoreMixture } from '../../src/ml/mixture';
import { LoadedModel, serializeParams, type ModelMeta } from '../../src/ml/model';
import { paramsToTensors } from '../../src/ml/store';
import { tf } from '../../src/ml/tf';
import type { TrainResult } from '../../src/ml/train';

const CFG: FeaturizerConfig = { version: 1, wordBuckets: 256, charBuckets: 128, charMin: 3, charMax: 4, lexicon: true };
const TEXTS = ['I love it', "don't like it at all!!", 'meh, whatever', '😍 #happy @user', 'so sad and angry today', 'great game tonight'];
const LABELS = ['negative', 'neutral', 'positive'];

function member(f: Featurizer, seed: number): TrainResult {
  const dim = 8; const hidden = 5; const inDim = GROUPS * dim + f.denseSize;
  const r = (shape: number[], s: number) => tf.tidy(() => tf.randomUniform(shape, -1, 1, 'float32', seed * 10 + s).dataSync() as Float32Array);
  return {
    params: { emb: r([f.tableRows, dim], 1), w1: r([inDim, hidden], 2), b1: r([hidden], 3), w2: r([hidden, 3], 4), b2: r([3], 5) },
    architecture: { dim, hidden }, featurizer: CFG, bestEpoch: 1, epochsRun: 1, valid: undefined as never, history: [], hyper: { seed },
  };
}

void test('the mixture scored from member logits is the merged model the weights build', () => {
  const f = new Featurizer(CFG);
  const members = [1, 2, 3].map((s) => member(f, s));
  const w = [0.6, 0.3, 0.1];
  const lp = mixLogProbs(members.map((m) => memberLogits(m, TEXTS, 3)), w, 3);
  const merged = mergeMembers(members, 3, w);
  const p = paramsToTensors(merged, f.tableRows, GROUPS * merged.architecture.dim + f.denseSize, 3);
  const { buffer, layout, sha256 } = serializeParams(p);
  for (const t of Object.values(p) as tf.Tensor[]) t.dispose();
  const meta = { format: 'chirpflow-hashbag', formatVersion: 1, task: 'sentiment', version: 't', createdAt: '', labels: LABELS, featurizer: CFG, architecture: merged.architecture, layout, sha256, training: {} } as ModelMeta;
  const model = LoadedModel.fromBuffer(meta, buffer);
  const probs = model.predictProbs(TEXTS);
  model.dispose();
  // The saved table is int8, so allow its rounding.
  for (let i = 0; i < probs.length; i++) assert.ok(Math.abs(Math.exp(lp[i]) - probs[i]) < 0.02, `prob ${i}: ${Math.exp(lp[i])} vs ${probs[i]}`);
});

void test('a weight of 1 on one member scores that member alone; scores move with the weights', () => {
  const f = new Featurizer(CFG);
  const logits = [4, 5].map((s) => memberLogits(member(f, s), TEXTS, 3));
  const y = [2, 0, 1, 2, 0, 2];
  const alone = scoreMixture([logits[0]], [1], y, LABELS);
  assert.deepEqual(scoreMixture(logits, [1, 0], y, LABELS), alone);
  assert.notDeepEqual(scoreMixture(logits, [0, 1], y, LABELS).nll, alone.nll);
  const rowSums = mixLogProbs(logits, [0.5, 0.5], 3);
  for (let o = 0; o < rowSums.length; o += 3) assert.ok(Math.abs(Math.exp(rowSums[o]) + Math.exp(rowSums[o + 1]) + Math.exp(rowSums[o + 2]) - 1) < 1e-9);
});
