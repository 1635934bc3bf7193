// scripts/kfold-sentiment.ts writes one result file per round, k and fold cut: a run for another round
// or cut used to overwrite bench/results/sentiment-kfold.json, losing the numbers a round had quoted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kfoldResultFile } from '../../scripts/kfold-sentiment';

void test('k-fold result files differ by round, k and fold cut, and name all of them', () => {
  const names = [kfoldResultFile('6', 3, [19]), kfoldResultFile('6', 3, [20]), kfoldResultFile('7', 3, [19, 20]), kfoldResultFile('6', 5, [19])];
  assert.equal(new Set(names).size, names.length);
  assert.equal(kfoldResultFile('7', 3, [19, 20]), 'sentiment-kfold-round7-k3-cut19-20.json');
});

void test('round 9: T_B (B\'s own member as a teacher) predicts each row by a member trained without it, then calibrates', async () => {
  const { bagTeacherOutOfFold } = await import('../../scripts/kfold-sentiment');
  const { trainClassifier } = await import('../../src/ml/train');
  const { memberLogits, mixLogProbs } = await import('../../src/ml/mixture');
  const { applyCalibration } = await import('../../src/ml/calibration');
  const { recencyWeights, stratifiedFolds } = await import('../../src/ml/kfold');
  const { SENTIMENT_LABELS } = await import('../../src/ml/data');
  const { TINY, syntheticSet } = await import('./tiny');
  const set = syntheticSet();
  // Two years, so that recency weighting is in play as in the real folds.
  const files = set.y.map((_, i) => (i % 4 === 0 ? 'twitter-2013train-A.tsv' : 'twitter-2016train-A.tsv'));
  const train = { texts: set.texts, y: set.y, labels: SENTIMENT_LABELS, ids: set.texts.map((_, i) => String(i)), files };
  const { q, calibration } = bagTeacherOutOfFold(train, { featurizer: TINY, key: { task: 'test' } });
  assert.equal(q.length, set.y.length * 3);
  for (let i = 0; i < set.y.length; i++) assert.ok(Math.abs(q[3 * i] + q[3 * i + 1] + q[3 * i + 2] - 1) < 1e-5);
  // Inner fold 3 by hand: a member trained on the other four inner folds only, the same calibration.
  const fold = stratifiedFolds(set.y, 5, 8);
  const fitRows = set.y.flatMap((_, i) => (fold[i] === 3 ? [] : [i]));
  const useRows = set.y.flatMap((_, i) => (fold[i] === 3 ? [i] : []));
  const sub = (rows: number[]) => ({ texts: rows.map((i) => train.texts[i]), y: rows.map((i) => train.y[i]), labels: train.labels, ids: rows.map((i) => train.ids[i]), files: rows.map((i) => files[i]) });
  const opts = { labels: SENTIMENT_LABELS, seed: 42, epochs: 1, patience: 1, learningRate: 0.003, dropout: 0.3, balance: 1, tokenDropout: 0, linear: false, architecture: { dim: 16, hidden: 64 }, select: 'macroRecall', featurizer: TINY } as const;
  const member = trainClassifier({ ...opts, train: sub(fitRows), valid: sub(useRows), rowWeights: recencyWeights(sub(fitRows).files, 0.3) });
  const p = applyCalibration(mixLogProbs([memberLogits(member, sub(useRows).texts, 3)], [1], 3), 3, calibration);
  useRows.forEach((r, j) => { for (let c = 0; c < 3; c++) assert.ok(Math.abs(q[r * 3 + c] - p[j * 3 + c]) < 1e-5, `row ${r}`); });
  // A member that also trained on those rows predicts them differently: the teacher did not see them.
  const all = trainClassifier({ ...opts, train, valid: sub(useRows), rowWeights: recencyWeights(files, 0.3) });
  const pIn = applyCalibration(mixLogProbs([memberLogits(all, sub(useRows).texts, 3)], [1], 3), 3, calibration);
  assert.ok(useRows.some((r, j) => Math.abs(q[r * 3 + set.y[r]] - pIn[j * 3 + set.y[r]]) > 1e-4));
});
