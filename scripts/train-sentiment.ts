// Trains the sentiment model on the time-ordered SemEval splits (issue #19; docs/models.md):
// train on the older files, early-stop / calibrate / set the decision rule on the selection file,
// score once on the report file (never used for a choice), plus TweetEval val as an in-period check.
//   npx tsx scripts/train-sentiment.ts [--data ../shared/data] [--seed 42] [--members 1]
//     [--smoothing 0] [--recency 1] [--dim 16] [--hidden 64] [--epochs 10] [--lr 0.003] [--patience 2] [--evals-per-epoch 1]
//     [--out models/sentiment] [--baseline models/sentiment] [--report]
// The report split is scored only with --out, --baseline or --report.
// Every run appends one JSON line to bench/results/sentiment-experiments.jsonl.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTweetEvalSplit, SENTIMENT_LABELS, type LabeledSet } from '../src/ml/data';
import { mergeMembers } from '../src/ml/ensemble';
import { computeMetrics, type Metrics } from '../src/ml/metrics';
import { LoadedModel } from '../src/ml/model';
import { memberSeed } from '../src/ml/pipeline';
import { loadSentimentSplits, SENTIMENT_SPLIT_PLAN, type RoleSplit } from '../src/ml/splits';
import { summarizeMetrics, writeModel } from '../src/ml/store';
import { trainClassifier, type TrainResult } from '../src/ml/train';
import { calibrateResult } from '../src/ml/calibrate-model';
import { ece } from '../src/ml/calibration';

const ROOT = join(__dirname, '..');

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const num = (name: string, def: number) => Number(arg(name, String(def)));

/** Weight of a row from year Y: recency^(latest year − Y) (1 = no recency weighting). */
export function recencyWeights(files: readonly string[], recency: number): number[] {
  const year = (f: string) => Number(/twitter-(\d{4})/.exec(f)?.[1] ?? '2016');
  const latest = Math.max(...files.map(year));
  return files.map((f) => recency ** (latest - year(f)));
}

function evaluate(model: LoadedModel, set: LabeledSet): { m: Metrics; eceTop: number; ecePos: number } {
  const probs = model.predictProbs(set.texts);
  const k = model.meta.labels.length;
  const pred = set.texts.map((_, i) => model.labelIndex(probs, i));
  return { m: computeMetrics(set.y, pred, set.labels), eceTop: ece(probs, set.y, k), ecePos: ece(probs, set.y, k, 2) };
}

