// Pooling the int8 embedding table in plain JS: the first step of every model's inference, kept free
// of TensorFlow so that small models (the reply model) can run where tfjs is not loaded (the API).
import { Featurizer, GROUPS, type FeatureBatch, type FeaturizerConfig } from './features';

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
  layout: { scales: number; w1: number; b1: number; w2: number; b2: number; embedding: number; bytes: number };
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
  const featurizer = new Featurizer(meta.featurizer);
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
