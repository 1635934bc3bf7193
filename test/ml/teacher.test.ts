import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMixWeight, fitTeacher, gatherRows, mixTeachers, teacherLogProbs, teacherOutOfFold, weightedLogLoss } from '../../src/ml/teacher';
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

void test('mixTeachers (round 9): a log-linear mix, normalised per row; w = 1 and w = 0 give each teacher back', () => {
  const q1 = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.1, 0.8]);
  const q2 = Float32Array.from([0.2, 0.2, 0.6, 0.3, 0.3, 0.4]);
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((x, i) => Math.abs(x - b[i]) < 1e-6);
  assert.ok(same(mixTeachers(q1, q2, 1, 3), q1));
  assert.ok(same(mixTeachers(q1, q2, 0, 3), q2));
  // w = 0.5: the normalised geometric mean (not the arithmetic one).
  const m = mixTeachers(q1, q2, 0.5, 3);
  const g = [Math.sqrt(0.7 * 0.2), Math.sqrt(0.2 * 0.2), Math.sqrt(0.1 * 0.6)];
  const s = g[0] + g[1] + g[2];
  assert.ok(same(m.subarray(0, 3), g.map((x) => x / s)));
  assert.ok(Math.abs(m[3] + m[4] + m[5] - 1) < 1e-6);
  assert.throws(() => mixTeachers(q1, q2.subarray(0, 3), 0.5, 3), /probabilities/);
  assert.throws(() => mixTeachers(q1, q2, 1.5, 3), /weight in \[0, 1\]/);
});

void test('chooseMixWeight (round 9): the grid weight with the lowest row-weighted log-loss against the labels', () => {
  // Teacher 1 is right on rows 0-1, teacher 2 on rows 2-3.
  const q1 = Float32Array.from([0.9, 0.05, 0.05, 0.05, 0.9, 0.05, 0.6, 0.3, 0.1, 0.3, 0.6, 0.1]);
  const q2 = Float32Array.from([0.4, 0.3, 0.3, 0.3, 0.4, 0.3, 0.05, 0.05, 0.9, 0.05, 0.05, 0.9]);
  const y = [0, 1, 2, 2];
  const even = chooseMixWeight(q1, q2, y, [1, 1, 1, 1], 3);
  assert.ok(even.w > 0 && even.w < 1, `an interior weight when both are right half the time, got ${even.w}`);
  assert.equal(even.losses.length, 5);
  // Row weights decide: weight only teacher 1's rows and w = 1 wins; only teacher 2's and w = 0.
  assert.equal(chooseMixWeight(q1, q2, y, [1, 1, 0, 0], 3).w, 1);
  assert.equal(chooseMixWeight(q1, q2, y, [0, 0, 1, 1], 3).w, 0);
  assert.ok(Math.abs(weightedLogLoss(q1, y, [1, 0, 0, 0], 3) + Math.log(0.9)) < 1e-6);
});
