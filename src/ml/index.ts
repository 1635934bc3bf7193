// Inference entry point used by the worker. STABLE INTERFACE: other modules code against these types.
// Models load once (with a warm-up batch) and then predict synchronously in batches.
import { join, resolve } from 'node:path';
import { EMOTION_LABELS, type EmotionLabel, type SentimentLabel } from './data';
import { decide } from './calibration';
import { argmaxRow } from './metrics';
import { LoadedModel, type Task } from './model';

export interface SentimentResult {
  label: 'negative' | 'neutral' | 'positive';
  /**
   * P(positive), 0..1. For calibrated models (model.json `calibration`) it is a probability: of the
   * tweets scored ≈0.7, about 70 % are positive (on tweets like the selection split; see the card).
   */
  score: number;
  probs: { negative: number; neutral: number; positive: number };
  /** 1 − P(neutral). */
  subjectivity: number;
}

export interface EmotionResult {
  label: 'anger' | 'joy' | 'optimism' | 'sadness';
  probs: Record<'anger' | 'joy' | 'optimism' | 'sadness', number>;
}

export interface Models {
  sentimentVersion: string;
  emotionVersion: string;
  sentiment(texts: string[]): SentimentResult[];
  emotion(texts: string[]): EmotionResult[];
}

export const DEFAULT_SENTIMENT_PATH = join(__dirname, '..', '..', 'models', 'sentiment');
export const DEFAULT_EMOTION_PATH = join(__dirname, '..', '..', 'models', 'emotion');

const WARMUP_TEXTS = ['warm-up: I love this 😍', 'not good at all @user', '', '#monday'];

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Turns a model's class probabilities into a SentimentResult. A model trained on 2-class data
 * (negative/positive, e.g. Sentiment140) has no neutral output: its uncertainty 1 − |p − n| is
 * used as the neutral mass, so weak evidence reads as neutral and strong evidence keeps its label.
 */
export function toSentimentResult(labels: readonly string[], probs: ArrayLike<number>, row: number, decisionBias?: readonly number[]): SentimentResult {
  const k = labels.length;
  const get = (name: string) => {
    const i = labels.indexOf(name);
    return i >= 0 ? probs[row * k + i] : 0;
  };
  let negative = get('negative');
  let positive = get('positive');
  let neutral = get('neutral');
  const score = positive;
  if (!labels.includes('neutral')) {
    const uncertainty = 1 - Math.abs(positive - negative);
    neutral = uncertainty;
    negative *= 1 - uncertainty;
    positive *= 1 - uncertainty;
  }
  const p = { negative: round4(negative), neutral: round4(neutral), positive: round4(positive) };
  let label: SentimentLabel = 'neutral';
  if (decisionBias) label = labels[decide(probs, row, k, decisionBias)] as SentimentLabel;
  else if (negative > neutral && negative >= positive) label = 'negative';
  else if (positive > neutral && positive > negative) label = 'positive';
  return { label, score: round4(score), probs: p, subjectivity: round4(1 - neutral) };
}

export function toEmotionResult(labels: readonly string[], probs: ArrayLike<number>, row: number, decisionBias?: readonly number[]): EmotionResult {
  const k = labels.length;
  const out = { anger: 0, joy: 0, optimism: 0, sadness: 0 } as Record<EmotionLabel, number>;
  for (const name of EMOTION_LABELS) {
    const i = labels.indexOf(name);
    out[name] = i >= 0 ? round4(probs[row * k + i]) : 0;
  }
  const best = labels[decisionBias ? decide(probs, row, k, decisionBias) : argmaxRow(probs, row, k)] as EmotionLabel;
  return { label: best, probs: out };
}

/**
 * A text with no tokens (empty, whitespace, only a URL) carries no sentiment evidence; the network
 * would answer with its class-balanced bias, which can lean negative. Such texts are neutral.
 */
const NO_TEXT_SENTIMENT = (): SentimentResult => ({
  label: 'neutral', score: 0, probs: { negative: 0, neutral: 1, positive: 0 }, subjectivity: 0,
});

export class SentimentModel {
  constructor(readonly model: LoadedModel) {}
  get version(): string { return this.model.meta.version; }
  predict(texts: string[]): SentimentResult[] {
    const { probs, empty } = this.model.predict(texts);
    const bias = this.model.meta.decision?.bias;
    return texts.map((_, i) => (empty[i] ? NO_TEXT_SENTIMENT() : toSentimentResult(this.model.meta.labels, probs, i, bias)));
  }
}

export class EmotionModel {
  constructor(readonly model: LoadedModel) {}
  get version(): string { return this.model.meta.version; }
  predict(texts: string[]): EmotionResult[] {
    const probs = this.model.predictProbs(texts);
    const bias = this.model.meta.decision?.bias;
    return texts.map((_, i) => toEmotionResult(this.model.meta.labels, probs, i, bias));
  }
}

/** Loads one model directory for a task, checks the task, and warms it up. */
export function loadTaskModel(task: Task, dir: string): LoadedModel {
  const model = LoadedModel.fromDir(dir);
  if (model.meta.task !== task) throw new Error(`${dir} holds a ${model.meta.task} model, not ${task}`);
  model.predictProbs(WARMUP_TEXTS);
  return model;
}

const loaded = new Map<string, Models>();

/**
 * Loads (once per process and pair of paths) and warms up both models. Later calls with the same
 * paths return the same instance, so activities can call this freely.
 */
export async function loadModels(opts: { sentimentPath?: string; emotionPath?: string } = {}): Promise<Models> {
  const sentimentPath = resolve(opts.sentimentPath ?? DEFAULT_SENTIMENT_PATH);
  const emotionPath = resolve(opts.emotionPath ?? DEFAULT_EMOTION_PATH);
  const key = `${sentimentPath}\n${emotionPath}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const sentiment = new SentimentModel(loadTaskModel('sentiment', sentimentPath));
  const emotion = new EmotionModel(loadTaskModel('emotion', emotionPath));
  const models: Models = {
    sentimentVersion: sentiment.version,
    emotionVersion: emotion.version,
    sentiment: (texts) => sentiment.predict(texts),
    emotion: (texts) => emotion.predict(texts),
  };
  loaded.set(key, models);
  return models;
}
