// Training loop for the embedding-bag classifier in tfjs-node: Adam, dropout, class-balanced loss
// (the benchmarks score macro averages, so rare classes must not be ignored), early stopping on a
// validation set, best epoch kept. Deterministic for a seed: seeded init, shuffling and dropout.
import { Featurizer, GROUPS, type FeatureBatch, type FeaturizerConfig, DEFAULT_FEATURIZER } from './features';
import type { LabeledSet } from './data';
import { argmaxRow, computeMetrics, type Metrics } from './metrics';
import { batchToTensors, disposeBatch, forward, poolInput, type Architecture, type BatchTensors, type Params } from './model';
import { dropFeatureIds } from './augment';
import { mulberry32, shuffledIndices } from './rng';
import { tf } from './tf';

export interface TrainProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  valid: Metrics;
  score: number;
  best: boolean;
  /** Set when the run is one member of a seed ensemble (1-based). */
  member?: number;
  members?: number;
}

export interface TrainOptions {
  /** Labels of the model's output layer (may be a subset of the task's labels, e.g. 2-class data). */
  labels: readonly string[];
  train: LabeledSet;
  valid: LabeledSet;
  seed?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  dropout?: number;
  patience?: number;
  architecture?: Architecture;
  featurizer?: FeaturizerConfig;
  /** 0 = plain loss, 1 = fully balanced class weights, in between = softened (weight ∝ freq^-power). */
  balance?: number;
  /** Validation metric used for early stopping. */
  select?: 'macroRecall' | 'macroF1';
  /** Optional embedding table to start from (transfer from a model with the same featurizer). */
  initEmbedding?: Float32Array;
  /** Per-training-row loss weight (e.g. recency weighting); multiplied with the class weight. */
  rowWeights?: readonly number[];
  /** Label smoothing ε for the cross-entropy (0 = none). */
  labelSmoothing?: number;
  /**
   * Distillation (issue #19, eighth round): a teacher's probabilities per training row (rows × classes,
   * row-major, aligned with `train`), learned with weight `distill` beside the hard label: the target
   * is (1 − distill)·onehot(label) + distill·q (cross-entropy is linear in the target: the loss mix).
   */
  softTargets?: Float32Array;
  distill?: number;
  /** Validation checkpoints per epoch (default 1); patience counts checkpoints. */
  evalsPerEpoch?: number;
  /** Probability of dropping each hashed id of a training row (augment.ts; 0 = none). */
  tokenDropout?: number;
  /**
   * Train a linear member (logits = W·[pooled, lexicon] + b, fastText without a hidden layer). It is
   * saved in the ReLU format as h = [relu(z), relu(−z)], output [+I; −I] (hidden = 2 × classes),
   * which is exact (relu(z) − relu(−z) = z), so it merges with bag members and loads unchanged.
   */
  linear?: boolean;
  /**
   * Optimiser of the embedding table alone (default: the network's Adam). tfjs's Adam is dense: a
   * row keeps moving on its momentum long after its tweet was seen, and its per-weight step makes a
   * rare row move as fast as a frequent one, so the table memorises. Adagrad and SGD (fastText's
   * choice) move a row only when its ids are in the batch.
   */
  embeddingOptimizer?: { kind: 'adagrad' | 'sgd'; learningRate: number };
  onProgress?: (p: TrainProgress) => void;
  onEpoch?: (e: EpochReport) => void;
}

export interface TrainedParams {
  emb: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

export interface TrainResult {
  params: TrainedParams;
  architecture: Architecture;
  featurizer: FeaturizerConfig;
  bestEpoch: number;
  epochsRun: number;
  valid: Metrics;
  history: { epoch: number; loss: number; score: number }[];
  hyper: Record<string, number | string>;
}

/** A featurised data set with row offsets, so that batches can be cut without re-featurising. */
interface Featurized {
  batch: FeatureBatch;
  rowStart: Int32Array;
}

function featurizeAll(f: Featurizer, texts: string[]): Featurized {
  const batch = f.featurize(texts);
  const rowStart = new Int32Array(batch.size + 1);
  let r = 0;
  for (let i = 0; i < batch.segments.length; i++) {
    const row = (batch.segments[i] / GROUPS) | 0;
    while (r <= row) rowStart[r++] = i;
  }
  while (r <= batch.size) rowStart[r++] = batch.segments.length;
  return { batch, rowStart };
}

function sliceRows(d: Featurized, rows: readonly number[]): FeatureBatch {
  const { batch, rowStart } = d;
  let total = 0;
  for (const r of rows) total += rowStart[r + 1] - rowStart[r];
  const ids = new Int32Array(total);
  const segments = new Int32Array(total);
  const counts = new Float32Array(rows.length * GROUPS);
  const dense = new Float32Array(rows.length * batch.denseSize);
  let o = 0;
  rows.forEach((r, b) => {
    for (let i = rowStart[r]; i < rowStart[r + 1]; i++) {
      ids[o] = batch.ids[i];
      segments[o] = b * GROUPS + (batch.segments[i] % GROUPS);
      o++;
    }
    for (let g = 0; g < GROUPS; g++) counts[b * GROUPS + g] = batch.counts[r * GROUPS + g];
    dense.set(batch.dense.subarray(r * batch.denseSize, (r + 1) * batch.denseSize), b * batch.denseSize);
  });
  return { size: rows.length, ids, segments, counts, dense, denseSize: batch.denseSize };
}

/** Per-class loss weights ∝ frequency^-power, normalised to mean 1 over present classes; absent → 0. */
export function classWeights(y: readonly number[], classes: number, power: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const v of y) counts[v]++;
  const raw = counts.map((c) => (c > 0 ? Math.pow(y.length / c, power) : 0));
  const present = raw.filter((w) => w > 0);
  const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
  return raw.map((w) => (w > 0 ? w / mean : 0));
}