function main(): void {
  const data = arg('data', join(ROOT, '..', 'shared', 'data'))!;
  const seed = num('seed', 42);
  const members = num('members', 1);
  const smoothing = num('smoothing', 0);
  const recency = num('recency', 1);
  const dim = num('dim', 16);
  const hidden = num('hidden', 64);
  const epochs = num('epochs', 10);
  const lr = num('lr', 0.003);
  const dropout = num('dropout', 0.3);
  const balance = num('balance', 1);
  const patience = num('patience', 2);
  const evalsPerEpoch = num('evals-per-epoch', 1);
  const out = arg('out');
  const tag = arg('tag', '');
  const val = loadTweetEvalSplit(join(data, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const splits = loadSentimentSplits(data, { excludeTexts: val.texts });
  // The report split is scored only for a model being shipped (--out) or a baseline, so that
  // experiments cannot be chosen on it by accident.
  const showReport = !!arg('out') || !!arg('baseline') || process.argv.includes('--report');
  const sets: Record<string, LabeledSet> = { selection: splits.selection, ...(showReport ? { report: splits.report } : {}), 'tweeteval-val': val };
  const log = (o: object) => {
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    appendFileSync(join(ROOT, 'bench', 'results', 'sentiment-experiments.jsonl'), JSON.stringify({ date: new Date().toISOString(), ...o }) + '\n');
  };
  const scoreAll = (model: LoadedModel) => Object.fromEntries(Object.entries(sets).map(([name, set]) => {
    const e = evaluate(model, set);
    return [name, { macroRecall: r4(e.m.macroRecall), macroF1: r4(e.m.macroF1), accuracy: r4(e.m.accuracy), eceTop: r4(e.eceTop), ecePositive: r4(e.ecePos) }];
  }));

  const baseline = arg('baseline');
  if (baseline) {
    const model = LoadedModel.fromDir(baseline);
    const scores = scoreAll(model);
    console.log(`baseline ${model.meta.version}:`, JSON.stringify(scores));
    log({ tag: `baseline ${model.meta.version}`, scores, splits: splits.report_.kept });
    model.dispose();
    return;
  }
  console.error(`splits: ${JSON.stringify(splits.report_.kept)}; removed ${JSON.stringify({ cross: splits.report_.removedCrossRole, within: splits.report_.removedWithinRole, tweetevalVal: splits.report_.removedExcluded })}`);
  const rowWeights = recencyWeights(splits.train.files, recency);
  const trained: TrainResult[] = [];
  const t0 = Date.now();
  for (let k = 0; k < members; k++) {
    trained.push(trainClassifier({
      labels: SENTIMENT_LABELS, train: splits.train, valid: splits.selection, seed: memberSeed(seed, k), epochs,
      learningRate: lr, dropout, balance, patience, evalsPerEpoch, labelSmoothing: smoothing, rowWeights, architecture: { dim, hidden },
      select: 'macroRecall',
      onEpoch: (e) => console.error(`member ${k + 1}/${members} epoch ${e.epoch}: loss ${e.loss.toFixed(4)} selection macro-recall ${(100 * e.score).toFixed(2)}${e.best ? ' *' : ''}`),
    }));
  }
  const merged = mergeMembers(trained, SENTIMENT_LABELS.length);
  const training = {
    data: 'semeval2017-task4a (time-ordered splits, see docs/models.md)', trainFiles: SENTIMENT_SPLIT_PLAN.train,
    selection: SENTIMENT_SPLIT_PLAN.selection, trainRows: splits.train.texts.length, selectionRows: splits.selection.texts.length,
    recency, ...merged.hyper, members,
    ...(members > 1 ? { memberSeeds: trained.map((m) => m.hyper.seed), bestEpochs: trained.map((m) => m.bestEpoch) } : { bestEpoch: merged.bestEpoch }),
  };
  const cal = calibrateResult('sentiment', SENTIMENT_LABELS, merged, training, splits.selection, 'semeval 2016dev (selection)', 'macroRecall');
  const model = LoadedModel.fromBuffer(cal.built.meta, cal.built.buffer);
  const scores = scoreAll(model);
  const minutes = (Date.now() - t0) / 60000;
  const summary = { tag, seed, members, smoothing, recency, dim, hidden, epochs, lr, dropout, balance, patience, evalsPerEpoch, bestEpochs: trained.map((m) => m.bestEpoch), minutes: r4(minutes), calibration: cal.report, scores };
  console.log(JSON.stringify(summary));
  log(summary);
  if (out) {
    const metrics = {
      'selection (semeval 2016dev)': summarizeMetrics(evaluate(model, splits.selection).m),
      'report (semeval 2016devtest)': summarizeMetrics(evaluate(model, splits.report).m),
      'tweeteval val': summarizeMetrics(evaluate(model, val).m),
      calibration: cal.report,
    };
    writeModel(out, cal.built, metrics, describe(splits.train, splits.report_.kept));
    console.log(`wrote ${out} (${cal.built.meta.version})`);
  }
  model.dispose();
}

function describe(train: RoleSplit, kept: Record<string, number>): string {
  return `SemEval-2017 Task 4A English training data 2013–2016 (Rosenthal et al., 2017; ../shared/data/semeval2017-task4a), ` +
    `split by time and file (docs/models.md, "Validation that looks like the future"): **train** ${train.texts.length} tweets from ` +
    `${SENTIMENT_SPLIT_PLAN.train.join(', ')}; **selection** ${kept.selection} tweets of ${SENTIMENT_SPLIT_PLAN.selection.join(', ')} ` +
    `(early stopping, calibration, decision rule); **report** ${kept.report} tweets of ${SENTIMENT_SPLIT_PLAN.report.join(', ')}, scored once, never used for a choice. ` +
    `Every tweet of TweetEval val was removed from all three (so TweetEval val is a clean in-period check), and every tweet found in two roles ` +
    `(same id or same normalised text) kept only in the later one. The TweetEval sentiment test split was not used at all. ` +
    `Terms: SemEval data was released for research; tweet text is covered by the Twitter/X terms. The weights contain no tweet text.`;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

main();
