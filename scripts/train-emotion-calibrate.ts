// Emotion under the issue #19 protocol: TweetEval emotion has no dates or ids, so the official
// splits play the roles (train = train, selection = val, report = test, never used for a choice).
// This checks the three are disjoint by normalised text, then calibrates the trained model on val
// (temperature + class bias folded into the output layer; labels unchanged) and writes it.
//   npx tsx scripts/train-emotion-calibrate.ts [--data ../shared/data] [--model models/emotion] [--out models/emotion]
import { join } from 'node:path';
import { loadTweetEvalSplit } from '../src/ml/data';
import { calibrateSaved } from '../src/ml/calibrate-model';
import { ece } from '../src/ml/calibration';
import { computeMetrics } from '../src/ml/metrics';
import { LoadedModel } from '../src/ml/model';
import { overlapKey } from '../src/ml/splits';
import { summarizeMetrics, writeModel } from '../src/ml/store';
import { readFileSync } from 'node:fs';

const ROOT = join(__dirname, '..');
function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

function main(): void {
  const data = arg('data', join(ROOT, '..', 'shared', 'data'));
  const modelDir = arg('model', join(ROOT, 'models', 'emotion'));
  const out = arg('out', modelDir);
  const dir = join(data, 'tweeteval', 'emotion');
  const split = { train: loadTweetEvalSplit(dir, 'train', 'emotion'), val: loadTweetEvalSplit(dir, 'val', 'emotion'), test: loadTweetEvalSplit(dir, 'test', 'emotion') };
  const keys = Object.fromEntries(Object.entries(split).map(([k, s]) => [k, new Set(s.texts.map(overlapKey))]));
  const overlap = {
    trainVal: [...keys.val].filter((k) => keys.train.has(k)).length,
    trainTest: [...keys.test].filter((k) => keys.train.has(k)).length,
    valTest: [...keys.test].filter((k) => keys.val.has(k)).length,
  };
  console.log(`overlap by normalised text: ${JSON.stringify(overlap)}`);
  const model = LoadedModel.fromDir(modelDir);
  const score = (m: LoadedModel, set = split.test) => {
    const probs = m.predictProbs(set.texts);
    const k = m.meta.labels.length;
    const metrics = computeMetrics(set.y, set.texts.map((_, i) => m.labelIndex(probs, i)), set.labels);
    return { metrics, eceTop: ece(probs, set.y, k) };
  };
  const before = { val: score(model, split.val), test: score(model) };
  const { built, report } = calibrateSaved(model, split.val, 'tweeteval emotion val (selection)', 'macroF1', 'keep');
  model.dispose();
  const calibrated = LoadedModel.fromBuffer(built.meta, built.buffer);
  const after = { val: score(calibrated, split.val), test: score(calibrated) };
  calibrated.dispose();
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  const summary = {
    overlap, calibration: report.calibration,
    eceTop: { val: { before: r4(before.val.eceTop), after: r4(after.val.eceTop) }, test: { before: r4(before.test.eceTop), after: r4(after.test.eceTop) } },
    testMacroF1: { before: r4(before.test.metrics.macroF1), after: r4(after.test.metrics.macroF1) },
  };
  console.log(JSON.stringify(summary, null, 2));
  const old = JSON.parse(readFileSync(join(modelDir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  const description = (readFileSync(join(modelDir, 'MODEL_CARD.md'), 'utf8').split('## Training data\n\n')[1] ?? '').split('\n\nTraining settings:')[0];
  writeModel(out, built, {
    'valid (val)': old['valid (val)'], 'test (report)': summarizeMetrics(after.test.metrics),
    calibration: { ...report, fittedOn: 'val', eceTopTest: summary.eceTop.test, calibratedFrom: (old.version as string) },
  }, description);
  console.log(`wrote ${out} (${built.meta.version})`);
}

main();
