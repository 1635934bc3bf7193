// Sentiment recompute: rescoring tweets whose stored model versions differ from the loaded models
// (after retraining), then refreshing each person's polarity/subjectivity from their tweets. The
// tweets are read once: the plan's scan keeps the stale ones' texts in the chunks and sums the
// scores of the others for the profile refresh.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import type { Models } from '../ml';
import { polarityOf } from '../domain/campaign/running';
import { tweets, type TweetDoc } from '../store/tweets';
import { profiles } from '../store/profiles';
import { bulkWriteSliced } from '../store/bulk';
import { partialsOf } from '../store/analytics';
import type { ProfileDoc } from '../domain/campaign';

export type RescoreTweet = Pick<TweetDoc, '_id' | 'text' | 'authorId'>;
type Versions = Pick<Models, 'sentimentVersion' | 'emotionVersion'>;

export const RESCORE_PROJECTION = { _id: 1, text: 1, authorId: 1 } as const;

/**
 * What the plan reads of every tweet: whether it is stale, the scores of those that are not, and
 * the text and author of those that are (carried in the chunks: a tweet's text never changes).
 */
export const PLAN_PROJECTION = { _id: 1, text: 1, authorId: 1, sentimentVersion: 1, emotionVersion: 1, 'sentiment.polarity': 1, 'sentiment.subjectivity': 1 } as const;
export type PlannedTweet = Pick<TweetDoc, '_id' | 'text' | 'authorId' | 'sentimentVersion' | 'emotionVersion'> & { sentiment?: { polarity?: number; subjectivity?: number } };
export const carryForRescore = (t: PlannedTweet): RescoreTweet => ({ _id: t._id, text: t.text, authorId: t.authorId });

/** Scored by another model version than the loaded one (after retraining). */
export const isStale = (t: Pick<PlannedTweet, 'sentimentVersion' | 'emotionVersion'>, m: Versions) =>
  t.sentimentVersion !== m.sentimentVersion || t.emotionVersion !== m.emotionVersion;

/**
 * Updates per write command. The embedded FerretDB writes one command in one transaction
 * (scripts/ferretdb/update-commands.patch): 200 per command ran ~15 % faster than 30.
 */
export const UPDATES_PER_COMMAND = 200;

/**
 * Per-person sums of tweet polarity and subjectivity. A profile's means are refreshed from the sums
 * of the tweets that were not stale (gathered by the plan's scan) plus those of the rescored ones
 * (one partial per chunk), so the run reads the tweets once instead of again at the end.
 */
export class PolaritySums {
  readonly byAuthor = new Map<string, { n: number; p: number; s: number }>();

  private entry(authorId: string) {
    return this.byAuthor.get(authorId) ?? this.byAuthor.set(authorId, { n: 0, p: 0, s: 0 }).get(authorId)!;
  }

  add(authorId: string, polarity: unknown, subjectivity: unknown): void {
    if (typeof polarity !== 'number') return;
    const e = this.entry(authorId);
    e.n++;
    e.p += polarity;
    e.s += typeof subjectivity === 'number' ? subjectivity : 0;
  }

  /** Columns, compact to store (one partial document holds thousands of people). */
  toRows(from = 0, to = Infinity): SumRows {
    const rows: SumRows = { a: [], n: [], p: [], s: [] };
    let i = 0;
    for (const [a, e] of this.byAuthor) {
      if (i >= from && i < to) { rows.a.push(a); rows.n.push(e.n); rows.p.push(e.p); rows.s.push(e.s); }
      i++;
    }
    return rows;
  }

  merge(r: SumRows): void {
    r.a.forEach((a, i) => {
      const e = this.entry(a);
      e.n += r.n[i]!;
      e.p += r.p[i]!;
      e.s += r.s[i]!;
    });
  }
}

export interface SumRows { a: string[]; n: number[]; p: number[]; s: number[] }
export interface SumsPartial extends SumRows { _id: string; runKey: string }

