import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeMetrics, formatMetrics } from '../../src/ml/metrics';

void test('macro recall, macro F1, accuracy and confusion match hand computation', () => {
  // truth:     0 0 0 0 1 1 2 2 2 2
  // predicted: 0 0 1 2 1 0 2 2 2 1
  const m = computeMetrics([0, 0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 0, 1, 2, 1, 0, 2, 2, 2, 1], ['neg', 'neu', 'pos']);
  assert.deepEqual(m.confusion, [[2, 1, 1], [1, 1, 0], [0, 1, 3]]);
  // recalls: 2/4, 1/2, 3/4 → macro 0.5833; precisions: 2/3, 1/3, 3/4
  assert.ok(Math.abs(m.macroRecall - (0.5 + 0.5 + 0.75) / 3) < 1e-12);
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  const expectedF1 = (f1(2 / 3, 0.5) + f1(1 / 3, 0.5) + f1(0.75, 0.75)) / 3;
  assert.ok(Math.abs(m.macroF1 - expectedF1) < 1e-12);
  assert.equal(m.accuracy, 0.6);
  assert.match(formatMetrics(m), /macro-recall=58\.33/);
});

void test('a class absent from truth and predictions is left out of macro averages', () => {
  const m = computeMetrics([0, 2, 2], [0, 2, 0], ['neg', 'neu', 'pos']);
  assert.ok(Math.abs(m.macroRecall - (1 + 0.5) / 2) < 1e-12);
});

void test('length mismatch is an error', () => {
  assert.throws(() => computeMetrics([0], [0, 1], ['a', 'b']), /length mismatch/);
});
