// Choosing the weights of a mixture of ensemble members on the selection split (issue #19) without
// building a model per candidate: a merged model's logits are the weighted sum of its members'
// logits (ensemble.ts), so each member's selection logits are computed once and every candidate is
// scored in plain JS: mix → calibrate (temperature + class bias) → decision rule → macro-recall,
// exactly the steps calibrateResult applies to the model that is finally built.
import { applyCalibration, decide, ece, fitCalibration, fitDecisionBias, nll } from './calibration';
import { computeMetrics } from './metrics';
import { batchToTensors, disposeBatch, forward } from './model';
import { Featurizer, GROUPS } from './features';
import { paramsToTensors } from './store';
import { tf } from './tf';
import type { TrainResult } from './train';

/** Logits (row-major, texts × classes) of one unmerged member, in float32 as trained. */
export function memberLogits(member: TrainResult, texts: readonly string[], classes: number): Float32Array {
  const f = new Featurizer(member.featurizer);
  const p = paramsToTensors(member, f.tableRows, GROUPS * member.architecture.dim + f.denseSize, classes);
  const x = batchToTensors(f.featurize(texts));
  try {
    return tf.tidy(() => forward(p, x).dataSync() as Float32Array).slice();
  } finally {
    disposeBatch(x);
    for (const t of Object.values(p) as tf.Tensor[]) t.dispose();
  }
}

/** log-softmax rows of Σ_k w_k · logits_k. */
export function mixLogProbs(logits: readonly Float32Array[], weights: readonly number[], classes: number): Float64Array {
  const n = logits[0].length;
  const z = new Float64Array(n);
  logits.forEach((l, k) => { if (weights[k] !== 0) for (let i = 0; i < n; i++) z[i] += weights[k] * l[i]; });
  for (let o = 0; o < n; o += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[o + c]);
    let s = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(z[o + c] - max);
    const lse = max + Math.log(s);
    for (let c = 0; c < classes; c++) z[o + c] -= lse;
  }
  return z;
}

export interface MixtureScore { macroRecall: number; nll: number; eceTop: number }

/** Selection score of a mixture after the calibration and decision rule fitted on the same rows. */
export function scoreMixture(logits: readonly Float32Array[], weights: readonly number[], y: readonly number[], labels: readonly string[]): MixtureScore {
  const k = labels.length;
  const z = mixLogProbs(logits, weights, k);
  const cal = fitCalibration(z, y, k);
  const p = applyCalibration(z, k, cal);
  const bias = fitDecisionBias(p, y, labels, 'macroRecall');
  const pred = y.map((_, i) => decide(p, i, k, bias));
  return { macroRecall: computeMetrics(y, pred, labels).macroRecall, nll: nll(z, y, k, cal), eceTop: ece(p, y, k) };
}
