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
