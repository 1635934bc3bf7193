// The reply model at run time: P(stop) for DM replies, in plain JS (no TensorFlow), so the DM
// router can ask it wherever it runs — the worker's poller and the API's webhook. The model is
// small (16-d table, 64 hidden units), so pooling plus two tiny dense layers cost microseconds.
// Training lives in reply-model.ts.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_FEATURIZER, type FeaturizerConfig } from './features';
import { poolBatch, readWeights, type WeightsMeta } from './pool';

export const REPLY_LABELS = ['stop', 'decline', 'yes', 'help', 'other'] as const;
export const DEFAULT_REPLY_MODEL_PATH = join(__dirname, '..', '..', 'models', 'replies');
/** Replies are short: a quarter of the tweet models' buckets keeps the weights at 1 MB. */
export const REPLY_FEATURIZER: FeaturizerConfig = { ...DEFAULT_FEATURIZER, wordBuckets: 1 << 15, charBuckets: 1 << 14 };

type ReplyModelMeta = WeightsMeta & { format: string; task: string; version: string };

export interface ReplyStopModel {
  version: string;
  /** P(stop) per text; 0 for a text with no words at all (no evidence). */
  pStop(texts: readonly string[]): number[];
}

/** Reads a reply model directory written by scripts/train-reply-model.ts. */
export function readReplyStopModel(dir: string): ReplyStopModel {
  const meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ReplyModelMeta;
  if (meta.format !== 'chirpflow-hashbag' || meta.task !== 'reply') throw new Error(`${dir} does not hold a reply model`);
  const { featurizer, table, inDim, hidden, classes: k, w1, b1, w2, b2 } = readWeights(meta, readFileSync(join(dir, 'weights.bin')), dir);
  const stop = meta.labels.indexOf('stop');
  if (stop < 0) throw new Error(`${dir}: the model has no "stop" label`);
  const h = new Float32Array(hidden), z = new Float32Array(k);
  return {
    version: meta.version,
    pStop(texts) {
      if (texts.length === 0) return [];
      const batch = featurizer.featurize(texts);
      const x = poolBatch(batch, table);
      return texts.map((_, r) => {
        if (batch.empty?.[r]) return 0;
        const o = r * inDim;
        for (let j = 0; j < hidden; j++) h[j] = b1[j]!;
        for (let i = 0; i < inDim; i++) {
          const v = x[o + i]!;
          if (v !== 0) for (let j = 0; j < hidden; j++) h[j] += v * w1[i * hidden + j]!;
        }
        for (let c = 0; c < k; c++) z[c] = b2[c]!;
        for (let j = 0; j < hidden; j++) {
          const v = h[j]! > 0 ? h[j]! : 0;
          if (v !== 0) for (let c = 0; c < k; c++) z[c] += v * w2[j * k + c]!;
        }
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, z[c]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(z[c]! - max);
        return Math.exp(z[stop]! - max) / sum;
      });
    },
  };
}

const loaded = new Map<string, ReplyStopModel>();

let unavailable = false;
/**
 * P(stop) per text from the shipped reply model, or undefined when it cannot be read (a trimmed
 * install): callers then read without it. Said once on stderr; not tried again in this process.
 */
export function shippedStopProbabilities(texts: string[]): number[] | undefined {
  if (unavailable) return undefined;
  try {
    return loadReplyStop().pStop(texts);
  } catch (err) {
    unavailable = true;
    process.stderr.write(`chirpflow: reply model not loaded (${(err as Error).message}); reading replies without it\n`);
    return undefined;
  }
}

export const shippedStopProbability = (text: string): number | undefined => shippedStopProbabilities([text])?.[0];

/** The reply model in `dir`, read once per process. */
export function loadReplyStop(dir = DEFAULT_REPLY_MODEL_PATH): ReplyStopModel {
  const key = resolve(dir);
  let m = loaded.get(key);
  if (!m) { m = readReplyStopModel(key); loaded.set(key, m); }
  return m;
}
