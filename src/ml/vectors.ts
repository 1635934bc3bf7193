// Frozen pre-trained word vectors as a dense input block (issue #19, fifth round). The hashed bag
// learns only from our 43k labelled tweets, so a word never seen in training carries nothing; a
// vector pre-trained on a large corpus (GloVe 6B: Wikipedia + Gigaword) still places it near the
// words it resembles. Per tweet the block is the mean of the unit-normalised vectors of its words
// (hashtags without '#'; mentions, emoji and punctuation skipped; unknown words skipped).
// The table is stored int8 with a scale per row inside the model's weights.bin, so inference needs
// no download; training reads the converted GloVe file (scripts/fetch-embeddings.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Token } from './text';

/** What model.json records about the vector block (FeaturizerConfig.vectors). */
export interface VectorsConfig {
  /** Where the vectors come from (for the model card). */
  source: string;
  words: number;
  dim: number;
  /**
   * 'mean': one block, the mean over the tweet's words. 'mean+negated': two blocks, the mean over
   * words outside and inside a negation scope ("not good" puts good's vector in the second).
   * 'mean+max': the mean, then the per-dimension maximum over the words.
   */
  pool: VectorPool;
  /** Multiplies the pooled vectors (rows are unit length, so a mean has components of about 0.1). */
  scale: number;
  /** sha256 of the stored table (vocabulary + int8 rows + scales): ties a config to its table. */
  sha256: string;
}

export type VectorPool = 'mean' | 'mean+negated' | 'mean+max';

/** Width of the dense block a config adds. */
export function vectorBlockSize(cfg: VectorsConfig): number {
  return cfg.pool === 'mean' ? cfg.dim : 2 * cfg.dim;
}

export class WordVectors {
  private readonly index: Map<string, number>;
  readonly sha256: string;

  constructor(readonly words: readonly string[], readonly q: Int8Array, readonly scales: Float32Array, readonly dim: number) {
    if (q.length !== words.length * dim || scales.length !== words.length) throw new Error('word vectors: table size does not match the vocabulary');
    this.index = new Map(words.map((w, i) => [w, i]));
    this.sha256 = createHash('sha256').update(this.vocabBytes()).update(q).update(new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength)).digest('hex');
  }

  /** Rows from float vectors: each normalised to unit length, then int8 with a per-row scale. */
  static fromFloats(words: readonly string[], values: Float32Array, dim: number): WordVectors {
    const q = new Int8Array(words.length * dim);
    const scales = new Float32Array(words.length);
    for (let r = 0; r < words.length; r++) {
      const o = r * dim;
      let norm = 0, max = 0;
      for (let j = 0; j < dim; j++) { norm += values[o + j] ** 2; max = Math.max(max, Math.abs(values[o + j])); }
      norm = Math.sqrt(norm);
      const scale = norm > 0 ? max / norm / 127 : 1;
      scales[r] = scale;
      for (let j = 0; j < dim; j++) q[o + j] = norm > 0 ? Math.round(values[o + j] / norm / scale) : 0;
    }
    return new WordVectors(words, q, scales, dim);
  }

  vocabBytes(): Buffer {
    return Buffer.from(this.words.join('\n'), 'utf8');
  }

  config(source: string, pool: VectorPool = 'mean', scale = 1): VectorsConfig {
    return { source, words: this.words.length, dim: this.dim, pool, scale, sha256: this.sha256 };
  }

  /**
   * Row of a token text, or -1. GloVe's tokeniser splits clitics ("do n't", "it 's"), ours keeps
   * them: an unknown word with an apostrophe falls back to its stem ("don't" → "do", "it's" → "it").
   */
  row(word: string): number {
    const hit = this.index.get(word);
    if (hit !== undefined) return hit;
    // Most misses have no apostrophe at all: no new string for them.
    if (word.indexOf("'") < 0 && word.indexOf('’') < 0) return -1;
    const w = word.replace(/’/g, "'");
    const apo = w.indexOf("'");
    if (apo <= 0) return w === word ? -1 : (this.index.get(w) ?? -1);
    const stem = w.endsWith("n't") ? w.slice(0, -3) : w.slice(0, apo);
    return this.index.get(w) ?? this.index.get(stem) ?? -1;
  }

  /**
   * Writes the pooled block of a tweet into out[offset ..): the mean vector of its known words (zeros
   * if none), times `scale`; with 'mean+negated', negated words go to a second block of `dim`;
   * with 'mean+max', the second block is the per-dimension maximum.
   */
  pool(tokens: readonly Token[], out: Float32Array, offset: number, pool: VectorPool = 'mean', scale = 1): void {
    const { q, scales, dim } = this;
    const n = [0, 0];
    for (const t of tokens) {
      if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
      const r = this.row(t.kind === 'hashtag' ? t.text.slice(1) : t.text);
      if (r < 0) continue;
      const b = pool === 'mean+negated' && t.negated ? 1 : 0;
      const s = scales[r];
      const e = r * dim;
      const o = offset + b * dim;
      // Four columns a step (dim is a multiple of 4 for every table in use; the tail loop covers the rest).
      let j = 0;
      for (; j + 3 < dim; j += 4) {
        out[o + j] += q[e + j] * s; out[o + j + 1] += q[e + j + 1] * s;
        out[o + j + 2] += q[e + j + 2] * s; out[o + j + 3] += q[e + j + 3] * s;
      }
      for (; j < dim; j++) out[o + j] += q[e + j] * s;
      if (pool === 'mean+max') {
        const m = offset + dim;
        for (let j = 0; j < dim; j++) out[m + j] = n[0] === 0 ? q[e + j] * s : Math.max(out[m + j], q[e + j] * s);
      }
      n[b]++;
    }
    if (pool === 'mean+max') for (let j = 0; j < dim; j++) out[offset + dim + j] *= scale;
    for (let b = 0; b < (pool === 'mean+negated' ? 2 : 1); b++) {
      if (n[b] === 0) continue;
      const f = scale / n[b];
      const o = offset + b * dim;
      for (let j = 0; j < dim; j++) out[o + j] *= f;
    }
  }
}

// Tables by sha256: a FeaturizerConfig names its table by hash (model.json stays small), and the
// table is registered by whoever holds it (the model loader from weights.bin, a training script
// from the GloVe file). Content-addressed, so registering the same table twice is harmless.
const registry = new Map<string, WordVectors>();

export function registerWordVectors(v: WordVectors): WordVectors {
  const had = registry.get(v.sha256);
  if (had) return had;
  registry.set(v.sha256, v);
  return v;
}

export function wordVectorsFor(cfg: VectorsConfig): WordVectors {
  const v = registry.get(cfg.sha256);
  if (!v) throw new Error(`word vectors ${cfg.sha256.slice(0, 16)}… (${cfg.source}) are not loaded: load the model from its directory, or register the table before training`);
  return v;
}

/** The first `top` words (frequency order) of a converted GloVe file pair (scripts/fetch-embeddings.ts). */
export function readGlove(base: string, top: number, dim = 100): WordVectors {
  const words = readFileSync(`${base}.words.txt`, 'utf8').split('\n').slice(0, top);
  const buf = readFileSync(`${base}.f32`);
  const values = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + words.length * dim * 4));
  return WordVectors.fromFloats(words, values, dim);
}
