// Loaders for labeled tweet sets: training formats (tweeteval, sentiment140, csv) and the
// cross-domain evaluation sets in ../shared/data (airline, sanders, sxsw, apple, semeval tsv).
// Every loader returns texts with label indices into the task's label list; rows whose label does
// not map (e.g. Sanders "irrelevant") are dropped, never guessed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';
import { decodeLiteralEscapes } from './text';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const EMOTION_LABELS = ['anger', 'joy', 'optimism', 'sadness'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];
export type EmotionLabel = (typeof EMOTION_LABELS)[number];
export type TaskName = 'sentiment' | 'emotion';

export function labelsFor(task: TaskName): readonly string[] {
  return task === 'sentiment' ? SENTIMENT_LABELS : EMOTION_LABELS;
}

export interface LabeledSet {
  texts: string[];
  /** Index into `labels`. */
  y: number[];
  labels: readonly string[];
}

export const TRAIN_FORMATS = ['tweeteval', 'sentiment140', 'csv'] as const;
export const EVAL_FORMATS = ['tweeteval', 'sentiment140', 'csv', 'semeval', 'airline', 'sanders', 'sxsw', 'apple'] as const;
export type DataFormat = (typeof EVAL_FORMATS)[number];

/** UTF-8 when valid, otherwise Windows-1252 (a superset of latin-1 for printable text; lossless). */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return decodeWindows1252(buf);
  }
}

// 0x80–0x9F in Windows-1252 (Node's TextDecoder treats these as latin-1 control codes). Undefined
// bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their latin-1 meaning so decoding stays lossless.
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(buf: Buffer): string {
  let out = '';
  const parts: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    if (out.length > 8192) { parts.push(out); out = ''; }
  }
  parts.push(out);
  return parts.join('');
}

import { parseCsv } from '../domain/csv';

export { parseCsv };

function readTextFile(path: string): string {
  if (!existsSync(path)) throw new UserError(`--data: file not found: ${path}`);
  return decodeText(readFileSync(path));
}

function csvWithHeader(path: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(readTextFile(path));
  if (!header) throw new UserError(`--data: ${path} is empty`);
  return { header: header.map((h) => h.trim()), rows };
}

function column(header: string[], name: string, path: string): number {
  const idx = header.indexOf(name);
  if (idx < 0) throw new UserError(`--data: ${path} has no "${name}" column (found: ${header.join(', ')})`);
  return idx;
}

function fromPairs(pairs: Iterable<[string, string | undefined]>, labels: readonly string[]): LabeledSet {
  const texts: string[] = [];
  const y: number[] = [];
  for (const [text, label] of pairs) {
    if (label === undefined) continue;
    const idx = labels.indexOf(label);
    if (idx < 0) continue;
    texts.push(text);
    y.push(idx);
  }
  return { texts, y, labels };
}

/** TweetEval folder: {split}_text.txt (or train_text.reconstructed.txt) + {split}_labels.txt. */
export function loadTweetEvalSplit(dir: string, split: 'train' | 'val' | 'test', task: TaskName): LabeledSet {
  const labels = labelsFor(task);
  let textPath = join(dir, `${split}_text.txt`);
  if (!existsSync(textPath) && existsSync(join(dir, `${split}_text.reconstructed.txt`))) {
    textPath = join(dir, `${split}_text.reconstructed.txt`);
  }
  const textLines = readTextFile(textPath).split('\n');
  const labelLines = readTextFile(join(dir, `${split}_labels.txt`)).split('\n');
  if (textLines[textLines.length - 1] === '') textLines.pop();
  if (labelLines[labelLines.length - 1] === '') labelLines.pop();
  if (textLines.length !== labelLines.length) {
    throw new UserError(`--data: ${textPath} has ${textLines.length} lines but the labels file has ${labelLines.length}`);
  }
  const texts: string[] = [];
  const y: number[] = [];
  for (let i = 0; i < textLines.length; i++) {
    const label = Number.parseInt(labelLines[i], 10);
    if (!(label >= 0 && label < labels.length)) throw new UserError(`--data: bad label "${labelLines[i]}" on line ${i + 1} of ${split}_labels.txt`);
    texts.push(decodeLiteralEscapes(textLines[i].trim()));
    y.push(label);
  }
  return { texts, y, labels };
}

export function hasTweetEvalSplit(dir: string, split: string): boolean {
  return existsSync(join(dir, `${split}_labels.txt`));
}

const SENTIMENT140_POLARITY: Record<string, string> = { '0': 'negative', '2': 'neutral', '4': 'positive' };

