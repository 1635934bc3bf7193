// Writing a trained model directory atomically: everything goes into a temp directory next to the
// target, then renames swap it in, so readers never see a half-written model. Each save gets a new
// version string (task, UTC timestamp, weight hash) because every stored score carries it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { serializeParams, type ModelMeta, type Params, type Task } from './model';
import { appendVectors } from './pool';
import { wordVectorsFor } from './vectors';
import type { Metrics } from './metrics';
import type { TrainResult } from './train';
import { tf } from './tf';
import { renderModelCard } from './card';

/**
 * e.g. sentiment-20251122T031500123Z-1a2b3c4d-9f0e: sortable by time, tied to the weights, and
 * unique per training run even when a retrain reproduces the same weights in the same millisecond.
 */
export function makeVersion(task: Task, sha256: string, now: Date): string {
  const ts = now.toISOString().replace(/[-:.]/g, '');
  return `${task}-${ts}-${sha256.slice(0, 8)}-${randomBytes(2).toString('hex')}`;
}

/** Writes files into a fresh temp dir beside `outDir`, then swaps it into place. */
export function writeDirAtomic(outDir: string, files: Record<string, string | Buffer>): void {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const suffix = `${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const tmp = join(parent, `.${basename(target)}.tmp-${suffix}`);
  const old = join(parent, `.${basename(target)}.old-${suffix}`);
  mkdirSync(tmp);
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    if (existsSync(target)) renameSync(target, old);
    try {
      renameSync(tmp, target);
    } catch (err) {
      if (existsSync(old)) renameSync(old, target); // put the previous model back
      throw err;
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}

export function paramsToTensors(r: TrainResult, rows: number, inDim: number, classes: number): Params {
  const { dim, hidden } = r.architecture;
  return {
    emb: tf.tensor2d(r.params.emb, [rows, dim]),
    w1: tf.tensor2d(r.params.w1, [inDim, hidden]),
    b1: tf.tensor1d(r.params.b1),
    w2: tf.tensor2d(r.params.w2, [hidden, classes]),
    b2: tf.tensor1d(r.params.b2),
  };
}

export function summarizeMetrics(m: Metrics): Record<string, unknown> {
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  return {
    n: m.n, macroRecall: r4(m.macroRecall), macroF1: r4(m.macroF1), accuracy: r4(m.accuracy),
    perClass: m.perClass.map((c) => ({ label: c.label, precision: r4(c.precision), recall: r4(c.recall), f1: r4(c.f1), support: c.support })),
    confusion: m.confusion,
  };
}

export interface BuiltModel {
  meta: ModelMeta;
  buffer: Buffer;
}

/** Serialises trained parameters and stamps a fresh version. Nothing is written yet. */
export function buildModel(task: Task, labels: readonly string[], result: TrainResult, params: Params, training: Record<string, unknown>, now = new Date()): BuiltModel {
  // A model with word vectors carries their table (format v2), so that inference needs no download.
  const vectors = result.featurizer.vectors ? wordVectorsFor(result.featurizer.vectors) : undefined;
  const { buffer, layout, sha256 } = vectors ? appendVectors(serializeParams(params), vectors) : serializeParams(params);
  const meta: ModelMeta = {
    format: 'chirpflow-hashbag',
    formatVersion: vectors ? 2 : 1,
    task,
    version: makeVersion(task, sha256, now),
    createdAt: now.toISOString(),
    labels: [...labels],
    featurizer: result.featurizer,
    architecture: result.architecture,
    layout,
    sha256,
    training,
  };
  return { meta, buffer };
}

/** Atomically writes model.json, weights.bin, metrics.json and MODEL_CARD.md. */
export function writeModel(outDir: string, built: BuiltModel, metrics: Record<string, unknown>, trainingData: string): void {
  const { meta, buffer } = built;
  const metricsJson = { version: meta.version, createdAt: meta.createdAt, ...metrics };
  writeDirAtomic(outDir, {
    'model.json': JSON.stringify(meta, null, 2) + '\n',
    'weights.bin': buffer,
    'metrics.json': JSON.stringify(metricsJson, null, 2) + '\n',
    'MODEL_CARD.md': renderModelCard({ meta, metrics, trainingData }),
  });
}
