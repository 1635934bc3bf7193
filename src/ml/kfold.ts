// K-fold selection for the sentiment model (issue #19, fourth round). The selection split (2016dev,
// 1,912 tweets) cannot tell sub-point gains from noise, so candidate configurations are compared on
// a larger estimate: the 2016 files of the summer-2015 collection (2016train + 2016dev, the report
// file's own collection) are cut into k folds; each fold is held out in turn while the members train
// on everything else (older files included, with the same recency weighting). Calibration and
// decision rule are cross-fitted inside the held-out fold (fitted on one half, applied to the other),
// so no held-out tweet is scored by a fit that saw it. Pure functions; scripts/kfold-sentiment.ts runs it.
import { applyCalibration, decide, fitCalibration, fitDecisionBias, logProbs, type Calibration } from './calibration';
import type { LabeledSet } from './data';
import { computeMetrics } from './metrics';
import { mulberry32, shuffledIndices } from './rng';
import type { RoleSplit } from './splits';

/** Weight of a row from year Y: recency^(latest year − Y) (1 = no recency weighting). */
export function recencyWeights(files: readonly string[], recency: number): number[] {
  const year = (f: string) => Number(/twitter-(\d{4})/.exec(f)?.[1] ?? '2016');
  const latest = Math.max(...files.map(year));
  return files.map((f) => recency ** (latest - year(f)));
}

/** Fold (0..k-1) of each row, stratified by label: each label's rows shuffled, then dealt round-robin. */
export function stratifiedFolds(y: readonly number[], k: number, seed: number): number[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`k must be an integer >= 2, got ${k}`);
  const out = new Array<number>(y.length).fill(-1);
  const rand = mulberry32(seed);
  const labels = [...new Set(y)].sort((a, b) => a - b);
  let next = 0;
  for (const c of labels) {
    const rows = y.flatMap((l, i) => (l === c ? [i] : []));
    for (const j of shuffledIndices(rows.length, rand)) { out[rows[j]] = next; next = (next + 1) % k; }
  }
  return out;
}

/** Rows of a split as a standalone set (texts, labels, files). */
function pick(s: RoleSplit, rows: readonly number[]): RoleSplit {
  return {
    texts: rows.map((i) => s.texts[i]), y: rows.map((i) => s.y[i]), labels: s.labels,
    ids: rows.map((i) => s.ids[i]), files: rows.map((i) => s.files[i]),
  };
}

export interface FoldPlan {
  /** Files whose rows are dealt into folds (the rest of the train role always trains). */
  poolFiles: readonly string[];
  k: number;
  seed: number;
}

export interface FoldData { train: RoleSplit; heldOut: RoleSplit }

/**
 * The pool = rows of `poolFiles` from the train role and the selection role; fold f's held-out set
 * is its share of the pool; its training set is every other train-role and selection-role row.
 * The report split is never an input.
 */
export function buildFolds(train: RoleSplit, selection: RoleSplit, plan: FoldPlan): FoldData[] {
  const all: RoleSplit = {
    texts: [...train.texts, ...selection.texts], y: [...train.y, ...selection.y], labels: train.labels,
    ids: [...train.ids, ...selection.ids], files: [...train.files, ...selection.files],
  };
  const inPool = all.files.map((f) => plan.poolFiles.includes(f));
  const poolRows = all.files.flatMap((_, i) => (inPool[i] ? [i] : []));
  if (poolRows.length === 0) throw new Error(`no rows of ${plan.poolFiles.join(', ')} in the train or selection role`);
  const fold = stratifiedFolds(poolRows.map((i) => all.y[i]), plan.k, plan.seed);
  const foldOf = new Map(poolRows.map((r, j) => [r, fold[j]]));
  return Array.from({ length: plan.k }, (_, f) => ({
    train: pick(all, all.texts.flatMap((_, i) => (foldOf.get(i) === f ? [] : [i]))),
    heldOut: pick(all, poolRows.filter((r) => foldOf.get(r) === f)),
  }));
}

export interface CrossFit { pred: number[]; logp: number[] }

/**
 * Scores held-out log-probabilities (rows × classes, uncalibrated) with calibration and decision rule
 * cross-fitted: rows are split in two stratified halves; each half is labelled by the fit on the other.
 * Returns per row the predicted label and the calibrated log-probability of the true label.
 */
