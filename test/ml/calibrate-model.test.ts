// Calibration folded into a saved model must give exactly the calibrated probabilities, keep the
// stored format loadable, and leave older models (no `decision` in model.json) labelling as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer, GROUPS, type FeaturizerConfig } from '../../src/ml/features';
import { LoadedModel, serializeParams, type ModelMeta, type Params } from '../../src/ml/model';
import { applyCalibration, logProbs } from '../../src/ml/calibration';
import { calibrateSaved } from '../../src/ml/calibrate-model';
import { SentimentModel } from '../../src/ml/index';
import { argmaxRow } from '../../src/ml/metrics';
import { tf } from '../../src/ml/tf';

const CFG: FeaturizerConfig = { version: 1, wordBuckets: 256, charBuckets: 128, charMin: 3, charMax: 4, lexicon: true };
const LABELS = ['negative', 'neutral', 'positive'];

function tinyModel(): LoadedModel {
  const f = new Featurizer(CFG);
  const dim = 8, hidden = 6;
  const inDim = GROUPS * dim + f.denseSize;
  const params: Params = {
    emb: tf.randomUniform([f.tableRows, dim], -1, 1, 'float32', 11),
    w1: tf.randomUniform([inDim, hidden], -1, 1, 'float32', 12),
    b1: tf.randomUniform([hidden], -0.1, 0.1, 'float32', 13),
    w2: tf.randomUniform([hidden, 3], -2, 2, 'float32', 14),
    b2: tf.randomUniform([3], -0.5, 0.5, 'float32', 15),
  };
  const { buffer, layout, sha256 } = serializeParams(params);
  for (const t of Object.values(params) as tf.Tensor[]) t.dispose();
  const meta = {
    format: 'chirpflow-hashbag', formatVersion: 1, task: 'sentiment', version: 'old', createdAt: '', labels: LABELS,
    featurizer: CFG, architecture: { dim, hidden }, layout, sha256, training: {},
  } as ModelMeta;
  return LoadedModel.fromBuffer(meta, buffer);
}

const TEXTS = ['I love it', "don't like it at all!!", 'meh, fine', '😍 #happy @user', 'worst day ever', 'ok then', 'great great great', 'not bad', 'so sad', 'whatever'];

void test('calibrateSaved folds the fit into the output layer: the saved model outputs the calibrated probabilities', () => {
  const old = tinyModel();
  const selection = { texts: TEXTS, y: [2, 0, 1, 2, 0, 1, 2, 2, 0, 1], labels: LABELS };
  const { built, report } = calibrateSaved(old, selection, 'unit', 'macroRecall', 'keep', new Date('2026-01-01T00:00:00Z'));
  const oldProbs = old.predictProbs(TEXTS);
  const want = applyCalibration(logProbs(oldProbs), 3, report.calibration);
  const reloaded = LoadedModel.fromBuffer(JSON.parse(JSON.stringify(built.meta)) as ModelMeta, built.buffer);
  const got = reloaded.predictProbs(TEXTS);
  for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4, `prob ${i}: ${got[i]} vs ${want[i]}`);
  assert.notEqual(built.meta.version, 'old', 'new weights get a new version');
  assert.equal(built.buffer.length, old.meta.layout.bytes, 'same layout: the format does not change');
  // decision 'keep': labels are exactly those of the uncalibrated model.
  for (let i = 0; i < TEXTS.length; i++) assert.equal(reloaded.labelIndex(got, i), argmaxRow(oldProbs, i, 3));
  reloaded.dispose();
  old.dispose();
});

void test('a model without a decision rule (stored before issue #19) still labels by plain argmax', () => {
  const old = tinyModel();
  assert.equal(old.meta.decision, undefined);
  const probs = old.predictProbs(TEXTS);
  const results = new SentimentModel(old).predict(TEXTS);
  results.forEach((r, i) => assert.equal(r.label, LABELS[argmaxRow(probs, i, 3)]));
  old.dispose();
});
