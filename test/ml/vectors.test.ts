// The pre-trained word-vector block (issue #19, fifth round) with a tiny fake table: pooling,
// lookups, determinism, the v2 weights.bin round trip, and old (v1) models still loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Featurizer, type FeaturizerConfig } from '../../src/ml/features';
import { LoadedModel, serializeParams, type ModelMeta, type Params } from '../../src/ml/model';
import { buildModel } from '../../src/ml/store';
import type { TrainResult } from '../../src/ml/train';
import { readGlove, registerWordVectors, vectorBlockSize, WordVectors, wordVectorsFor } from '../../src/ml/vectors';
import { LEXICON_FEATURES } from '../../src/ml/lexicon';
import { TINY, TINY_NET, tinyParams } from './tiny';

// 4-d vectors, already unit length, so the int8 rows reproduce them to within 1/127.
const WORDS = ['good', 'bad', 'do', 'it', 'happy'];
const VALUES = new Float32Array([
  1, 0, 0, 0,
  -1, 0, 0, 0,
  0, 1, 0, 0,
  0, 0, 1, 0,
  0.6, 0.8, 0, 0,
]);
const fake = () => WordVectors.fromFloats(WORDS, VALUES, 4);
const close = (a: ArrayLike<number>, b: number[]) => b.forEach((x, i) => assert.ok(Math.abs(a[i] - x) < 0.01, `${Array.from(a).join(',')} vs ${b.join(',')}`));

void test('rows are unit length, int8, and found by word (clitics fall back to the stem)', () => {
  const v = WordVectors.fromFloats(['w'], new Float32Array([3, 4]), 2);
  close([v.q[0] * v.scales[0], v.q[1] * v.scales[0]], [0.6, 0.8]);
  const f = fake();
  assert.equal(f.row('good'), 0);
  assert.equal(f.row("don't"), 2); // GloVe has "do" + "n't"
  assert.equal(f.row('it’s'), 3);
  assert.equal(f.row('unknownword'), -1);
});

void test('the block is the mean vector of the known words (hashtags without #, others skipped), times scale', () => {
  const v = registerWordVectors(fake());
  const cfg: FeaturizerConfig = { ...TINY, vectors: v.config('fake', 'mean', 2) };
  const f = new Featurizer(cfg);
  assert.equal(f.denseSize, LEXICON_FEATURES + 4);
  const b = f.featurize(['good #happy @user 😍 zzz', 'nothing known here', '']);
  const row = (r: number) => b.dense.subarray(r * f.denseSize + LEXICON_FEATURES, (r + 1) * f.denseSize);
  close(row(0), [2 * 0.8, 2 * 0.4, 0, 0]); // mean of good and happy, × 2
  close(row(1), [0, 0, 0, 0]);
  close(row(2), [0, 0, 0, 0]);
  // Deterministic: the same texts give the same features.
  assert.deepEqual(Array.from(f.featurize(['good #happy @user 😍 zzz']).dense), Array.from(b.dense.subarray(0, f.denseSize)));
});

void test("'mean+negated' puts words inside a negation scope in a second block", () => {
  const v = registerWordVectors(fake());
  const f = new Featurizer({ ...TINY, vectors: v.config('fake', 'mean+negated') });
  assert.equal(vectorBlockSize(v.config('fake', 'mean+negated')), 8);
  const b = f.featurize(['it is not good']);
  const block = b.dense.subarray(LEXICON_FEATURES, LEXICON_FEATURES + 8);
  close(block, [0, 0, 1, 0, 1, 0, 0, 0]); // "it" outside (is/not unknown), "good" negated
});

void test("'mean+max' appends the per-dimension maximum over the words", () => {
  const v = registerWordVectors(fake());
  const f = new Featurizer({ ...TINY, vectors: v.config('fake', 'mean+max') });
  const block = f.featurize(['bad it']).dense.subarray(LEXICON_FEATURES, LEXICON_FEATURES + 8);
  close(block, [-0.5, 0, 0.5, 0, 0, 0, 1, 0]); // mean of bad and it; max: bad's 0 beats -1 in dim 0
});

