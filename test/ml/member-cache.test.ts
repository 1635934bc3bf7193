// The member cache of the training scripts: a cached member comes back bit-identical, and the key
// changes with any setting (so a changed setting never reuses a stale member).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedMember, memberKey } from '../../src/ml/member-cache';
import type { TrainResult } from '../../src/ml/train';

const result = (x: number): TrainResult => ({
  params: { emb: new Float32Array([x, 2, 3, 4]), w1: new Float32Array([5, 6]), b1: new Float32Array([7]), w2: new Float32Array([8, 9, 10]), b2: new Float32Array([11, 12, 13]) },
  architecture: { dim: 2, hidden: 1 }, featurizer: { version: 1, wordBuckets: 1, charBuckets: 1, charMin: 3, charMax: 4, lexicon: false },
  bestEpoch: 1, epochsRun: 2, valid: { macroRecall: 0.5 } as never, history: [{ epoch: 1, loss: 0.3, score: 0.5 }], hyper: { seed: 42 },
});

void test('a cached member is returned bit-identical without training again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'members-'));
  try {
    let trained = 0;
    const first = cachedMember(dir, { recency: 0.3, seed: 42 }, () => { trained++; return result(1.5); });
    const again = cachedMember(dir, { seed: 42, recency: 0.3 }, () => { trained++; return result(99); });
    assert.equal(trained, 1);
    assert.equal(first.cached, false);
    assert.equal(again.cached, true);
    assert.deepEqual(again.result, first.result);
    cachedMember(dir, { recency: 1, seed: 42 }, () => { trained++; return result(2); });
    assert.equal(trained, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('the key ignores key order and undefined settings, and changes with any value', () => {
  assert.equal(memberKey({ a: 1, b: 2 }), memberKey({ b: 2, a: 1 }));
  assert.equal(memberKey({ a: 1, b: undefined }), memberKey({ a: 1 }));
  assert.notEqual(memberKey({ a: 1, b: 2 }), memberKey({ a: 1, b: 3 }));
});
