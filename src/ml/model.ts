// The classifier: a fastText-style embedding bag. Hashed feature ids → embedding rows, mean-pooled
// per group (words, char n-grams) → concatenated with lexicon features → dense ReLU → softmax.
// Weights live in one binary file; the embedding table is stored as int8 with a per-row scale,
// which cuts the file 4× at no measurable accuracy cost.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GROUPS, Featurizer, type FeatureBatch, type FeaturizerConfig } from './features';
import { poolBatch, readWeights, type QuantizedTable, type WeightsLayout } from './pool';

export { poolBatch, type QuantizedTable } from './pool';
import { decide } from './calibration';
import { tf } from './tf';

export type Task = 'sentiment' | 'emotion' | 'reply';

export interface Architecture {
  dim: number;
  hidden: number;
}

export interface ModelMeta {
  format: 'chirpflow-hashbag';
  /** 1: hashed bag + lexicon; 2: also a word-vector table in weights.bin (featurizer.vectors). */
  formatVersion: 1 | 2;
  task: Task;
  version: string;
  createdAt: string;
  labels: string[];
  featurizer: FeaturizerConfig;
  architecture: Architecture;
  /** Byte offsets into weights.bin. */
  layout: WeightsLayout;
  sha256: string;
  training: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  /**
   * Optional (models from issue #19 on): how the output layer was calibrated. The fit is already
   * folded into w2/b2, so this is documentation; older models simply lack it.
   */
  calibration?: { method: string; scale: number; bias: number[]; fittedOn: string; rows: number };
  /** Optional label rule: label = argmax(log p + bias). Absent = plain argmax (older models). */
  decision?: { bias: number[]; fittedOn: string; metric: string };
}

export interface Params {
  emb: tf.Tensor2D;
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

export interface BatchTensors {
  ids: tf.Tensor1D;
  segments: tf.Tensor1D;
  counts: tf.Tensor2D;
  dense: tf.Tensor2D | null;
  size: number;
}

export function batchToTensors(b: FeatureBatch): BatchTensors {
  return {
    ids: tf.tensor1d(b.ids, 'int32'),
    segments: tf.tensor1d(b.segments, 'int32'),
    counts: tf.tensor2d(b.counts, [b.size * GROUPS, 1]),
    dense: b.denseSize > 0 ? tf.tensor2d(b.dense, [b.size, b.denseSize]) : null,
    size: b.size,
  };
}

export function disposeBatch(t: BatchTensors): void {
  t.ids.dispose(); t.segments.dispose(); t.counts.dispose(); t.dense?.dispose();
}

/** Mean-pooled embedding rows per group, concatenated with the dense (lexicon) features. */
export function poolInput(emb: tf.Tensor2D, x: BatchTensors): tf.Tensor2D {
  const dim = emb.shape[1];
  const rows = tf.gather(emb, x.ids);
  const sums = tf.unsortedSegmentSum(rows, x.segments, x.size * GROUPS);
  const pooled = tf.reshape(tf.div(sums, x.counts), [x.size, GROUPS * dim]) as tf.Tensor2D;
  return x.dense ? tf.concat([pooled, x.dense], 1) : pooled;
}

/** Forward pass to logits. `dropout` > 0 only while training (seeded for determinism). */
export function forward(p: Params, x: BatchTensors, dropout = 0, seed = 0): tf.Tensor2D {
  let h = poolInput(p.emb, x);
  if (dropout > 0) h = tf.dropout(h, dropout, undefined, seed) as tf.Tensor2D;
  h = tf.relu(tf.add(tf.matMul(h, p.w1), p.b1)) as tf.Tensor2D;
  if (dropout > 0) h = tf.dropout(h, dropout, undefined, seed + 1) as tf.Tensor2D;
  return tf.add(tf.matMul(h, p.w2), p.b2) as tf.Tensor2D;
}

/** Quantises one embedding table to int8 rows with a float32 scale per row. */
export function quantizeRows(values: Float32Array, rows: number, dim: number): { q: Int8Array; scales: Float32Array } {
  const q = new Int8Array(rows * dim);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    const o = r * dim;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(values[o + j]));
    const scale = max > 0 ? max / 127 : 1;
    scales[r] = scale;
    for (let j = 0; j < dim; j++) q[o + j] = Math.round(values[o + j] / scale);
  }
  return { q, scales };
}

export function dequantizeRows(q: Int8Array, scales: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let r = 0; r < scales.length; r++) {
    const s = scales[r];
    const o = r * dim;
    for (let j = 0; j < dim; j++) out[o + j] = q[o + j] * s;
  }
  return out;
}