export function crossFitted(z: Float64Array, y: readonly number[], labels: readonly string[], seed: number): CrossFit {
  const k = labels.length;
  const half = stratifiedFolds(y, 2, seed);
  const pred = new Array<number>(y.length).fill(0);
  const logp = new Array<number>(y.length).fill(0);
  for (const h of [0, 1]) {
    const fitRows = y.flatMap((_, i) => (half[i] === h ? [] : [i]));
    const useRows = y.flatMap((_, i) => (half[i] === h ? [i] : []));
    const rowsOf = (rows: number[]) => { const o = new Float64Array(rows.length * k); rows.forEach((r, j) => o.set(z.subarray(r * k, (r + 1) * k), j * k)); return o; };
    const fitY = fitRows.map((i) => y[i]);
    const cal = fitCalibration(rowsOf(fitRows), fitY, k);
    const bias = fitDecisionBias(applyCalibration(rowsOf(fitRows), k, cal), fitY, labels, 'macroRecall');
    const p = applyCalibration(rowsOf(useRows), k, cal);
    const lp = logProbs(p);
    useRows.forEach((r, j) => { pred[r] = decide(p, j, k, bias); logp[r] = lp[j * k + y[r]]; });
  }
  return { pred, logp };
}

/** Calibration and decision rule fitted on pooled out-of-fold log-probabilities (issue #19, round 6). */
export interface PooledFit { calibration: Calibration; decisionBias: number[]; rows: number }

/**
 * Decision bias with nothing to fit: for calibrated probabilities the label maximising expected
 * macro-recall is argmax p(c | x) / π(c), π the class frequencies of the calibration rows, i.e.
 * d_c = −log π(c), shifted so that class 0's bias is 0 (only differences matter).
 */
export function priorDecisionBias(y: readonly number[], k: number): number[] {
  const n = Array.from({ length: k }, (_, c) => y.filter((t) => t === c).length);
  if (n.some((x) => x === 0)) throw new Error('priorDecisionBias: every class needs at least one row');
  return n.map((x) => Math.round((Math.log(n[0]) - Math.log(x)) * 1e4) / 1e4);
}

/** How the decision bias is set: fitted to maximise macro-recall, or from the class frequencies. */
export type DecisionMode = 'fit' | 'prior';

/** Fits temperature + class bias (log-loss), then the decision bias (macro-recall) on the calibrated rows. */
export function fitPooled(z: Float64Array, y: readonly number[], labels: readonly string[], decision: DecisionMode = 'fit'): PooledFit {
  const k = labels.length;
  if (z.length !== y.length * k) throw new Error(`fitPooled: ${z.length} log-probabilities for ${y.length} rows × ${k} classes`);
  const calibration = fitCalibration(z, y, k);
  const decisionBias = decision === 'prior' ? priorDecisionBias(y, k) : fitDecisionBias(applyCalibration(z, k, calibration), y, labels, 'macroRecall');
  return { calibration, decisionBias, rows: y.length };
}

/** Held-out log-probabilities (uncalibrated) and labels of one fold. */
export interface FoldPart { z: Float64Array; y: readonly number[] }

/**
 * The round-6 rule, cross-fitted: each fold's rows are calibrated and labelled by the fit on the pooled
 * rows of the other folds (as the final model is by the fit on every fold), then pooled in fold order.
 */
export function crossFittedByFold(parts: readonly FoldPart[], labels: readonly string[], decision: DecisionMode = 'fit'): CrossFit {
  if (parts.length < 2) throw new Error('crossFittedByFold: at least 2 folds');
  const k = labels.length;
  const pred: number[] = []; const logp: number[] = [];
  parts.forEach((part, f) => {
    const others = parts.filter((_, g) => g !== f);
    const z = new Float64Array(others.reduce((s, o) => s + o.z.length, 0));
    others.reduce((o, p) => { z.set(p.z, o); return o + p.z.length; }, 0);
    const fit = fitPooled(z, others.flatMap((o) => [...o.y]), labels, decision);
    const p = applyCalibration(part.z, k, fit.calibration);
    const lp = logProbs(p);
    part.y.forEach((t, i) => { pred.push(decide(p, i, k, fit.decisionBias)); logp.push(lp[i * k + t]); });
  });
  return { pred, logp };
}

export interface PooledScore { macroRecall: number; nll: number; n: number }

/** Macro-recall and mean log-loss over rows pooled from every fold. */
export function pooledScore(y: readonly number[], r: CrossFit, labels: LabeledSet['labels'], rows?: readonly number[]): PooledScore {
  const idx = rows ?? y.map((_, i) => i);
  return {
    macroRecall: computeMetrics(idx.map((i) => y[i]), idx.map((i) => r.pred[i]), labels).macroRecall,
    nll: -idx.reduce((s, i) => s + r.logp[i], 0) / idx.length,
    n: idx.length,
  };
}

