import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTeacher, gatherRows, teacherLogProbs, teacherOutOfFold } from '../../src/ml/teacher';
import { stratifiedFolds } from '../../src/ml/kfold';
import { trainClassifier } from '../../src/ml/train';
import { TINY, syntheticSet } from './tiny';

// Two-dimensional unit vectors around three directions, one per class; row i's label is i % 3.
function points(n: number): { x: Float32Array; y: number[] } {
  const x = new Float32Array(n * 2);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * (i % 3)) / 3 + 0.3 * Math.sin(7 * i);
    x[2 * i] = Math.cos(a); x[2 * i + 1] = Math.sin(a);
    y.push(i % 3);
  }
  return { x, y };
}

void test('the teacher (logistic regression on embeddings) learns separable classes, deterministically', () => {
  const { x, y } = points(60);
  const w = y.map(() => 1);
  const a = fitTeacher(x, 2, y, w, 3, { lambda: 1e-4 });
  assert.deepEqual(Array.from(a.w), Array.from(fitTeacher(x, 2, y, w, 3, { lambda: 1e-4 }).w));
  const lp = teacherLogProbs(a, x);
  const right = y.filter((t, i) => lp[i * 3 + t] === Math.max(lp[i * 3], lp[i * 3 + 1], lp[i * 3 + 2])).length;
  assert.equal(right, 60);
  // A larger penalty gives smaller weights.
  const big = fitTeacher(x, 2, y, w, 3, { lambda: 1 });
  const norm = (v: Float32Array) => Math.hypot(...v);
  assert.ok(norm(big.w) < norm(a.w) / 2, `${norm(big.w)} vs ${norm(a.w)}`);
});

void test("out-of-fold teacher probabilities come from a teacher trained without the row", () => {
  const { x, y } = points(60);
  const w = y.map(() => 1);
  const oof = teacherOutOfFold(x, 2, y, w, 3, { lambda: 1e-3 }, 5, 8);
  // Inner fold 2, rebuilt by hand: a teacher fitted on the other folds' rows only.
  const fold = stratifiedFolds(y, 5, 8);
  const out = y.flatMap((_, i) => (fold[i] === 2 ? [i] : []));
  const fit = fitTeacher(gatherRows(x, 2, y.flatMap((_, i) => (fold[i] === 2 ? [] : [i]))), 2, y.filter((_, i) => fold[i] !== 2), w.slice(0, 60 - out.length), 3, { lambda: 1e-3 });
  const lp = teacherLogProbs(fit, gatherRows(x, 2, out));
  out.forEach((r, j) => { for (let c = 0; c < 3; c++) assert.ok(Math.abs(oof[r * 3 + c] - Math.exp(lp[j * 3 + c])) < 1e-6); });
  // An in-sample teacher (trained on every row, this one included) gives different probabilities.
  const inSample = teacherLogProbs(fitTeacher(x, 2, y, w, 3, { lambda: 1e-3 }), gatherRows(x, 2, out));
  assert.ok(out.some((r, j) => Math.abs(oof[r * 3 + y[r]] - Math.exp(inSample[j * 3 + y[r]])) > 1e-4));
  for (let i = 0; i < 60; i++) assert.ok(Math.abs(oof[3 * i] + oof[3 * i + 1] + oof[3 * i + 2] - 1) < 1e-5);
});

void test('distillation: α = 1 with one-hot teacher targets trains exactly like the hard labels', () => {
  const set = syntheticSet();
  const opts = { labels: set.labels, train: set, valid: set, seed: 3, epochs: 2, batchSize: 8, learningRate: 0.02, patience: 2, architecture: { dim: 8, hidden: 8 }, featurizer: TINY } as const;
  const hard = trainClassifier(opts);
  const q = new Float32Array(set.y.length * 3);
  set.y.forEach((t, i) => { q[i * 3 + t] = 1; });
  const asSoft = trainClassifier({ ...opts, distill: 1, softTargets: q });
  assert.deepEqual(Array.from(asSoft.params.w2), Array.from(hard.params.w2));
  // Uniform teacher targets at α = 0.5 change the weights, and the run records α.
  const uniform = trainClassifier({ ...opts, distill: 0.5, softTargets: new Float32Array(set.y.length * 3).fill(1 / 3) });
  assert.notDeepEqual(Array.from(uniform.params.w2), Array.from(hard.params.w2));
  assert.equal(uniform.hyper.distill, 0.5);
  assert.throws(() => trainClassifier({ ...opts, distill: 0.5 }), /softTargets/);
});
