// The distillation teacher of the sentiment model (issue #19, eighth round; docs/models.md, "Eighth
// round"): multinomial logistic regression on frozen sentence embeddings (all-MiniLM-L6-v2, computed
// by scripts/fetch-teacher.ts). It never ships: it labels training rows with probabilities that the
// student members learn beside the hard labels. Every probability a student sees is out-of-fold
// (cross-fitted), so the student cannot learn the teacher's memorised training labels.
import { stratifiedFolds } from './kfold';
import { tf } from './tf';

/** A fitted teacher: logits = (√dim · x)·w + b. */
export interface TeacherFit { w: Float32Array; b: Float32Array; dim: number; classes: number }

export interface TeacherOptions {
  /** L2 penalty λ·‖W‖² added to the weighted mean log-loss. */
  lambda: number;
  steps?: number;
  learningRate?: number;
}

/** The λ grid of the eighth round's rule (chosen on 2016dev log-loss). */
export const TEACHER_LAMBDAS = [1e-4, 1e-3, 1e-2];
/** The ninth round's grid: the eighth's extended beyond its edge (1e-2 won there). */
export const TEACHER_LAMBDAS_R9 = [1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1];
/** The ninth round's grid for w, T1's weight in the log-linear mix with B's own members (T2). */
export const MIX_WEIGHTS = [0, 0.25, 0.5, 0.75, 1];
/** Inner folds and their seed for the out-of-fold teacher probabilities (the rule's step 2). */
export const TEACHER_INNER_K = 5;
export const TEACHER_INNER_SEED = 8;

/** Rows of a row-major matrix, gathered. */
export function gatherRows(x: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, j) => out.set(x.subarray(r * dim, (r + 1) * dim), j * dim));
  return out;
}

/**
 * Full-batch Adam on the weighted mean log-loss + λ‖W‖², from zero weights: deterministic. The unit-length
 * embeddings are scaled by √dim so that a coordinate is of order 1 and Adam's step suits every weight.
 */
export function fitTeacher(x: Float32Array, dim: number, y: readonly number[], rowWeights: readonly number[], classes: number, o: TeacherOptions): TeacherFit {
  const n = y.length;
  if (x.length !== n * dim || rowWeights.length !== n) throw new Error(`fitTeacher: ${x.length} values, ${n} labels, ${rowWeights.length} weights for dim ${dim}`);
  const total = rowWeights.reduce((s, w) => s + w, 0);
  const X = tf.tidy(() => tf.mul(tf.tensor2d(x, [n, dim]), Math.sqrt(dim)));
  const Y = tf.oneHot(tf.tensor1d(y as number[], 'int32'), classes);
  const wn = tf.tensor1d(rowWeights.map((w) => w / total));
  const W = tf.variable(tf.zeros([dim, classes]));
  const b = tf.variable(tf.zeros([classes]));
  const opt = tf.train.adam(o.learningRate ?? 0.05);
  try {
    for (let s = 0; s < (o.steps ?? 300); s++) {
      opt.minimize(() => {
        const ll = tf.sum(tf.mul(Y, tf.logSoftmax(tf.add(tf.matMul(X, W), b))), 1);
        return tf.add(tf.neg(tf.sum(tf.mul(ll, wn))), tf.mul(o.lambda, tf.sum(tf.square(W)))) as tf.Scalar;
      });
    }
    return { w: (W.dataSync() as Float32Array).slice(), b: (b.dataSync() as Float32Array).slice(), dim, classes };
  } finally {
    tf.dispose([X, Y, wn, W, b]);
    opt.dispose();
  }
}

/** Log-probabilities (rows × classes, row-major) of the teacher. */
export function teacherLogProbs(fit: TeacherFit, x: Float32Array): Float64Array {
  const n = x.length / fit.dim;
  const z = tf.tidy(() => tf.logSoftmax(tf.add(tf.matMul(tf.mul(tf.tensor2d(x, [n, fit.dim]), Math.sqrt(fit.dim)), tf.tensor2d(fit.w, [fit.dim, fit.classes])), tf.tensor1d(fit.b))).dataSync());
  return Float64Array.from(z);
}

