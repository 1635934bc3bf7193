// Sentiment recompute: rescoring tweets whose stored model versions differ from the loaded models
// (after retraining), then refreshing each person's polarity/subjectivity from their tweets.
import type { AnyBulkWriteOperation, Db, Filter } from 'mongodb';
import type { Models } from '../ml';
import { polarityOf } from '../domain/campaign/running';
import { tweets, type TweetDoc } from '../store/tweets';
import { profiles } from '../store/profiles';
import { bulkWriteSliced } from '../store/bulk';
import type { ProfileDoc } from '../domain/campaign';

export type RescoreTweet = Pick<TweetDoc, '_id' | 'text'>;

/** Tweets whose sentiment or emotion was produced by another model version than the current one. */
export function staleTweetsFilter(m: Pick<Models, 'sentimentVersion' | 'emotionVersion'>): Filter<TweetDoc> {
  return { $or: [{ sentimentVersion: { $ne: m.sentimentVersion } }, { emotionVersion: { $ne: m.emotionVersion } }] };
}

export const RESCORE_PROJECTION = { _id: 1, text: 1 } as const;

/**
 * Updates per write command. FerretDB 1.24 (SQLite) hangs for good once about 100 update
 * statements are in flight (one command of 100, or two of 50 at once: measured). Two slices
 * writing at once (maxParallel 2) plus ingest's commands of 25 stay below that.
 */
export const UPDATES_PER_COMMAND = 30;

/** Scores a chunk and writes the results; the update is a plain $set, so repeating it is harmless. */
export async function rescoreChunk(db: Db, models: Models, docs: RescoreTweet[]): Promise<number> {
  if (!docs.length) return 0;
  const texts = docs.map((d) => d.text ?? '');
  const s = models.sentiment(texts);
  const e = models.emotion(texts);
  const ops: AnyBulkWriteOperation<TweetDoc>[] = docs.map((d, i) => ({
    updateOne: {
      filter: { _id: d._id },
      update: {
        $set: {
          sentiment: { label: s[i]!.label, score: s[i]!.score, subjectivity: s[i]!.subjectivity, polarity: polarityOf(s[i]!.probs), probs: s[i]!.probs },
          sentimentVersion: models.sentimentVersion,
          emotion: { label: e[i]!.label, probs: e[i]!.probs },
          emotionVersion: models.emotionVersion,
        },
      },
    },
  }));
  // One command at a time per slice (see UPDATES_PER_COMMAND). Small commands cost no more per
  // update on FerretDB (~0.9 ms each for commands of 50 and of 90, measured at 20k tweets).
  await bulkWriteSliced(tweets(db), ops, UPDATES_PER_COMMAND);
  return docs.length;
}

/**
 * Recomputes every known person's mean polarity and subjectivity from their stored tweets (one
 * aggregation pass). Bumps `rev` so an ingest write computed from the old values retries.
 */
export async function refreshProfilePolarity(db: Db, onProgress: () => void = () => undefined): Promise<number> {
  // One streamed pass summed here rather than a $group: FerretDB 1.x has no $avg and sums nested
  // paths as 0, and the per-author sums are small (one entry per person). The pass over a million
  // tweets takes minutes: report progress (the activity heartbeats) as it goes.
  const sums = new Map<string, { n: number; p: number; s: number }>();
  let seen = 0;
  for await (const t of tweets(db).find({}, { projection: { authorId: 1, 'sentiment.polarity': 1, 'sentiment.subjectivity': 1 } })) {
    if (++seen % 10_000 === 0) onProgress();
    const pol = t.sentiment?.polarity;
    if (typeof pol !== 'number') continue;
    const e = sums.get(t.authorId) ?? sums.set(t.authorId, { n: 0, p: 0, s: 0 }).get(t.authorId)!;
    e.n++;
    e.p += pol;
    e.s += t.sentiment.subjectivity ?? 0;
  }
  // Written in commands of UPDATES_PER_COMMAND, one at a time (a command of 1,000 stalled FerretDB).
  const ops: AnyBulkWriteOperation<ProfileDoc>[] = [...sums].map(([id, e]) => ({
    updateOne: {
      filter: { _id: id },
      update: { $set: { polarity: { n: e.n, mean: e.p / e.n }, subjectivity: { n: e.n, mean: e.s / e.n } }, $inc: { rev: 1 } },
    },
  }));
  return bulkWriteSliced(profiles(db), ops, UPDATES_PER_COMMAND, onProgress);
}
