// Calibrating a trained (merged) result on held-out data and folding the fit into its output layer.
// Used by the training scripts (scripts/train-sentiment.ts, scripts/train-emotion.ts).
import { createHash } from 'node:crypto';
import type { LabeledSet } from './data';
import { GROUPS, Featurizer } from './features';
import { applyCalibration, ece, fitCalibration, fitDecisionBias, logProbs, type Calibration } from './calibration';
import { LoadedModel, type ModelMeta } from './model';
import { buildModel, makeVersion, paramsToTensors, type BuiltModel } from './store';
import type { TrainResult } from './train';
import type { Task } from './model';

/** Builds the shipped (int8) model from a result and loads it back, as it would be served. */
export function buildShipped(task: Task, labels: readonly string[], result: TrainResult, training: Record<string, unknown>): { built: BuiltModel; model: LoadedModel } {
  const featurizer = new Featurizer(result.featurizer);
  const params = paramsToTensors(result, featurizer.tableRows, GROUPS * result.architecture.dim + featurizer.denseSize, labels.length);
  try {
    const built = buildModel(task, labels, result, params, training);
    return { built, model: LoadedModel.fromBuffer(built.meta, built.buffer) };
  } finally {
    for (const t of Object.values(params) as { dispose(): void }[]) t.dispose();
  }
}

/** The result with a calibration folded into w2/b2: logits a·z + b (softmax-equivalent to a·log q + b). */
export function foldCalibration(result: TrainResult, cal: Calibration): TrainResult {
  const classes = cal.bias.length;
  const w2 = result.params.w2.map((w) => w * cal.scale);
  const b2 = result.params.b2.map((b, c) => b * cal.scale + cal.bias[c % classes]);
  return { ...result, params: { ...result.params, w2, b2 } };
}

/** Rows of `set` whose label is one of the model's labels, as model label indices. */
export function modelRows(set: LabeledSet, labels: readonly string[]): { texts: string[]; y: number[] } {
  const texts: string[] = []; const y: number[] = [];
  set.texts.forEach((t, i) => { const j = labels.indexOf(set.labels[set.y[i]]); if (j >= 0) { texts.push(t); y.push(j); } });
  return { texts, y };
}

export interface CalibrationReport {
  calibration: Calibration;
  decisionBias: number[];
  /** ECE on the selection split: top-label, and per class (e.g. positive = the sentiment score). */
  before: { top: number; perClass: number[] };
  after: { top: number; perClass: number[] };
}

/**
 * A calibration and decision bias fitted elsewhere (issue #19 round 6: on the k-fold's pooled
 * out-of-fold predictions, kfold.ts fitPooled), to be folded in instead of a fit on the selection split.
 */
export interface PrefittedCalibration {
  calibration: Calibration; decisionBias: number[]; fittedOn: string; rows: number;
  /** How the decision bias was set, recorded as `decision.metric` (default: the task's metric). */
  decisionMethod?: string;
}

/**
 * Fits calibration and the decision bias on `selection` (or takes `fit`) with the shipped weights, folds them in and
 * returns the calibrated, rebuilt model. `metric` is the task's headline macro metric.
 */
