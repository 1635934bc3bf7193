// Ingested tweets, one document per tweet id (the _id), so redelivery upserts instead of duplicating.
// Model versions are stored with the scores so a later model change can be told apart.
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Db } from 'mongodb';
import { bulkWriteSliced } from './bulk';
import { COLLECTIONS, createIndex, type IndexFn } from './index';

export interface TweetDoc {
  _id: string;
  text: string;
  authorId: string;
  createdAt: Date;
  lang?: string;
  campaigns: string[];
  ruleIds: string[];
  via?: string;
  referencedTweets?: { type: string; id: string }[];
  hashtags?: string[];
  mentions?: string[];
  metrics?: { retweet_count: number; reply_count: number; like_count: number; quote_count: number };
  sentiment: { label: string; score: number; subjectivity: number; polarity: number; probs: Record<string, number> };
  emotion?: { label: string; probs: Record<string, number> };
  sentimentVersion: string;
  emotionVersion?: string;
  ingestedAt: Date;
}

export const tweets = (db: Db) => db.collection<TweetDoc>(COLLECTIONS.tweets);

export async function ensureTweetIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  await ix(tweets(db), { campaigns: 1, createdAt: -1 });
  await ix(tweets(db), { authorId: 1, createdAt: -1 });
}

/**
 * Writes a batch: new tweets inserted whole, known ones only gain campaigns they were not yet
 * routed to. Returns the ids that were inserted by this call. One insert for the batch (fast on
 * FerretDB, where every update is a statement of its own); updates only for redelivered tweets.
 */
export async function upsertTweets(db: Db, docs: TweetDoc[]): Promise<Set<string>> {
  if (!docs.length) return new Set();
  const dupIdx = new Set<number>();
  try {
    await tweets(db).insertMany(docs, { ordered: false });
  } catch (e) {
    if (!(e instanceof MongoBulkWriteError)) throw e;
    const errs = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
    for (const we of errs) {
      if (we.code !== 11000) throw e;
      dupIdx.add(we.index);
    }
  }
  const inserted = new Set<string>();
  const ops: AnyBulkWriteOperation<TweetDoc>[] = [];
  docs.forEach((d, i) => {
    if (!dupIdx.has(i)) inserted.add(d._id);
    else ops.push({ updateOne: { filter: { _id: d._id }, update: { $addToSet: { campaigns: { $each: d.campaigns } } } } });
  });
  await bulkWriteSliced(tweets(db), ops);
  return inserted;
}