/**
 * Out-of-fold teacher probabilities of every row (rows × classes): rows cut into `k` stratified inner
 * folds; each fold's probabilities come from a teacher trained on the other folds.
 */
export function teacherOutOfFold(x: Float32Array, dim: number, y: readonly number[], rowWeights: readonly number[], classes: number, o: TeacherOptions, k = TEACHER_INNER_K, seed = TEACHER_INNER_SEED): Float32Array {
  const fold = stratifiedFolds(y, k, seed);
  const out = new Float32Array(y.length * classes);
  for (let f = 0; f < k; f++) {
    const fitRows = y.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const useRows = y.flatMap((_, i) => (fold[i] === f ? [i] : []));
    const fit = fitTeacher(gatherRows(x, dim, fitRows), dim, fitRows.map((i) => y[i]), fitRows.map((i) => rowWeights[i]), classes, o);
    const lp = teacherLogProbs(fit, gatherRows(x, dim, useRows));
    useRows.forEach((r, j) => { for (let c = 0; c < classes; c++) out[r * classes + c] = Math.exp(lp[j * classes + c]); });
  }
  return out;
}

/** Embedding rows of `texts`, looked up in a table embedded once (texts → row of `table`). */
export function embeddingsOf(texts: readonly string[], index: ReadonlyMap<string, number>, table: Float32Array, dim: number): Float32Array {
  return gatherRows(table, dim, texts.map((t) => {
    const r = index.get(t);
    if (r === undefined) throw new Error(`no teacher embedding for a text (was it embedded?): ${t.slice(0, 60)}`);
    return r;
  }));
}

/**
 * Log-linear mix of two teachers' probabilities (rows × classes): q ∝ q1^w · q2^(1−w), row by row
 * (a product of experts: a class both teachers find unlikely stays unlikely).
 */
export function mixTeachers(q1: ArrayLike<number>, q2: ArrayLike<number>, w: number, classes: number): Float32Array {
  if (q1.length !== q2.length || q1.length % classes !== 0) throw new Error(`mixTeachers: ${q1.length} and ${q2.length} probabilities for ${classes} classes`);
  if (!(w >= 0 && w <= 1)) throw new Error(`mixTeachers: weight in [0, 1], got ${w}`);
  const out = new Float32Array(q1.length);
  const l = new Float64Array(classes);
  for (let o = 0; o < q1.length; o += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      l[c] = w * Math.log(Math.max(q1[o + c], 1e-12)) + (1 - w) * Math.log(Math.max(q2[o + c], 1e-12));
      if (l[c] > max) max = l[c];
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) { l[c] = Math.exp(l[c] - max); sum += l[c]; }
    for (let c = 0; c < classes; c++) out[o + c] = l[c] / sum;
  }
  return out;
}

/** Row-weighted mean log-loss of probabilities q (rows × classes) against labels y. */
export function weightedLogLoss(q: ArrayLike<number>, y: readonly number[], rowWeights: readonly number[], classes: number): number {
  let s = 0; let t = 0;
  y.forEach((c, i) => { s -= rowWeights[i] * Math.log(Math.max(q[i * classes + c], 1e-12)); t += rowWeights[i]; });
  return s / t;
}

/**
 * The ninth round's choice of T1's weight w in the mix: the grid value with the lowest row-weighted
 * log-loss against the labels of the rows both teachers predicted out of fold (ties: the first).
 */
export function chooseMixWeight(q1: ArrayLike<number>, q2: ArrayLike<number>, y: readonly number[], rowWeights: readonly number[], classes: number, grid: readonly number[] = MIX_WEIGHTS): { w: number; losses: number[] } {
  const losses = grid.map((w) => weightedLogLoss(mixTeachers(q1, q2, w, classes), y, rowWeights, classes));
  return { w: grid[losses.indexOf(Math.min(...losses))], losses };
}
