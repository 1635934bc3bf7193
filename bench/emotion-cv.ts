// Nested 5-fold cross-validation of the emotion seed ensemble on TweetEval emotion train+val: how
// many members (TASK_MEMBERS.emotion) are worth shipping. The test split is never read.
//   npx tsx bench/emotion-cv.ts [--data ../shared/data] [--seed 42] [--sizes 1,3,4,5]
// Outer loop: train+val (3,631 tweets) in 5 class-stratified folds. For each fold, the other four
// folds are split once more: 10 % inner holdout for early stopping (as val is used by
// `chirpflow train`), 90 % for training. max(sizes) members are trained with the task defaults and
// the seeds memberSeed(seed, k); each size K is scored on the held-out fold by merging the first K
// members exactly as shipped (mergeMembers → int8 embedding → LoadedModel), i.e. the mean of their
// logits. Prints a table and writes bench/results/emotion-cv.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EMOTION_LABELS, loadTweetEvalSplit, type LabeledSet } from '../src/ml/data';
import { argmaxRow, computeMetrics } from '../src/ml/metrics';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'results', 'emotion-cv.json');
const FOLDS = 5;
const EPOCHS = 30; // as in the documented `chirpflow train emotion ... --epochs 30`

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : def;
}

/** Class-stratified folds: each class's shuffled rows are dealt round-robin over the folds. */
function stratifiedFolds(y: readonly number[], classes: number, folds: number, rand: () => number, shuffle: (n: number, r: () => number) => number[]): number[] {
  const fold = new Array<number>(y.length).fill(0);
  const order = shuffle(y.length, rand);
  let next = 0;
  for (let c = 0; c < classes; c++) {
    for (const i of order) if (y[i] === c) fold[i] = next++ % folds;
  }
  return fold;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));