/** Serialises parameters (quantised embedding) into one buffer plus its layout. */
export function serializeParams(p: Params): { buffer: Buffer; layout: ModelMeta['layout']; sha256: string } {
  const [rows, dim] = p.emb.shape;
  const { q, scales } = quantizeRows(p.emb.dataSync() as Float32Array, rows, dim);
  const parts: { name: 'scales' | 'w1' | 'b1' | 'w2' | 'b2' | 'embedding'; bytes: Uint8Array }[] = [
    { name: 'scales', bytes: new Uint8Array(scales.buffer) },
    { name: 'w1', bytes: new Uint8Array((p.w1.dataSync() as Float32Array).slice().buffer) },
    { name: 'b1', bytes: new Uint8Array((p.b1.dataSync() as Float32Array).slice().buffer) },
    { name: 'w2', bytes: new Uint8Array((p.w2.dataSync() as Float32Array).slice().buffer) },
    { name: 'b2', bytes: new Uint8Array((p.b2.dataSync() as Float32Array).slice().buffer) },
    { name: 'embedding', bytes: new Uint8Array(q.buffer) },
  ];
  const layout = { scales: 0, w1: 0, b1: 0, w2: 0, b2: 0, embedding: 0, bytes: 0 };
  let offset = 0;
  for (const part of parts) {
    layout[part.name] = offset;
    offset += part.bytes.byteLength;
  }
  layout.bytes = offset;
  const buffer = Buffer.concat(parts.map((x) => x.bytes));
  return { buffer, layout, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/** Dense layers of a loaded model (the embedding table stays a plain array, see poolBatch). */
export type Head = Omit<Params, 'emb'>;

/** A loaded model, ready for synchronous batched prediction. */
export class LoadedModel {
  constructor(
    readonly meta: ModelMeta,
    readonly featurizer: Featurizer,
    readonly table: QuantizedTable,
    readonly head: Head,
  ) {}

  static fromDir(dir: string): LoadedModel {
    let meta: ModelMeta;
    try {
      meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelMeta;
    } catch (err) {
      throw new Error(`cannot read model at ${dir}: ${(err as Error).message}`);
    }
    if (meta.format !== 'chirpflow-hashbag') throw new Error(`${dir}/model.json is not a chirpflow model`);
    if (meta.formatVersion !== 1 && meta.formatVersion !== 2) throw new Error(`${dir}/model.json has format version ${String(meta.formatVersion)}; this code reads 1 and 2`);
    return LoadedModel.fromBuffer(meta, readFileSync(join(dir, 'weights.bin')), dir);
  }

  static fromBuffer(meta: ModelMeta, buf: Buffer, where = 'model'): LoadedModel {
    const w = readWeights(meta, buf, where);
    const head: Head = {
      w1: tf.tensor2d(w.w1, [w.inDim, w.hidden]), b1: tf.tensor1d(w.b1),
      w2: tf.tensor2d(w.w2, [w.hidden, w.classes]), b2: tf.tensor1d(w.b2),
    };
    return new LoadedModel(meta, w.featurizer, w.table, head);
  }

  /** Class probabilities, row-major (texts.length × labels.length). Chunked to bound memory. */
  predictProbs(texts: readonly string[], chunk = 2048): Float32Array {
    return this.predict(texts, chunk).probs;
  }

  /** Probabilities plus which texts had no tokens at all (so callers can treat them as no evidence). */
  predict(texts: readonly string[], chunk = 2048): { probs: Float32Array; empty: Uint8Array } {
    const classes = this.meta.labels.length;
    const out = new Float32Array(texts.length * classes);
    const emptyOut = new Uint8Array(texts.length);
    const dim = this.meta.architecture.dim;
    for (let start = 0; start < texts.length; start += chunk) {
      const part = texts.slice(start, start + chunk);
      const b = this.featurizer.featurize(part);
      if (b.empty) emptyOut.set(b.empty, start);
      const pooled = poolBatch(b, this.table);
      const probs = tf.tidy(() => {
        const x = tf.tensor2d(pooled, [b.size, GROUPS * dim + b.denseSize]);
        const h = tf.relu(tf.add(tf.matMul(x, this.head.w1), this.head.b1));
        return tf.softmax(tf.add(tf.matMul(h as tf.Tensor2D, this.head.w2), this.head.b2));
      });
      out.set(probs.dataSync() as Float32Array, start * classes);
      probs.dispose();
    }
    return { probs: out, empty: emptyOut };
  }

  /** Label index for row `row` of `probs` under this model's decision rule (see ModelMeta.decision). */
  labelIndex(probs: ArrayLike<number>, row: number): number {
    return decide(probs, row, this.meta.labels.length, this.meta.decision?.bias);
  }

  /** The embedding table as float32 (for initialising another model from this one). */
  embeddingFloat32(): Float32Array {
    return dequantizeRows(this.table.q, this.table.scales, this.table.dim);
  }

  dispose(): void {
    for (const t of Object.values(this.head) as tf.Tensor[]) t.dispose();
  }
}
