// Ingested tweets, one document per tweet id (the _id), so redelivery upserts instead of duplicating.
// Model versions are stored with the scores so a later model change can be told apart.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { COLLECTIONS } from './index';

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

export async function ensureTweetIndexes(db: Db): Promise<void> {
  await tweets(db).createIndex({ campaigns: 1, createdAt: -1 });
  await tweets(db).createIndex({ authorId: 1, createdAt: -1 });
}

/**
 * Writes a batch: new tweets inserted whole, known ones only gain campaigns they were not yet
 * routed to. Returns the ids that were inserted by this call.
 */
export async function upsertTweets(db: Db, docs: TweetDoc[]): Promise<Set<string>> {
  if (!docs.length) return new Set();
  const ops: AnyBulkWriteOperation<TweetDoc>[] = docs.map(({ _id, campaigns, ...rest }) => ({
    updateOne: {
      filter: { _id },
      update: { $setOnInsert: rest, $addToSet: { campaigns: { $each: campaigns } } },
      upsert: true,
    },
  }));
  const res = await tweets(db).bulkWrite(ops, { ordered: false });
  const inserted = new Set<string>();
  for (const [i, id] of Object.entries(res.upsertedIds ?? {})) inserted.add(String(id ?? docs[Number(i)]!._id));
  return inserted;
}
