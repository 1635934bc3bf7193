// Synthetic stored tweets for the store benchmarks, in the shape ingest stores them (FerretDB
// decodes and re-encodes whole documents, so the shape matters), from a seeded generator.
import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import type { TweetDoc } from '../src/store/tweets';

const WORDS = 'acme love hate great awful service outage update phone battery support thanks today never again best worst price fast slow app'.split(' ');

/**
 * A deterministic generator in [0, 1) (linear congruential, modulo 2^31). The product is taken in
 * 32-bit integer arithmetic: in doubles it passed 2^53 and was rounded, and the sequence fell into
 * a cycle of 10,466 values (a 200,000-tweet seed had ~600 distinct authors instead of ~20,000).
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 2147483648);
}

export const benchTweetId = (j: number) => String(1_000_000_000_000 + j);

/**
 * The j-th tweet: 8-19 words, #acme in 30 %, a mention in 20 %, a retweet of a tweet up to this
 * one in 20 %; scored as neutral by the model version 'old' (a job may score it again).
 */
export function syntheticTweet(j: number, rnd: () => number, o: { authorId: string; createdAt: Date }): TweetDoc {
  const words = Array.from({ length: 8 + Math.floor(rnd() * 12) }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
  const hashtags = rnd() < 0.3 ? ['acme'] : [];
  const mentions = rnd() < 0.2 ? [`user${Math.floor(rnd() * 5000)}`] : [];
  const text = [...words, ...hashtags.map((h) => `#${h}`), ...mentions.map((m) => `@${m}`)].join(' ');
  const tweet: TweetDoc = {
    _id: benchTweetId(j), text, authorId: o.authorId, createdAt: o.createdAt, lang: 'en',
    campaigns: ['c1'], ruleIds: ['r1'], via: 'stream', hashtags, mentions,
    metrics: { retweet_count: Math.floor(rnd() * 20), reply_count: Math.floor(rnd() * 5), like_count: Math.floor(rnd() * 50), quote_count: Math.floor(rnd() * 2) },
    sentiment: { label: 'neutral', score: 0.5, subjectivity: 0.2, polarity: 0, probs: { negative: 0.1, neutral: 0.8, positive: 0.1 } },
    emotion: { label: 'optimism', probs: { anger: 0.1, joy: 0.2, optimism: 0.5, sadness: 0.2 } },
    sentimentVersion: 'old', emotionVersion: 'old', ingestedAt: new Date(),
  };
  if (rnd() < 0.2) tweet.referencedTweets = [{ type: 'retweeted', id: benchTweetId(Math.floor(rnd() * (j + 1))) }];
  return tweet;
}

/** Inserts `n` documents made by `make(j)` in batches of 5,000, each batch first passed to `finish`. */
export async function insertInBatches<T extends Document>(col: Collection<T>, n: number, make: (j: number) => T, finish: (docs: T[]) => void = () => undefined): Promise<void> {
  for (let i = 0; i < n; i += 5000) {
    const docs: T[] = [];
    for (let j = i; j < Math.min(n, i + 5000); j++) docs.push(make(j));
    finish(docs);
    await col.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
  }
}
