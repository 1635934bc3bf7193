import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assignRoles, loadSentimentSplits, overlapKey, type SemevalRow } from '../../src/ml/splits';
import { loadTweetEvalSplit } from '../../src/ml/data';

const row = (id: string, text: string, file = 'f'): SemevalRow => ({ id, label: 1, text, file });

void test('overlapKey matches a tweet, its retweet, its TweetEval line and a copy without the URL', () => {
  const k = overlapKey('Loving the new #iPhone! @apple http://t.co/x');
  assert.equal(overlapKey('RT @fan: Loving the new #iPhone! @user'), k);
  assert.equal(overlapKey('loving the new #iphone @user '), k);
  assert.equal(overlapKey('Loving the new \\u002c #iPhone! @apple'), k);
  assert.notEqual(overlapKey('Hating the new #iPhone'), k);
});

void test('assignRoles keeps a shared tweet only in the latest role and drops repeats and excluded texts', () => {
  const s = assignRoles({
    train: [row('1', 'old tweet'), row('2', 'shared by id'), row('3', 'Shared by TEXT!'), row('4', 'old tweet'), row('5', 'in val')],
    selection: [row('2', 'different text, same id'), row('6', 'sel only')],
    report: [row('7', 'shared by text'), row('8', 'report only')],
  }, new Set([overlapKey('in val')]));
  assert.deepEqual(s.train.ids, ['1']);
  assert.deepEqual(s.selection.ids, ['2', '6']);
  assert.deepEqual(s.report.ids, ['7', '8']);
  assert.deepEqual(s.report_.removedCrossRole, { train: 2, selection: 0, report: 0 });
  assert.deepEqual(s.report_.removedWithinRole, { train: 1, selection: 0, report: 0 });
  assert.deepEqual(s.report_.removedExcluded, { train: 1, selection: 0, report: 0 });
});

const DATA = join(__dirname, '..', '..', '..', 'shared', 'data');
const skip = existsSync(join(DATA, 'semeval2017-task4a')) ? false : `../shared/data not found at ${DATA}; skipping the split disjointness check on real data`;

void test('the shipped sentiment splits are disjoint by id and by normalised text, and free of TweetEval val', { skip }, () => {
  const val = loadTweetEvalSplit(join(DATA, 'tweeteval', 'sentiment'), 'val', 'sentiment');
  const s = loadSentimentSplits(DATA, { excludeTexts: val.texts });
  const roles = [s.train, s.selection, s.report];
  for (let i = 0; i < roles.length; i++) {
    for (let j = i + 1; j < roles.length; j++) {
      const ids = new Set(roles[i].ids);
      assert.equal(roles[j].ids.filter((id) => ids.has(id)).length, 0, `roles ${i} and ${j} share ids`);
      const keys = new Set(roles[i].texts.map(overlapKey));
      assert.equal(roles[j].texts.filter((t) => keys.has(overlapKey(t))).length, 0, `roles ${i} and ${j} share texts`);
    }
  }
  const valKeys = new Set(val.texts.map(overlapKey));
  for (const r of roles) assert.equal(r.texts.filter((t) => valKeys.has(overlapKey(t))).length, 0);
  assert.ok(s.train.texts.length > 40000 && s.selection.texts.length > 1800 && s.report.texts.length > 1900);
});
