// Calibration of a trained classifier on the selection split (issue #19), all pure functions.
// The network is trained with class-balanced loss, so its raw softmax over-states rare classes and
// is over/under-confident. Two small fits on held-out (selection) data fix that:
//   1. temperature + class biases ("bias-corrected temperature scaling"): p = softmax(a·log q + b),
//      fitted by minimising the negative log-likelihood. It is folded into the output layer
//      (w2·a, b2·a + b), so the stored format and the inference code do not change;
//   2. a decision bias d for the label only: label = argmax(log p + d), fitted to maximise the
//      task's macro metric (calibrated probabilities favour frequent classes; macro-recall does not).
// `score` = P(positive) therefore reads as a probability, and the label keeps its balanced quality.
import { computeMetrics } from './metrics';

export interface Calibration {
  /** Inverse temperature a (1 = unchanged). */
  scale: number;
  /** Per-class bias added after scaling. */
  bias: number[];
}

/** Log of each probability, floored so that a 0 stays finite. */
export function logProbs(probs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = Math.log(Math.max(probs[i], 1e-12));
  return out;
}

function softmaxRow(z: Float64Array, k: number, o: number, a: number, b: readonly number[], out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) { out[c] = a * z[o + c] + b[c]; if (out[c] > max) max = out[c]; }
  let sum = 0;
  for (let c = 0; c < k; c++) { out[c] = Math.exp(out[c] - max); sum += out[c]; }
  for (let c = 0; c < k; c++) out[c] /= sum;
}

/** Mean negative log-likelihood of labels y under softmax(a·z + b). */
export function nll(z: Float64Array, y: readonly number[], k: number, cal: Calibration): number {
  const p = new Float64Array(k);
  let s = 0;
  for (let i = 0; i < y.length; i++) { softmaxRow(z, k, i * k, cal.scale, cal.bias, p); s -= Math.log(Math.max(p[y[i]], 1e-12)); }
  return s / y.length;
}

/**
 * Fits a and b by full-batch gradient descent with Adam on the NLL (convex in (a, b)); a few
 * hundred steps over a few thousand rows take milliseconds. `withBias` false = plain temperature.
 */
export function fitCalibration(z: Float64Array, y: readonly number[], k: number, withBias = true, steps = 800): Calibration {
  const theta = new Float64Array(k + 1); // [a, b0..bk-1]
  theta[0] = 1;
  const m = new Float64Array(k + 1); const v = new Float64Array(k + 1);
  const lr = 0.02; const b1 = 0.9; const b2 = 0.999;
  const p = new Float64Array(k);
  for (let t = 1; t <= steps; t++) {
    const g = new Float64Array(k + 1);
    for (let i = 0; i < y.length; i++) {
      softmaxRow(z, k, i * k, theta[0], Array.from(theta.subarray(1)), p);
      for (let c = 0; c < k; c++) {
        const d = p[c] - (c === y[i] ? 1 : 0);
        g[0] += d * z[i * k + c];
        if (withBias) g[c + 1] += d;
      }
    }
    for (let j = 0; j <= k; j++) {
      const gj = g[j] / y.length;
      m[j] = b1 * m[j] + (1 - b1) * gj; v[j] = b2 * v[j] + (1 - b2) * gj * gj;
      theta[j] -= (lr * (m[j] / (1 - b1 ** t))) / (Math.sqrt(v[j] / (1 - b2 ** t)) + 1e-9);
    }
  }
  return { scale: theta[0], bias: Array.from(theta.subarray(1)) };
}

/** Calibrated probabilities (row-major) from log-probabilities. */
export function applyCalibration(z: Float64Array, k: number, cal: Calibration): Float32Array {
  const out = new Float32Array(z.length);
  const p = new Float64Array(k);
  for (let o = 0; o < z.length; o += k) { softmaxRow(z, k, o, cal.scale, cal.bias, p); for (let c = 0; c < k; c++) out[o + c] = p[c]; }
  return out;
}

/**
 * Expected calibration error with equal-width bins. `cls` undefined = top-label ECE (confidence of
 * the most probable class vs. its accuracy); a class index = that class's probability vs. how often
 * the truth is that class (e.g. P(positive), the `score` marketers threshold).
 */
export function ece(probs: ArrayLike<number>, y: readonly number[], k: number, cls?: number, bins = 15): number {
  const conf = new Float64Array(bins); const hit = new Float64Array(bins); const count = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    let c = cls ?? 0;
    if (cls === undefined) for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + c]) c = j;
    const pc = probs[i * k + c];
    const bin = Math.min(bins - 1, Math.floor(pc * bins));
    conf[bin] += pc; hit[bin] += y[i] === c ? 1 : 0; count[bin]++;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) e += Math.abs(conf[b] - hit[b]);
  return e / y.length;
}

/** Label = argmax over classes of log p + bias (bias undefined or all 0 = plain argmax). */
export function decide(probs: ArrayLike<number>, row: number, k: number, bias?: readonly number[]): number {
  let best = 0; let bestV = -Infinity;
  for (let c = 0; c < k; c++) {
    const v = Math.log(Math.max(probs[row * k + c], 1e-12)) + (bias?.[c] ?? 0);
    if (v > bestV) { bestV = v; best = c; }
  }
  return best;
}

/**
 * Decision bias maximising `metric` on held-out data: coordinate search over classes 1..k-1 (class
 * 0's bias stays 0, only differences matter), a few sweeps over a grid of −3..3 in steps of 0.05.
 */
export function fitDecisionBias(probs: ArrayLike<number>, y: readonly number[], labels: readonly string[], metric: 'macroRecall' | 'macroF1'): number[] {
  const k = labels.length;
  const lp = logProbs(probs);
  const bias = new Array<number>(k).fill(0);
  const score = (b: number[]) => {
    const pred = y.map((_, i) => {
      let best = 0; let bestV = -Infinity;
      for (let c = 0; c < k; c++) { const v = lp[i * k + c] + b[c]; if (v > bestV) { bestV = v; best = c; } }
      return best;
    });
    return computeMetrics(y, pred, labels)[metric];
  };
  let bestScore = score(bias);
  for (let sweep = 0; sweep < 3; sweep++) {
    for (let c = 1; c < k; c++) {
      let bestB = bias[c];
      for (let g = -60; g <= 60; g++) {
        const trial = [...bias]; trial[c] = g * 0.05;
        const s = score(trial);
        // Ties go to the smaller |bias| so that an uninformative search leaves the argmax alone.
        if (s > bestScore + 1e-12 || (Math.abs(s - bestScore) <= 1e-12 && Math.abs(trial[c]) < Math.abs(bestB))) { bestScore = s; bestB = trial[c]; }
      }
      bias[c] = bestB;
    }
  }
  return bias.map((b) => Math.round(b * 100) / 100);
}
