// Calibration folded into a saved model must give exactly the calibrated probabilities, keep the
// stored format loadable, and leave older models (no `decision` in model.json) labelling as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer, GROUPS, type FeaturizerConfig } from '../../src/ml/features';
import { LoadedModel, serializeParams, type ModelMeta, type Params } from '../../src/ml/model';
import { applyCalibration, logProbs } from '../../src/ml/calibration';
import { calibrateResult, calibrateSaved } from '../../src/ml/calibrate-model';
import type { TrainResult } from '../../src/ml/train';
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

void test('calibrateResult with a pre-fitted calibration (round 6: from the k-fold) folds that fit in, not one of the selection split', () => {
  const old = tinyModel();
  const result: TrainResult = {
    params: { emb: Float32Array.from(old.table.q, (v, i) => v * old.table.scales[Math.floor(i / old.table.dim)]), w1: old.head.w1.dataSync() as Float32Array, b1: old.head.b1.dataSync() as Float32Array, w2: old.head.w2.dataSync() as Float32Array, b2: old.head.b2.dataSync() as Float32Array },
    architecture: old.meta.architecture, featurizer: CFG, bestEpoch: 1, epochsRun: 1, valid: {} as TrainResult['valid'], history: [], hyper: {},
  };
  const selection = { texts: TEXTS, y: [2, 0, 1, 2, 0, 1, 2, 2, 0, 1], labels: LABELS };
  const fit = { calibration: { scale: 0.5, bias: [0.3, -0.2, 0.1] }, decisionBias: [0, 0.4, -0.7], fittedOn: 'elsewhere', rows: 7611 };
  const own = calibrateResult('sentiment', LABELS, result, {}, selection, 'unit', 'macroRecall');
  const { built, report } = calibrateResult('sentiment', LABELS, result, {}, selection, 'unit', 'macroRecall', fit);
  assert.deepEqual(report.calibration, fit.calibration);
  assert.deepEqual(report.decisionBias, fit.decisionBias);
  assert.notDeepEqual(own.report.calibration, fit.calibration, 'without it the fit is the selection split\'s');
  assert.deepEqual(built.meta.calibration, { method: 'temperature + class bias (NLL)', scale: 0.5, bias: [0.3, -0.2, 0.1], fittedOn: 'elsewhere', rows: 7611 });
  assert.deepEqual(built.meta.decision, { bias: [0, 0.4, -0.7], fittedOn: 'elsewhere', metric: 'macroRecall' });
  // The saved model outputs softmax(0.5 · log q + b) of the uncalibrated model q, and labels with the given bias.
  const raw = calibrateResult('sentiment', LABELS, result, {}, selection, 'unit', 'macroRecall', { ...fit, calibration: { scale: 1, bias: [0, 0, 0] }, decisionBias: [0, 0, 0] });
  const q = LoadedModel.fromBuffer(raw.built.meta, raw.built.buffer).predictProbs(TEXTS);
  const want = applyCalibration(logProbs(q), 3, fit.calibration);
  const m = LoadedModel.fromBuffer(built.meta, built.buffer);
  const got = m.predictProbs(TEXTS);
  for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4, `prob ${i}: ${got[i]} vs ${want[i]}`);
  assert.throws(() => calibrateResult('sentiment', LABELS, result, {}, selection, 'unit', 'macroRecall', { ...fit, decisionBias: [0, 1] }), /3 class biases expected/);
  // Round 7: a decision bias set without fitting (−log π) is recorded as such, not as fitted for macro-recall.
  const prior = calibrateResult('sentiment', LABELS, result, {}, selection, 'unit', 'macroRecall', { ...fit, decisionMethod: '−log π' });
  assert.deepEqual(prior.built.meta.decision, { bias: [0, 0.4, -0.7], fittedOn: 'elsewhere', metric: '−log π' });
  m.dispose(); old.dispose();
});