/** Sentiment140 CSV as distributed: polarity (0/2/4), id, date, query, user, text; no header. */
export function loadSentiment140(path: string): LabeledSet {
  const rows = parseCsv(readTextFile(path));
  return fromPairs(rows.filter((r) => r.length >= 6).map((r) => [r[5], SENTIMENT140_POLARITY[r[0].trim()]]), SENTIMENT_LABELS);
}

/** Generic CSV with a header containing `text` and `label` (label name or index). */
export function loadLabeledCsv(path: string, task: TaskName): LabeledSet {
  const labels = labelsFor(task);
  const { header, rows } = csvWithHeader(path);
  const ti = column(header, 'text', path);
  const li = column(header, 'label', path);
  return fromPairs(rows.map((r) => {
    const raw = (r[li] ?? '').trim().toLowerCase();
    const asIndex = /^\d+$/.test(raw) ? labels[Number(raw)] : undefined;
    return [r[ti] ?? '', asIndex ?? raw];
  }), labels);
}

/** SemEval 2013–2016 task 4A TSV: id, label, text (extra columns ignored). */
export function loadSemevalTsv(path: string): LabeledSet {
  const pairs: [string, string][] = [];
  for (const line of readTextFile(path).split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 3) continue;
    pairs.push([decodeLiteralEscapes(parts[2]), parts[1].trim()]);
  }
  return fromPairs(pairs, SENTIMENT_LABELS);
}

export function loadAirline(path: string): LabeledSet {
  const { header, rows } = csvWithHeader(path);
  const ti = column(header, 'text', path);
  const li = column(header, 'airline_sentiment', path);
  return fromPairs(rows.map((r) => [r[ti] ?? '', r[li]]), SENTIMENT_LABELS);
}

export function loadSanders(path: string): LabeledSet {
  const { header, rows } = csvWithHeader(path);
  const ti = column(header, 'TweetText', path);
  const li = column(header, 'Sentiment', path);
  // "irrelevant" (off-topic / not English) has no 3-class meaning and is dropped.
  return fromPairs(rows.map((r) => [r[ti] ?? '', r[li]]), SENTIMENT_LABELS);
}

const SXSW_MAP: Record<string, string> = {
  'Positive emotion': 'positive',
  'Negative emotion': 'negative',
  'No emotion toward brand or product': 'neutral',
};

export function loadSxsw(path: string): LabeledSet {
  const { header, rows } = csvWithHeader(path);
  const ti = column(header, 'tweet_text', path);
  const li = column(header, 'is_there_an_emotion_directed_at_a_brand_or_product', path);
  // "I can't tell" is dropped; the empty-text row too.
  return fromPairs(rows.filter((r) => (r[ti] ?? '').trim() !== '').map((r) => [r[ti], SXSW_MAP[r[li]]]), SENTIMENT_LABELS);
}

const APPLE_MAP: Record<string, string> = { '1': 'negative', '3': 'neutral', '5': 'positive' };

export function loadApple(path: string): LabeledSet {
  const { header, rows } = csvWithHeader(path);
  const ti = column(header, 'text', path);
  const li = column(header, 'sentiment', path);
  return fromPairs(rows.map((r) => [r[ti] ?? '', APPLE_MAP[(r[li] ?? '').trim()]]), SENTIMENT_LABELS);
}

/**
 * Loads an evaluation set. For `tweeteval`, PATH is the task folder and `split` picks the file
 * (default: test when present, else val).
 */
export function loadEvalSet(path: string, format: DataFormat, task: TaskName, split?: 'train' | 'val' | 'test'): LabeledSet {
  if (format === 'tweeteval') {
    if (!existsSync(path) || !statSync(path).isDirectory()) throw new UserError(`--data: ${path} is not a TweetEval folder`);
    const s = split ?? (hasTweetEvalSplit(path, 'test') ? 'test' : 'val');
    return loadTweetEvalSplit(path, s, task);
  }
  if (format === 'csv') return loadLabeledCsv(path, task);
  if (task === 'emotion') throw new UserError(`--format: ${format} is a sentiment data set; use tweeteval or csv for emotion`);
  switch (format) {
    case 'sentiment140': return loadSentiment140(path);
    case 'semeval': return loadSemevalTsv(path);
    case 'airline': return loadAirline(path);
    case 'sanders': return loadSanders(path);
    case 'sxsw': return loadSxsw(path);
    case 'apple': return loadApple(path);
  }
}