type Logits = (x: BatchTensors) => tf.Tensor2D;

function predictArgmax(logitsOf: Logits, d: Featurized, classes: number): number[] {
  const n = d.batch.size;
  const out: number[] = [];
  const chunk = 2048;
  for (let s = 0; s < n; s += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - s) }, (_, i) => s + i);
    const x = batchToTensors(sliceRows(d, rows));
    const logits = tf.tidy(() => logitsOf(x));
    const v = logits.dataSync();
    for (let i = 0; i < rows.length; i++) out.push(argmaxRow(v, i, classes));
    logits.dispose();
    disposeBatch(x);
  }
  return out;
}

/** A linear layer z = x·w + b in the ReLU format: w1 = [w, −w], b1 = [b, −b], w2 = [I; −I], b2 = 0. */
export function linearAsRelu(w: Float32Array, b: Float32Array, classes: number): Omit<TrainedParams, 'emb'> {
  const inDim = w.length / classes;
  const hidden = 2 * classes;
  const w1 = new Float32Array(inDim * hidden);
  for (let i = 0; i < inDim; i++) {
    for (let c = 0; c < classes; c++) {
      w1[i * hidden + c] = w[i * classes + c];
      w1[i * hidden + classes + c] = -w[i * classes + c];
    }
  }
  const b1 = new Float32Array(hidden);
  b1.set(b); b1.set(b.map((v) => -v), classes);
  const w2 = new Float32Array(hidden * classes);
  for (let c = 0; c < classes; c++) { w2[c * classes + c] = 1; w2[(classes + c) * classes + c] = -1; }
  return { w1, b1, w2, b2: new Float32Array(classes) };
}

/**
 * Adagrad's starting accumulator. tfjs's default (0.1) dwarfs the squared gradient of a pooled row
 * (~1e-9), which turns Adagrad into slow plain SGD; a tiny start makes the first step of every row
 * about the learning rate, shrinking as 1/√(times seen), like Adam's step but without momentum.
 */
const ADAGRAD_INIT = 1e-10;

function snapshot(p: Params): TrainedParams {
  return {
    emb: (p.emb.dataSync() as Float32Array).slice(),
    w1: (p.w1.dataSync() as Float32Array).slice(),
    b1: (p.b1.dataSync() as Float32Array).slice(),
    w2: (p.w2.dataSync() as Float32Array).slice(),
    b2: (p.b2.dataSync() as Float32Array).slice(),
  };
}

/** Maps a set's task labels onto the model's output labels (rows with unknown labels dropped). */
function remap(set: LabeledSet, labels: readonly string[]): { texts: string[]; y: number[]; rows: number[] } {
  const texts: string[] = [];
  const y: number[] = [];
  const rows: number[] = [];
  set.texts.forEach((t, i) => {
    const idx = labels.indexOf(set.labels[set.y[i]]);
    if (idx >= 0) { texts.push(t); y.push(idx); rows.push(i); }
  });
  return { texts, y, rows };
}

/** Targets (1 − α)·onehot(y) + α·q of a batch; q indexed by the row of the original training set. */
function distilledTargets(batch: readonly number[], y: readonly number[], origRow: readonly number[], q: Float32Array, classes: number, alpha: number): tf.Tensor2D {
  const t = new Float32Array(batch.length * classes);
  batch.forEach((r, j) => {
    const o = origRow[r] * classes;
    for (let c = 0; c < classes; c++) t[j * classes + c] = alpha * q[o + c] + (c === y[r] ? 1 - alpha : 0);
  });
  return tf.tensor2d(t, [batch.length, classes]);
}