void test('a config naming an unregistered table is a clear error', () => {
  const cfg = { ...TINY, vectors: { ...fake().config('fake'), sha256: 'f'.repeat(64) } };
  assert.throws(() => new Featurizer(cfg), /word vectors f{16}… \(fake\) are not loaded/);
  assert.throws(() => wordVectorsFor(cfg.vectors), /not loaded/);
});

function tinyResult(featurizer: FeaturizerConfig): { result: TrainResult; params: Params } {
  const params = tinyParams(new Featurizer(featurizer));
  const result = { featurizer, architecture: { dim: TINY_NET.dim, hidden: TINY_NET.hidden } } as TrainResult;
  return { result, params };
}

void test('a model with the block saves as format v2 with its table and loads back with the same predictions', () => {
  const v = registerWordVectors(fake());
  const { result, params } = tinyResult({ ...TINY, vectors: v.config('fake', 'mean+negated') });
  const built = buildModel('sentiment', ['negative', 'neutral', 'positive'], result, params, {});
  assert.equal(built.meta.formatVersion, 2);
  assert.ok(built.meta.layout.vocab! > built.meta.layout.embedding);
  const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
  try {
    writeFileSync(join(dir, 'model.json'), JSON.stringify(built.meta));
    writeFileSync(join(dir, 'weights.bin'), built.buffer);
    const texts = ['good stuff', 'not good', "don't do it", '#happy'];
    const a = LoadedModel.fromBuffer(built.meta, built.buffer).predictProbs(texts);
    const loaded = LoadedModel.fromDir(dir);
    assert.deepEqual(Array.from(loaded.predictProbs(texts)), Array.from(a));
    // The vector block matters: the same weights without it would not even fit the layout.
    assert.equal(loaded.featurizer.denseSize, LEXICON_FEATURES + 8);
    // A damaged table is refused, not silently used.
    const bad = Buffer.from(built.buffer);
    bad[built.meta.layout.vectors!] ^= 1;
    assert.throws(() => LoadedModel.fromBuffer(built.meta, bad), /word-vector table does not match/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('format v1 models (no vectors: the emotion model, older sentiment models) load and save unchanged', () => {
  const { result, params } = tinyResult(TINY);
  const built = buildModel('emotion', ['anger', 'joy', 'optimism', 'sadness'].slice(0, 3), result, params, {});
  assert.equal(built.meta.formatVersion, 1);
  assert.equal(built.meta.layout.vocab, undefined);
  const { buffer, sha256 } = serializeParams(params);
  assert.equal(built.meta.sha256, sha256); // byte-identical to the v1 writer
  const m = LoadedModel.fromBuffer(built.meta, buffer);
  assert.equal(m.featurizer.denseSize, LEXICON_FEATURES);
  assert.equal(m.predictProbs(['good']).length, 3);
  const future = { ...built.meta, formatVersion: 3 } as unknown as ModelMeta;
  const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
  try {
    writeFileSync(join(dir, 'model.json'), JSON.stringify(future));
    writeFileSync(join(dir, 'weights.bin'), buffer);
    assert.throws(() => LoadedModel.fromDir(dir), /format version 3; this code reads 1 and 2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('readGlove reads the first N words of a converted file pair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glove-'));
  try {
    writeFileSync(join(dir, 'g.words.txt'), WORDS.join('\n') + '\n');
    writeFileSync(join(dir, 'g.f32'), Buffer.from(VALUES.buffer));
    const v = readGlove(join(dir, 'g'), 2, 4);
    assert.deepEqual(v.words, ['good', 'bad']);
    assert.equal(v.row('bad'), 1);
    assert.equal(v.row('do'), -1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