/** One candidate's pooled k-fold score on one fold cut (round 7: decision bias −log π). */
export interface CutScore { nll: number; macroRecall: number }

export interface LogLossChoice { chosen: 'shipped' | 'candidate'; nll: { shipped: number; candidate: number }; recallGap: number[]; reason: string }

/**
 * Round 7's rule (docs/models.md, "Seventh round"): the candidate replaces the shipped configuration
 * if its log-loss averaged over the fold cuts is lower (at 4 decimals; a tie keeps the shipped one)
 * and its macro-recall is below the shipped one's by at most `maxRecallLoss` on every cut.
 */
export function chooseByLogLoss(shipped: readonly CutScore[], candidate: readonly CutScore[], maxRecallLoss = 0.003): LogLossChoice {
  if (shipped.length === 0 || shipped.length !== candidate.length) throw new Error('chooseByLogLoss: the same, non-zero number of fold cuts for both');
  const mean = (s: readonly CutScore[]) => s.reduce((t, x) => t + x.nll, 0) / s.length;
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const nll = { shipped: mean(shipped), candidate: mean(candidate) };
  const recallGap = candidate.map((c, i) => c.macroRecall - shipped[i].macroRecall);
  const lower = r4(nll.candidate) < r4(nll.shipped);
  // Compared at 2 decimals of a percentage point, as the tables print them.
  const worst = Math.min(...recallGap.map((g) => Math.round(g * 1e4) / 1e4));
  const recallOk = worst >= -maxRecallLoss;
  const chosen = lower && recallOk ? 'candidate' : 'shipped';
  const reason = !lower ? `log-loss over the cuts not lower (${r4(nll.candidate)} vs ${r4(nll.shipped)})`
    : !recallOk ? `macro-recall ${(100 * -worst).toFixed(2)} points below on a cut (limit ${(100 * maxRecallLoss).toFixed(2)})`
      : `lower log-loss over the cuts (${r4(nll.candidate)} vs ${r4(nll.shipped)}), macro-recall within ${(100 * maxRecallLoss).toFixed(2)} on every cut`;
  return { chosen, nll, recallGap, reason };
}

/**
 * Round 9's α choice (docs/models.md, "Ninth round", step 2): the α whose log-loss averaged over the
 * fold cuts is lowest (at 4 decimals; a tie goes to the smaller α).
 */
export function chooseAlpha(runs: readonly { alpha: number; cuts: readonly CutScore[] }[]): { alpha: number; nll: number } {
  if (runs.length === 0 || runs.some((r) => r.cuts.length === 0)) throw new Error('chooseAlpha: at least one α, each with fold cuts');
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const scored = runs.map((r) => ({ alpha: r.alpha, nll: r.cuts.reduce((s, c) => s + c.nll, 0) / r.cuts.length }));
  return scored.reduce((a, b) => (r4(b.nll) < r4(a.nll) || (r4(b.nll) === r4(a.nll) && b.alpha < a.alpha) ? b : a));
}

/**
 * Round 9's gate for a look at the report split (docs/models.md, "Ninth round", step 4): on every cut
 * the candidate's macro-recall beats the shipped configuration's by at least `minGain` (compared at 2
 * decimals of a percentage point) and its log-loss is below the reference's (4 decimals).
 */
export function passesGate(candidate: readonly CutScore[], shipped: readonly CutScore[], logLossRef: readonly number[], minGain = 0.008): { pass: boolean; reason: string } {
  if (candidate.length === 0 || candidate.length !== shipped.length || candidate.length !== logLossRef.length) throw new Error('passesGate: the same, non-zero number of fold cuts for all');
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  for (let c = 0; c < candidate.length; c++) {
    const gain = r4(r4(candidate[c].macroRecall) - r4(shipped[c].macroRecall));
    if (gain < minGain) return { pass: false, reason: `cut ${c + 1}: macro-recall gain ${(100 * gain).toFixed(2)} < ${(100 * minGain).toFixed(2)} points over the shipped configuration` };
    if (!(r4(candidate[c].nll) < r4(logLossRef[c]))) return { pass: false, reason: `cut ${c + 1}: log-loss ${r4(candidate[c].nll).toFixed(4)} not below ${r4(logLossRef[c]).toFixed(4)}` };
  }
  return { pass: true, reason: `macro-recall at least ${(100 * minGain).toFixed(2)} above the shipped configuration and log-loss below the reference on every cut` };
}
