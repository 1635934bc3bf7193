import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCalibration, decide, ece, fitCalibration, fitDecisionBias, logProbs } from '../../src/ml/calibration';
import { mulberry32 } from '../../src/ml/rng';
import { toEmotionResult, toSentimentResult } from '../../src/ml/index';

/** Over-confident synthetic 3-class predictions: true class probability ~0.6, reported ~0.95. */
function overconfident(n: number): { probs: Float32Array; y: number[] } {
  const rand = mulberry32(7);
  const probs = new Float32Array(n * 3);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const pred = Math.floor(rand() * 3);
    const truth = rand() < 0.6 ? pred : (pred + 1 + Math.floor(rand() * 2)) % 3;
    y.push(truth);
    for (let c = 0; c < 3; c++) probs[i * 3 + c] = c === pred ? 0.95 : 0.025;
  }
  return { probs, y };
}

void test('temperature + bias scaling fitted on held-out data removes over-confidence (ECE)', () => {
  const { probs, y } = overconfident(3000);
  const before = ece(probs, y, 3);
  assert.ok(before > 0.3, `synthetic data should be badly calibrated, ECE ${before}`);
  const z = logProbs(probs);
  const cal = fitCalibration(z, y, 3);
  assert.ok(cal.scale < 1, 'over-confidence needs a temperature above 1');
  const after = ece(applyCalibration(z, 3, cal), y, 3);
  assert.ok(after < 0.02, `ECE after calibration ${after}`);
});

void test('decide adds the decision bias to log-probabilities; fitDecisionBias recovers a rare class', () => {
  const probs = new Float32Array([0.5, 0.45, 0.05, 0.2, 0.7, 0.1]);
  assert.equal(decide(probs, 0, 3), 0);
  assert.equal(decide(probs, 0, 3, [0, 0.2, 0]), 1);
  // Class 2 is always under-scored: a bias that lifts it raises macro-recall.
  const rand = mulberry32(3);
  const n = 600; const p = new Float32Array(n * 3); const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3; y.push(c);
    const raw = [rand(), rand(), rand()]; raw[c] += 0.8; raw[2] *= 0.3;
    const s = raw[0] + raw[1] + raw[2];
    for (let j = 0; j < 3; j++) p[i * 3 + j] = raw[j] / s;
  }
  const bias = fitDecisionBias(p, y, ['a', 'b', 'c'], 'macroRecall');
  assert.equal(bias[0], 0);
  assert.ok(bias[2] > 0.3, `bias for the under-scored class: ${bias[2]}`);
});

void test('result mapping uses the decision bias when a model has one, plain argmax otherwise', () => {
  const labels = ['negative', 'neutral', 'positive'];
  const probs = [0.3, 0.45, 0.25];
  assert.equal(toSentimentResult(labels, probs, 0).label, 'neutral');
  const r = toSentimentResult(labels, probs, 0, [0.5, 0, 0]);
  assert.equal(r.label, 'negative');
  assert.equal(r.score, 0.25, 'the score stays P(positive), untouched by the decision rule');
  const e = ['anger', 'joy', 'optimism', 'sadness'];
  assert.equal(toEmotionResult(e, [0.4, 0.3, 0.2, 0.1], 0).label, 'anger');
  assert.equal(toEmotionResult(e, [0.4, 0.3, 0.2, 0.1], 0, [0, 0, 1, 0]).label, 'optimism');
});