export function calibrateResult(task: Task, labels: readonly string[], result: TrainResult, training: Record<string, unknown>, selection: LabeledSet, selectionName: string, metric: 'macroRecall' | 'macroF1', fit?: PrefittedCalibration): { result: TrainResult; built: BuiltModel; report: CalibrationReport } {
  const k = labels.length;
  const sel = modelRows(selection, labels);
  const raw = buildShipped(task, labels, result, training);
  const q = raw.model.predictProbs(sel.texts);
  raw.model.dispose();
  const z = logProbs(q);
  if (fit && (fit.calibration.bias.length !== k || fit.decisionBias.length !== k)) throw new Error(`pre-fitted calibration: ${k} class biases expected`);
  const calibration = fit?.calibration ?? fitCalibration(z, sel.y, k);
  const p = applyCalibration(z, k, calibration);
  const decisionBias = fit?.decisionBias ?? fitDecisionBias(p, sel.y, labels, metric);
  // ECE is always measured on the selection split: out of sample when the fit came from elsewhere.
  const fittedOn = fit?.fittedOn ?? selectionName;
  const rows = fit?.rows ?? sel.y.length;
  const eces = (probs: ArrayLike<number>) => ({ top: ece(probs, sel.y, k), perClass: labels.map((_, c) => ece(probs, sel.y, k, c)) });
  const folded = foldCalibration(result, calibration);
  const { built, model } = buildShipped(task, labels, folded, training);
  model.dispose();
  const meta: ModelMeta = {
    ...built.meta,
    calibration: { method: 'temperature + class bias (NLL)', scale: round6(calibration.scale), bias: calibration.bias.map(round6), fittedOn, rows },
    decision: { bias: decisionBias, fittedOn, metric: fit?.decisionMethod ?? metric },
  };
  return { result: folded, built: { meta, buffer: built.buffer }, report: { calibration, decisionBias, before: eces(q), after: eces(p) } };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Calibrates an already saved model in place of its output layer: w2/b2 are float32 in weights.bin,
 * so they are rewritten and everything else (embedding, featurizer, hidden layer) stays byte-equal.
 * decision 'keep' sets the decision bias to −b, so labels stay exactly those of the uncalibrated
 * model (a temperature never changes an argmax); 'fit' fits it for `metric` on the selection split.
 */
export function calibrateSaved(model: LoadedModel, selection: LabeledSet, selectionName: string, metric: 'macroRecall' | 'macroF1', decision: 'keep' | 'fit', now = new Date()): { built: BuiltModel; report: CalibrationReport } {
  const labels = model.meta.labels;
  const k = labels.length;
  const sel = modelRows(selection, labels);
  const q = model.predictProbs(sel.texts);
  const z = logProbs(q);
  const calibration = fitCalibration(z, sel.y, k);
  const p = applyCalibration(z, k, calibration);
  const decisionBias = decision === 'keep' ? calibration.bias.map((b) => Math.round(-b * 1e6) / 1e6) : fitDecisionBias(p, sel.y, labels, metric);
  const eces = (probs: ArrayLike<number>) => ({ top: ece(probs, sel.y, k), perClass: labels.map((_, c) => ece(probs, sel.y, k, c)) });
  const w2 = (model.head.w2.dataSync() as Float32Array).map((w) => w * calibration.scale);
  const b2 = (model.head.b2.dataSync() as Float32Array).map((b, c) => b * calibration.scale + calibration.bias[c]);
  const { built } = rebuildWithHead(model, w2, b2, now);
  const meta: ModelMeta = {
    ...built.meta,
    calibration: { method: 'temperature + class bias (NLL)', scale: round6(calibration.scale), bias: calibration.bias.map(round6), fittedOn: selectionName, rows: sel.y.length },
    decision: { bias: decisionBias, fittedOn: selectionName, metric: decision === 'keep' ? 'unchanged labels (−calibration bias)' : metric },
  };
  return { built: { meta, buffer: built.buffer }, report: { calibration, decisionBias, before: eces(q), after: eces(p) } };
}

function rebuildWithHead(model: LoadedModel, w2: Float32Array, b2: Float32Array, now: Date): { built: BuiltModel } {
  const { meta } = model;
  const buffer = Buffer.from(serializedBuffer(model));
  buffer.set(new Uint8Array(w2.buffer), meta.layout.w2);
  buffer.set(new Uint8Array(b2.buffer), meta.layout.b2);
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  const { calibration: _c, decision: _d, ...rest } = meta;
  void _c; void _d;
  return { built: { meta: { ...rest, sha256, version: makeVersion(meta.task, sha256, now), createdAt: now.toISOString() }, buffer } };
}

/** The model's weights.bin bytes, re-assembled from what was loaded (int8 table, float32 head). */
function serializedBuffer(model: LoadedModel): Uint8Array {
  const { layout } = model.meta;
  const out = new Uint8Array(layout.bytes);
  const put = (offset: number, a: Float32Array | Int8Array) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
  put(layout.scales, model.table.scales);
  put(layout.w1, model.head.w1.dataSync() as Float32Array);
  put(layout.b1, model.head.b1.dataSync() as Float32Array);
  put(layout.w2, model.head.w2.dataSync() as Float32Array);
  put(layout.b2, model.head.b2.dataSync() as Float32Array);
  put(layout.embedding, model.table.q);
  return out;
}
