// Skip-gram pre-training (src/ml/pretrain.ts): deterministic for a seed, it writes the rows the
// classifier reads for each token, and tokens used in the same contexts end up with similar vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer, type FeaturizerConfig } from '../../src/ml/features';
import { pretrainEmbeddings, rescaleTable } from '../../src/ml/pretrain';

const CFG: FeaturizerConfig = { version: 1, wordBuckets: 4096, charBuckets: 4096, charMin: 3, charMax: 4, lexicon: false };

/** Two topics; "cats"/"kittens" share only contexts (no char n-gram in common with "engines"). */
function corpus(): string[] {
  const out: string[] = [];
  const pets = ['fluffy soft purring sleepy', 'cute fluffy purring lovely', 'sleepy soft cute warm'];
  const cars = ['diesel fuel torque garage', 'garage wrench diesel piston', 'torque piston fuel wrench'];
  for (let i = 0; i < 120; i++) {
    out.push(`${pets[i % 3]} cats ${pets[(i + 1) % 3]}`, `${pets[(i + 2) % 3]} kittens ${pets[i % 3]}`);
    out.push(`${cars[i % 3]} engines ${cars[(i + 1) % 3]}`);
  }
  return out;
}

function wordVec(f: Featurizer, table: Float32Array, dim: number, word: string): Float32Array {
  const u = f.tokenUnits(word)[0];
  const v = new Float32Array(dim);
  for (const r of u.rows) for (let j = 0; j < dim; j++) v[j] += table[r * dim + j] / u.rows.length;
  return v;
}

const cos = (a: Float32Array, b: Float32Array) => {
  let d = 0; let na = 0; let nb = 0;
  for (let j = 0; j < a.length; j++) { d += a[j] * b[j]; na += a[j] ** 2; nb += b[j] ** 2; }
  return d / Math.sqrt(na * nb);
};

void test('tokens in the same contexts get near-identical vectors, unlike tokens in other contexts', () => {
  const f = new Featurizer(CFG);
  const dim = 8;
  for (const seed of [1, 2, 3]) {
    // (A random table scores between −0.5 and 0.7 on cats~kittens for these seeds.)
    const { table } = pretrainEmbeddings(f, corpus(), { dim, seed, epochs: 15, minCount: 1, subsample: 1 });
    const cats = wordVec(f, table, dim, 'cats');
    const kittens = wordVec(f, table, dim, 'kittens');
    const engines = wordVec(f, table, dim, 'engines');
    assert.ok(cos(cats, kittens) > 0.9, `seed ${seed}: cats~kittens ${cos(cats, kittens)}`);
    assert.ok(Math.abs(cos(cats, engines)) < 0.5, `seed ${seed}: cats~engines ${cos(cats, engines)}`);
  }
});

void test('deterministic for a seed; touched marks exactly the rows of the corpus tokens', () => {
  const f = new Featurizer(CFG);
  const texts = corpus().slice(0, 30);
  const a = pretrainEmbeddings(f, texts, { dim: 4, seed: 3, epochs: 2 });
  const b = pretrainEmbeddings(f, texts, { dim: 4, seed: 3, epochs: 2 });
  const c = pretrainEmbeddings(f, texts, { dim: 4, seed: 4, epochs: 2 });
  assert.deepEqual(a.table, b.table);
  assert.notDeepEqual(a.table, c.table);
  const rows = new Set(texts.flatMap((t) => f.tokenUnits(t).flatMap((u) => [...u.rows])));
  assert.equal(a.touched.reduce((s, x) => s + x, 0), rows.size);
  for (const r of rows) assert.equal(a.touched[r], 1);
});

void test('tokenUnits rows are rows that featurize emits for the same text', () => {
  const f = new Featurizer(CFG);
  const text = "I don't like #mondays at all";
  const emitted = new Set(f.featurize([text]).ids);
  for (const u of f.tokenUnits(text)) for (const r of u.rows) assert.ok(emitted.has(r), `row ${r} of "${u.text}" not emitted by featurize`);
});

void test('rescaleTable sets the RMS of the touched rows and leaves the others alone', () => {
  const table = new Float32Array([3, 4, 1, 1, 0.5, 0.5]);
  const touched = new Uint8Array([1, 0, 1]);
  const out = rescaleTable(table, touched, 2, 1);
  const rms = Math.sqrt((out[0] ** 2 + out[1] ** 2 + out[4] ** 2 + out[5] ** 2) / 4);
  assert.ok(Math.abs(rms - 1) < 1e-6);
  assert.deepEqual([out[2], out[3]], [1, 1]);
  assert.ok(Math.abs(out[0] / out[1] - 0.75) < 1e-6);
});
