// Pooling the int8 embedding table in plain JS: the first step of every model's inference, kept free
// of TensorFlow so that small models (the reply model) can run where tfjs is not loaded (the API).
import { createHash } from 'node:crypto';
import { Featurizer, GROUPS, type FeatureBatch, type FeaturizerConfig } from './features';
import { registerWordVectors, WordVectors } from './vectors';

export function floatsAt(buf: Buffer, offset: number, count: number): Float32Array {
  // Copy into an aligned buffer: Buffer slices may not be 4-byte aligned.
  const bytes = new Uint8Array(count * 4);
  bytes.set(buf.subarray(offset, offset + count * 4));
  return new Float32Array(bytes.buffer);
}

/**
 * Mean-pools embedding rows per (row, group) segment and appends the dense features: the same
 * math as the first step of `forward`, done in JS at inference. The ids are sparse (~200 per
 * tweet out of ~200k rows), and a direct loop over them is several times faster than TF's
 * gather + unsorted-segment-sum kernels for this shape.
 */
export function poolBatch(b: FeatureBatch, table: QuantizedTable): Float32Array {
  const { q, scales, dim } = table;
  const width = GROUPS * dim + b.denseSize;
  const out = new Float32Array(b.size * width);
  const { ids, segments, counts } = b;
  const n = ids.length;
  if (dim % 8 === 0) {
    // Consecutive ids of one segment (a word's char n-grams, say) are summed 8 columns at a time in
    // local variables, so the running sums stay in registers instead of a load+store per id and
    // column: ~1.4x faster than a plain per-id loop for the wide tables of merged ensembles.
    let start = 0;
    while (start < n) {
      const seg = segments[start];
      let end = start + 1;
      while (end < n && segments[end] === seg) end++;
      const row = (seg / GROUPS) | 0;
      const o = row * width + (seg - row * GROUPS) * dim;
      for (let j = 0; j < dim; j += 8) {
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (let i = start; i < end; i++) {
          const id = ids[i];
          const s = scales[id];
          const e = id * dim + j;
          a0 += q[e] * s; a1 += q[e + 1] * s; a2 += q[e + 2] * s; a3 += q[e + 3] * s;
          a4 += q[e + 4] * s; a5 += q[e + 5] * s; a6 += q[e + 6] * s; a7 += q[e + 7] * s;
        }
        out[o + j] += a0; out[o + j + 1] += a1; out[o + j + 2] += a2; out[o + j + 3] += a3;
        out[o + j + 4] += a4; out[o + j + 5] += a5; out[o + j + 6] += a6; out[o + j + 7] += a7;
      }
      start = end;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const seg = segments[i];
      const row = (seg / GROUPS) | 0;
      const o = row * width + (seg - row * GROUPS) * dim;
      const id = ids[i];
      const s = scales[id];
      const e = id * dim;
      for (let j = 0; j < dim; j++) out[o + j] += q[e + j] * s;
    }
  }
  for (let row = 0; row < b.size; row++) {
    for (let g = 0; g < GROUPS; g++) {
      const inv = 1 / counts[row * GROUPS + g];
      const o = row * width + g * dim;
      for (let j = 0; j < dim; j++) out[o + j] *= inv;
    }
    if (b.denseSize > 0) out.set(b.dense.subarray(row * b.denseSize, (row + 1) * b.denseSize), row * width + GROUPS * dim);
  }
  return out;
}

/**
 * The embedding table kept int8 in memory (as stored): 4× less memory traffic than float32, which
 * is what bounds pooling speed (each feature id is a random row access).
 */
export interface QuantizedTable {
  q: Int8Array;
  scales: Float32Array;
  dim: number;
}

/** What reading weights.bin needs from model.json (ModelMeta has it). */
export interface WeightsMeta {
  featurizer: FeaturizerConfig;
  architecture: { dim: number; hidden: number };
  labels: readonly string[];
  /** Byte offsets into weights.bin. */
  layout: WeightsLayout;
}