async function main(): Promise<void> {
  const dataRoot = arg('data', join(ROOT, '..', 'shared', 'data'));
  const seed = Number(arg('seed', '42'));
  const sizes = arg('sizes', '1,3,4,5').split(',').map(Number);
  if (!Number.isInteger(seed) || sizes.some((k) => !Number.isInteger(k) || k < 1)) throw new Error('--seed and --sizes take integers >= 1');
  const dir = join(dataRoot, 'tweeteval', 'emotion');
  if (!existsSync(dir)) {
    console.error(`emotion-cv: ${dir} not found (pass --data <shared data folder>); nothing to measure`);
    process.exit(1);
  }
  // Loaded after the data check: importing TensorFlow takes a second.
  const { mulberry32, shuffledIndices } = require('../src/ml/rng') as typeof import('../src/ml/rng');
  const { TASK_DEFAULTS, memberSeed, splitHoldout } = require('../src/ml/pipeline') as typeof import('../src/ml/pipeline');
  const { trainClassifier } = require('../src/ml/train') as typeof import('../src/ml/train');
  const { mergeMembers } = require('../src/ml/ensemble') as typeof import('../src/ml/ensemble');
  const { buildModel, paramsToTensors } = require('../src/ml/store') as typeof import('../src/ml/store');
  const { LoadedModel } = require('../src/ml/model') as typeof import('../src/ml/model');
  const { Featurizer, GROUPS } = require('../src/ml/features') as typeof import('../src/ml/features');

  const train = loadTweetEvalSplit(dir, 'train', 'emotion');
  const val = loadTweetEvalSplit(dir, 'val', 'emotion');
  const all: LabeledSet = { texts: [...train.texts, ...val.texts], y: [...train.y, ...val.y], labels: train.labels };
  const labels = [...EMOTION_LABELS];
  const maxK = Math.max(...sizes);
  const fold = stratifiedFolds(all.y, labels.length, FOLDS, mulberry32(seed ^ 0xcf01d), shuffledIndices);
  const pick = (keep: (f: number) => boolean): LabeledSet => {
    const idx = all.texts.map((_, i) => i).filter((i) => keep(fold[i]));
    return { texts: idx.map((i) => all.texts[i]), y: idx.map((i) => all.y[i]), labels: all.labels };
  };

  const t0 = performance.now();
  const perFold: { fold: number; n: number; trainRows: number; holdoutRows: number; bestEpochs: number[]; macroF1: Record<string, number> }[] = [];
  const pooled: Record<string, { y: number[]; pred: number[] }> = Object.fromEntries(sizes.map((k) => [k, { y: [], pred: [] }]));
  for (let f = 0; f < FOLDS; f++) {
    const outer = pick((x) => x === f);
    const { train: inner, valid: holdout } = splitHoldout(pick((x) => x !== f), 0.1, seed + f);
    const members = [];
    for (let k = 0; k < maxK; k++) {
      const t = performance.now();
      const m = trainClassifier({
        labels, train: inner, valid: holdout, seed: memberSeed(seed, k), epochs: EPOCHS, select: 'macroF1', ...TASK_DEFAULTS.emotion,
      });
      members.push(m);
      process.stderr.write(`fold ${f + 1}/${FOLDS} member ${k + 1}/${maxK}: best epoch ${m.bestEpoch} of ${m.epochsRun}, ` +
        `inner-holdout macro-F1 ${(100 * m.valid.macroF1).toFixed(2)} (${((performance.now() - t) / 1000).toFixed(0)} s)\n`);
    }
    const scores: Record<string, number> = {};
    for (const K of sizes) {
      // Score exactly what would ship: the merged, int8-quantised model.
      const merged = mergeMembers(members.slice(0, K), labels.length);
      const featurizer = new Featurizer(merged.featurizer);
      const params = paramsToTensors(merged, featurizer.tableRows, GROUPS * merged.architecture.dim + featurizer.denseSize, labels.length);
      let model: InstanceType<typeof LoadedModel>;
      try {
        const built = buildModel('emotion', labels, merged, params, {});
        model = LoadedModel.fromBuffer(built.meta, built.buffer);
      } finally {
        for (const t of Object.values(params)) t.dispose();
      }
      const probs = model.predictProbs(outer.texts);
      model.dispose();
      const pred = outer.texts.map((_, i) => argmaxRow(probs, i, labels.length));
      scores[K] = computeMetrics(outer.y, pred, labels).macroF1;
      pooled[K].y.push(...outer.y);
      pooled[K].pred.push(...pred);
    }
    perFold.push({ fold: f + 1, n: outer.texts.length, trainRows: inner.texts.length, holdoutRows: holdout.texts.length, bestEpochs: members.map((m) => m.bestEpoch), macroF1: scores });
    process.stderr.write(`fold ${f + 1}/${FOLDS}: ${sizes.map((K) => `${K} → ${(100 * scores[K]).toFixed(2)}`).join(', ')}\n`);
  }

  // Paired with the smallest size on the same folds: the fold-to-fold spread is much larger than
  // the differences between sizes, so the paired difference (and its standard error) is what counts.
  const base = Math.min(...sizes);
  const summary = sizes.map((K) => {
    const xs = perFold.map((r) => r.macroF1[K]);
    const diffs = perFold.map((r) => r.macroF1[K] - r.macroF1[base]);
    return {
      members: K, meanMacroF1: mean(xs), sdMacroF1: sd(xs), pooledMacroF1: computeMetrics(pooled[K].y, pooled[K].pred, labels).macroF1,
      vsBase: { members: base, meanDiff: mean(diffs), seDiff: sd(diffs) / Math.sqrt(diffs.length) },
    };
  });
  const pct = (x: number) => (100 * x).toFixed(2);
  console.log(`\nEmotion seed ensemble, nested ${FOLDS}-fold CV on TweetEval emotion train+val (${all.texts.length} tweets; test not used)`);
  console.log(`held-out macro-F1 (%) per outer fold; members early-stopped on an inner 10 % holdout; seeds ${JSON.stringify(Array.from({ length: maxK }, (_, k) => memberSeed(seed, k)))}`);
  console.log(`members  ${perFold.map((r) => `fold ${r.fold}`.padStart(7)).join(' ')}     mean     sd  pooled   vs ${base} (paired ± SE)`);
  for (const s of summary) {
    const d = s.members === base ? '' : `${s.vsBase.meanDiff >= 0 ? '+' : ''}${pct(s.vsBase.meanDiff)} ± ${pct(s.vsBase.seDiff)}`;
    console.log(`${String(s.members).padEnd(8)} ${perFold.map((r) => pct(r.macroF1[s.members]).padStart(7)).join(' ')}  ${pct(s.meanMacroF1).padStart(7)} ${pct(s.sdMacroF1).padStart(6)} ${pct(s.pooledMacroF1).padStart(7)}   ${d}`);
  }
  const minutes = (performance.now() - t0) / 60000;
  console.log(`\n${FOLDS * maxK} members trained in ${minutes.toFixed(1)} min; machine load average ${require('node:os').loadavg().map((x: number) => x.toFixed(2)).join(' / ')}`);

  const result = {
    date: new Date().toISOString(), data: 'tweeteval/emotion train+val', rows: all.texts.length, folds: FOLDS, seed,
    memberSeeds: Array.from({ length: maxK }, (_, k) => memberSeed(seed, k)), epochs: EPOCHS, innerHoldout: 0.1,
    defaults: TASK_DEFAULTS.emotion, summary, perFold, minutes: Math.round(minutes * 10) / 10,
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${OUT}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