/** Partials of one plan attempt: `sentiment|<planKey>|base|<n>` (plan) and `sentiment|<planKey>|chunk|<n>`. */
const sumsPartialPrefix = (planKey: string) => `sentiment|${planKey}|`;
export const sumsPartialId = (planKey: string, kind: 'base' | 'chunk', n: number) => `${sumsPartialPrefix(planKey)}${kind}|${n}`;
const sumsCol = (db: Db) => partialsOf<SumsPartial>(db);
/** People per base partial (keeps each document around a megabyte). */
const AUTHORS_PER_PARTIAL = 20_000;

/** Stores the plan's sums of the tweets that are not stale. */
export async function writeBaseSums(db: Db, runKey: string, planKey: string, sums: PolaritySums): Promise<void> {
  for (let from = 0, n = 0; from < sums.byAuthor.size; from += AUTHORS_PER_PARTIAL, n++) {
    const _id = sumsPartialId(planKey, 'base', n);
    await sumsCol(db).replaceOne({ _id }, { runKey, ...sums.toRows(from, from + AUTHORS_PER_PARTIAL) }, { upsert: true });
  }
}

/**
 * Scores a chunk, writes the results (a plain $set, so repeating it is harmless) and stores the
 * chunk's per-person sums (replaced by _id, so a chunk processed again after a crash counts once).
 */
export async function rescoreChunk(db: Db, models: Models, docs: RescoreTweet[], sums?: { runKey: string; planKey: string; chunk: number }): Promise<number> {
  if (!docs.length) return 0;
  const texts = docs.map((d) => d.text ?? '');
  const s = models.sentiment(texts);
  const e = models.emotion(texts);
  const chunkSums = new PolaritySums();
  const ops: AnyBulkWriteOperation<TweetDoc>[] = docs.map((d, i) => {
    const sentiment = { label: s[i]!.label, score: s[i]!.score, subjectivity: s[i]!.subjectivity, polarity: polarityOf(s[i]!.probs), probs: s[i]!.probs };
    chunkSums.add(d.authorId, sentiment.polarity, sentiment.subjectivity);
    return {
      updateOne: {
        filter: { _id: d._id },
        update: { $set: { sentiment, sentimentVersion: models.sentimentVersion, emotion: { label: e[i]!.label, probs: e[i]!.probs }, emotionVersion: models.emotionVersion } },
      },
    };
  });
  await bulkWriteSliced(tweets(db), ops, UPDATES_PER_COMMAND);
  if (sums) {
    const _id = sumsPartialId(sums.planKey, 'chunk', sums.chunk);
    await sumsCol(db).replaceOne({ _id }, { runKey: sums.runKey, ...chunkSums.toRows() }, { upsert: true });
  }
  return docs.length;
}

/**
 * Sets every person's mean polarity and subjectivity from the plan's and the chunks' sums. Bumps
 * `rev` so an ingest write computed from the old values retries.
 */
export async function refreshProfilePolarity(db: Db, runKey: string, planKey: string, onProgress: () => void = () => undefined): Promise<number> {
  const sums = new PolaritySums();
  const prefix = sumsPartialPrefix(planKey);
  // By run (an index on MongoDB; the run's own few hundred partials are small to read on FerretDB).
  for await (const part of sumsCol(db).find({ runKey })) if (part._id.startsWith(prefix)) sums.merge(part);
  onProgress();
  const ops: AnyBulkWriteOperation<ProfileDoc>[] = [...sums.byAuthor].map(([id, e]) => ({
    updateOne: {
      filter: { _id: id },
      update: { $set: { polarity: { n: e.n, mean: e.p / e.n }, subjectivity: { n: e.n, mean: e.s / e.n } }, $inc: { rev: 1 } },
    },
  }));
  return bulkWriteSliced(profiles(db), ops, UPDATES_PER_COMMAND, onProgress);
}