/**
 * Byte offsets into weights.bin. Format v2 (a model with word vectors, featurizer.vectors) appends
 * the vector table after the embedding: row scales (float32), rows (int8), vocabulary (UTF-8, one
 * word a line, up to `bytes`).
 */
export interface WeightsLayout {
  scales: number; w1: number; b1: number; w2: number; b2: number; embedding: number; bytes: number;
  vectorScales?: number; vectors?: number; vocab?: number;
}

/** Appends a word-vector table to serialised weights (format v2); the sha256 covers all of it. */
export function appendVectors(base: { buffer: Buffer; layout: WeightsLayout }, v: WordVectors): { buffer: Buffer; layout: WeightsLayout; sha256: string } {
  const parts = [Buffer.from(v.scales.buffer, v.scales.byteOffset, v.scales.byteLength), Buffer.from(v.q.buffer, v.q.byteOffset, v.q.byteLength), v.vocabBytes()];
  const vectorScales = base.layout.bytes;
  const vectors = vectorScales + parts[0].byteLength;
  const vocab = vectors + parts[1].byteLength;
  const buffer = Buffer.concat([base.buffer, ...parts]);
  return { buffer, layout: { ...base.layout, vectorScales, vectors, vocab, bytes: buffer.length }, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/** The word-vector table of a v2 weights.bin, checked against the config's sha256 and registered. */
function readVectors(meta: WeightsMeta, buf: Buffer, where: string): WordVectors | undefined {
  const cfg = meta.featurizer.vectors;
  if (!cfg) return undefined;
  const { vectorScales, vectors, vocab, bytes } = meta.layout;
  if (vectorScales === undefined || vectors === undefined || vocab === undefined) throw new Error(`${where}/model.json: featurizer.vectors is set but the layout has no vector table`);
  const words = buf.subarray(vocab, bytes).toString('utf8').split('\n');
  if (words.length !== cfg.words) throw new Error(`${where}/weights.bin: ${words.length} vector words, model.json says ${cfg.words}`);
  const q = new Int8Array(buf.buffer.slice(buf.byteOffset + vectors, buf.byteOffset + vectors + cfg.words * cfg.dim));
  const v = new WordVectors(words, q, floatsAt(buf, vectorScales, cfg.words), cfg.dim);
  if (v.sha256 !== cfg.sha256) throw new Error(`${where}/weights.bin: the word-vector table does not match model.json (sha256)`);
  return registerWordVectors(v);
}

/** weights.bin as plain arrays: the int8 table and the dense layers (w1: inDim × hidden, w2: hidden × classes). */
export interface ModelWeights {
  featurizer: Featurizer;
  table: QuantizedTable;
  inDim: number; hidden: number; classes: number;
  w1: Float32Array; b1: Float32Array; w2: Float32Array; b2: Float32Array;
}

/** Splits weights.bin by its layout, after checking its size (`where` names it in the error). */
export function readWeights(meta: WeightsMeta, buf: Buffer, where: string): ModelWeights {
  if (buf.length !== meta.layout.bytes) throw new Error(`${where}/weights.bin has ${buf.length} bytes, expected ${meta.layout.bytes}`);
  const featurizer = new Featurizer(meta.featurizer, readVectors(meta, buf, where));
  const { dim, hidden } = meta.architecture;
  const rows = featurizer.tableRows;
  const inDim = GROUPS * dim + featurizer.denseSize;
  const classes = meta.labels.length;
  const { layout } = meta;
  return {
    featurizer, inDim, hidden, classes,
    table: {
      q: new Int8Array(buf.buffer.slice(buf.byteOffset + layout.embedding, buf.byteOffset + layout.embedding + rows * dim)),
      scales: floatsAt(buf, layout.scales, rows), dim,
    },
    w1: floatsAt(buf, layout.w1, inDim * hidden), b1: floatsAt(buf, layout.b1, hidden),
    w2: floatsAt(buf, layout.w2, hidden * classes), b2: floatsAt(buf, layout.b2, classes),
  };
}