export function trainClassifier(opts: TrainOptions): TrainResult {
  const seed = opts.seed ?? 42;
  const epochs = opts.epochs ?? 10;
  const batchSize = opts.batchSize ?? 64;
  const lr = opts.learningRate ?? 0.003;
  const dropout = opts.dropout ?? 0.3;
  const patience = opts.patience ?? 2;
  const linear = opts.linear ?? false;
  const dimHidden = opts.architecture ?? { dim: 16, hidden: 64 };
  const arch = linear ? { dim: dimHidden.dim, hidden: 2 * opts.labels.length } : dimHidden;
  const tokenDropout = opts.tokenDropout ?? 0;
  const fcfg = opts.featurizer ?? DEFAULT_FEATURIZER;
  const balance = opts.balance ?? 1;
  const select = opts.select ?? 'macroRecall';
  const classes = opts.labels.length;
  const smoothing = opts.labelSmoothing ?? 0;
  const distill = opts.distill ?? 0;
  if (distill < 0 || distill > 1) throw new Error(`distill must be in [0, 1], got ${distill}`);
  if (distill > 0 && opts.softTargets?.length !== opts.train.texts.length * classes) throw new Error('distill needs softTargets: one probability per training row and class');

  const train = remap(opts.train, opts.labels);
  if (opts.rowWeights && opts.rowWeights.length !== opts.train.texts.length) throw new Error('rowWeights must have one weight per training row');
  const rowWeight = train.rows.map((i) => opts.rowWeights?.[i] ?? 1);
  const valid = remap(opts.valid, opts.labels);
  if (train.texts.length === 0) throw new Error('no training rows with a known label');
  if (valid.texts.length === 0) throw new Error('no validation rows with a known label');

  const featurizer = new Featurizer(fcfg);
  const trainF = featurizeAll(featurizer, train.texts);
  const validF = featurizeAll(featurizer, valid.texts);
  const weights = classWeights(train.y, classes, balance);
  const rows = featurizer.tableRows;
  const inDim = GROUPS * arch.dim + featurizer.denseSize;

  const rand = mulberry32(seed);
  const seedInt = () => Math.floor(rand() * 2 ** 31);
  const out1 = linear ? classes : arch.hidden;
  const limit1 = Math.sqrt(6 / (inDim + out1));
  const limit2 = Math.sqrt(6 / (arch.hidden + classes));
  const vars = {
    emb: tf.variable(opts.initEmbedding
      ? tf.tensor2d(opts.initEmbedding, [rows, arch.dim])
      : tf.randomUniform([rows, arch.dim], -1 / arch.dim, 1 / arch.dim, 'float32', seedInt())) as tf.Variable<tf.Rank.R2>,
    w1: tf.variable(tf.randomUniform([inDim, out1], -limit1, limit1, 'float32', seedInt())) as tf.Variable<tf.Rank.R2>,
    b1: tf.variable(tf.zeros([out1])) as tf.Variable<tf.Rank.R1>,
    w2: tf.variable(tf.randomUniform([arch.hidden, classes], -limit2, limit2, 'float32', seedInt())) as tf.Variable<tf.Rank.R2>,
    b2: tf.variable(tf.zeros([classes])) as tf.Variable<tf.Rank.R1>,
  };
  const params: Params = vars;
  const optimizer = tf.train.adam(lr);
  const embOpt = opts.embeddingOptimizer;
  const embOptimizer = embOpt ? (embOpt.kind === 'adagrad' ? tf.train.adagrad(embOpt.learningRate, ADAGRAD_INIT) : tf.train.sgd(embOpt.learningRate)) : undefined;
  // A linear member has no hidden layer: w1/b1 are its output layer, w2/b2 stay unused.
  const logitsOf = (x: BatchTensors, drop = 0, dropSeed = 0): tf.Tensor2D => {
    if (!linear) return forward(params, x, drop, dropSeed);
    let h = poolInput(params.emb, x);
    if (drop > 0) h = tf.dropout(h, drop, undefined, dropSeed) as tf.Tensor2D;
    return tf.add(tf.matMul(h, params.w1), params.b1) as tf.Tensor2D;
  };
  const trainable = linear ? [vars.emb, vars.w1, vars.b1] : undefined;
  const take = (): TrainedParams => {
    const s = snapshot(params);
    return linear ? { emb: s.emb, ...linearAsRelu(s.w1, s.b1, classes) } : s;
  };
  // One gradient, two optimisers: the embedding table's own, Adam for the rest.
  const stepSplit = (lossFn: () => tf.Scalar): tf.Scalar => {
    const { value, grads } = tf.variableGrads(lossFn, trainable ?? Object.values(vars));
    // variableGrads keys the gradients by variable name.
    const named = Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    embOptimizer!.applyGradients(named.filter((g) => g.name === vars.emb.name));
    optimizer.applyGradients(named.filter((g) => g.name !== vars.emb.name));
    tf.dispose(Object.values(grads));
    return value;
  };
  // Its own stream, so that runs without token dropout draw exactly the numbers they drew before.
  const dropRand = mulberry32((seed ^ 0x5bd1e995) >>> 0);

  let best: TrainedParams | undefined;
  let bestScore = -Infinity;
  let bestEpoch = 0;
  let bestValid: Metrics | undefined;
  let sinceBest = 0;
  let epochsRun = 0;
  const history: TrainResult['history'] = [];
  const steps = Math.ceil(train.texts.length / batchSize);

  // Checkpoints per epoch: with a large hashed table the network can peak inside the first epoch.
  const evalEvery = Math.ceil(steps / Math.max(1, opts.evalsPerEpoch ?? 1));
  try {
    let stop = false;
    for (let epoch = 1; epoch <= epochs && !stop; epoch++) {
      epochsRun = epoch;
      const order = shuffledIndices(train.texts.length, rand);
      let lossSum = 0;
      let lossSteps = 0;
      for (let step = 0; step < steps && !stop; step++) {
        const rowsIdx = order.slice(step * batchSize, (step + 1) * batchSize);
        const x = batchToTensors(dropFeatureIds(sliceRows(trainF, rowsIdx), tokenDropout, dropRand));
        const yOneHot = distill > 0 ? distilledTargets(rowsIdx, train.y, train.rows, opts.softTargets!, classes, distill)
          : tf.oneHot(tf.tensor1d(rowsIdx.map((r) => train.y[r]), 'int32'), classes);
        const w = tf.tensor1d(rowsIdx.map((r) => weights[train.y[r]] * rowWeight[r]));
        const dropSeed = seedInt();
        const lossFn = () => {
          const logits = logitsOf(x, dropout, dropSeed);
          return tf.losses.softmaxCrossEntropy(yOneHot, logits, w, smoothing) as tf.Scalar;
        };
        const loss = embOptimizer ? stepSplit(lossFn) : optimizer.minimize(lossFn, true, trainable);
        const lossValue = loss ? loss.dataSync()[0] : 0;
        loss?.dispose();
        yOneHot.dispose(); w.dispose(); disposeBatch(x);
        lossSum += lossValue;
        lossSteps++;
        opts.onProgress?.({ epoch, epochs, step: step + 1, steps, loss: lossSum / (step + 1) });
        if ((step + 1) % evalEvery !== 0 && step !== steps - 1) continue;
        // Checkpoint: fractional epoch (e.g. 0.5) when evaluating more than once per epoch.
        const at = step === steps - 1 ? epoch : Math.round((epoch - 1 + (step + 1) / steps) * 100) / 100;
        const pred = predictArgmax(logitsOf, validF, classes);
        const m = computeMetrics(valid.y, pred, opts.labels);
        const score = m[select];
        const isBest = score > bestScore;
        history.push({ epoch: at, loss: lossSum / lossSteps, score });
        if (isBest) {
          best = take(); bestScore = score; bestEpoch = at; bestValid = m; sinceBest = 0;
        } else {
          sinceBest++;
        }
        opts.onEpoch?.({ epoch: at, loss: lossSum / lossSteps, valid: m, score, best: isBest });
        if (sinceBest >= patience) stop = true;
      }
    }
  } finally {
    for (const v of Object.values(vars)) v.dispose();
    optimizer.dispose();
    embOptimizer?.dispose();
  }
  if (!best || !bestValid) throw new Error('training produced no model');
  return {
    params: best, architecture: arch, featurizer: fcfg, bestEpoch, epochsRun, valid: bestValid, history,
    hyper: { seed, epochs, batchSize, learningRate: lr, dropout, patience, balance, select, ...(smoothing > 0 ? { labelSmoothing: smoothing } : {}), ...(distill > 0 ? { distill } : {}), ...(opts.evalsPerEpoch && opts.evalsPerEpoch > 1 ? { evalsPerEpoch: opts.evalsPerEpoch } : {}), ...(tokenDropout > 0 ? { tokenDropout } : {}), ...(linear ? { linear: 'yes' } : {}), ...(embOpt ? { embeddingOptimizer: `${embOpt.kind} ${embOpt.learningRate}` } : {}) },
  };
}
