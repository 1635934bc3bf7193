// prune.ts: table rows seen in fewer than minCount training tweets are zeroed after training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer } from '../../src/ml/features';
import { rowDocumentCounts, zeroRareRows } from '../../src/ml/prune';
import type { TrainResult } from '../../src/ml/train';
import { TINY } from './tiny';

void test('row counts count tweets, not occurrences; rare rows are zeroed and the rest kept', () => {
  const f = new Featurizer(TINY);
  const b = f.featurize(['love love love', 'love it', 'zebra']);
  const counts = rowDocumentCounts(b, f.tableRows);
  const love = b.ids[0];
  assert.equal(counts[love], 2, 'three "love" in one tweet count once');
  assert.equal(counts.reduce((s, c) => s + c, 0), new Set(Array.from(b.ids, (id, i) => `${id}:${(b.segments[i] / 2) | 0}`)).size);
  const dim = 2;
  const member = {
    params: { emb: Float32Array.from({ length: f.tableRows * dim }, (_, i) => i + 1), w1: new Float32Array(), b1: new Float32Array(), w2: new Float32Array(), b2: new Float32Array() },
    architecture: { dim, hidden: 1 }, featurizer: TINY, bestEpoch: 1, epochsRun: 1, valid: undefined as never, history: [], hyper: {},
  } as TrainResult;
  assert.equal(zeroRareRows(member, counts, 0), member);
  const pruned = zeroRareRows(member, counts, 2);
  for (let r = 0; r < f.tableRows; r++) {
    const row = Array.from(pruned.params.emb.subarray(r * dim, (r + 1) * dim));
    if (counts[r] >= 2) assert.deepEqual(row, [r * dim + 1, r * dim + 2]);
    else assert.deepEqual(row, [0, 0]);
  }
  assert.equal(member.params.emb[0], 1, 'the original member is not modified');
  assert.equal(pruned.hyper.minCount, 2);
  assert.throws(() => zeroRareRows(member, new Uint32Array(3), 1), /do not match/);
});
