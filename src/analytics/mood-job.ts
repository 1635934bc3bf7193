// Mood per person (chunked over profiles), then recommendations once every mood is known: the
// recommendation for a person depends only on their status, so it is computed once per status.
// Linear in tweets + people: the plan reads the window's tweets once and spills each person's
// scored tweets beside their chunk (./shuffle.ts); a chunk reads them by _id, never by author.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { extractHashtags, personMood, recommendOppositeMood, type HashtagMood, type MoodStatus, type MoodTweet, type PersonMoodEntry } from '../domain/analytics';
import { tweets, type TweetDoc } from '../store/tweets';
import { analytics, partialsOf, type MoodDoc, type TweetRef } from '../store/analytics';
import { profiles } from '../store/profiles';
import type { ProfileDoc } from '../domain/campaign';
import { timeParam, type JobDefinition } from './job';
import { IDS_PER_QUERY, keepAlive, sortedUniqueIds, writeIdChunks } from './chunks';
import { ChunkRouter, ChunkSpill, readSpill, type SpillDoc } from './shuffle';
import { bulkWriteSliced } from '../store/bulk';

export const MOOD_PROFILE_PROJECTION = { _id: 1, followers: 1 };
const WINDOW_DAYS = 14;
type T = Pick<TweetDoc, '_id' | 'text' | 'authorId' | 'createdAt' | 'emotion' | 'referencedTweets' | 'metrics' | 'hashtags'>;
const TWEET_FIELDS = { text: 1, authorId: 1, createdAt: 1, emotion: 1, referencedTweets: 1, metrics: 1, hashtags: 1 };

const ref = (t: T | undefined): TweetRef | null =>
  t ? { id: t._id, text: t.text, createdAt: t.createdAt ?? null, retweets: t.metrics?.retweet_count ?? 0, likes: t.metrics?.like_count ?? 0 } : null;

/** What a person's mood needs of one of their recent tweets (spilled by the plan; JSON, short keys). */
export interface MoodRecord {
  /** author */ p: string;
  /** tweet id */ i: string;
  /** createdAt, epoch ms */ c: number;
  /** anger, joy, optimism, sadness */ e: [number, number, number, number];
  /** a retweet */ r: boolean;
  l?: number; t?: number; y?: number;
  /** its hashtags, lower-case, without '#' */ h: string[];
}

/** The record of a tweet with emotion scores (others say nothing about a mood). */
export function moodRecord(t: T): MoodRecord | null {
  const p = t.emotion?.probs;
  if (!p || !t.createdAt) return null;
  return {
    p: t.authorId, i: t._id, c: new Date(t.createdAt).getTime(), e: [p.anger ?? 0, p.joy ?? 0, p.optimism ?? 0, p.sadness ?? 0],
    r: (t.referencedTweets ?? []).some((x) => x.type === 'retweeted'),
    l: t.metrics?.like_count, t: t.metrics?.retweet_count, y: t.metrics?.reply_count,
    h: t.hashtags?.length ? t.hashtags.map((h) => h.replace(/^#/, '').toLowerCase()) : extractHashtags(t.text ?? ''),
  };
}

const toMoodTweet = (m: MoodRecord): MoodTweet => ({
  id: m.i, createdAt: m.c, emotions: { anger: m.e[0], joy: m.e[1], optimism: m.e[2], sadness: m.e[3] }, isRetweet: m.r, likes: m.l, retweets: m.t, replies: m.y,
});

export interface HashtagMoodSums { [tag: string]: { count: number; valence: number; arousal: number } }

/**
 * The plan: chunks of profile ids; one pass over the window's tweets (by createdAt) spills each
 * scored tweet's record to its author's chunk. Returns the chunk plan.
 */
export async function planMood(db: Db, o: { runKey: string; planKey: string; chunkSize: number; now: number }, progress: Record<string, unknown> = {}) {
  progress.planning = 'profiles';
  const ids: string[] = [];
  for await (const p of profiles(db).find({}, { projection: { _id: 1 }, batchSize: 10_000 })) ids.push(p._id);
  const router = new ChunkRouter(sortedUniqueIds(ids), o.chunkSize);
  const spill = new ChunkSpill<MoodRecord>(db, o.runKey, o.planKey, router.chunks);
  progress.planning = 'tweets';
  let seen = 0;
  const since = new Date(o.now - WINDOW_DAYS * 86_400_000);
  for await (const t of tweets(db).find({ createdAt: { $gte: since } }, { projection: TWEET_FIELDS, batchSize: 5000 })) {
    progress.seen = ++seen;
    const n = router.chunkOf(t.authorId);
    const r = n >= 0 ? moodRecord(t as T) : null;
    if (r) await spill.add(n, r);
  }
  await spill.flush();
  progress.planning = 'write';
  return writeIdChunks(db, o.runKey, o.planKey, router.ids, o.chunkSize, spill.parts);
}

/** Scores the moods of a chunk of people from their records; returns per-hashtag valence/arousal sums for the pool. */
export async function moodChunk(db: Db, people: { _id: string }[], records: readonly MoodRecord[], now: number): Promise<{ processed: number; hashtags: HashtagMoodSums }> {
  const ids = people.map((p) => p._id);
  const byAuthor = new Map<string, MoodRecord[]>();
  for (const r of records) (byAuthor.get(r.p) ?? byAuthor.set(r.p, []).get(r.p)!).push(r);
  const hashtags: HashtagMoodSums = {};
  const results = new Map<string, ReturnType<typeof personMood>>();
  for (const id of ids) {
    const mine = byAuthor.get(id) ?? [];
    results.set(id, personMood(mine.map(toMoodTweet), { now, windowDays: WINDOW_DAYS }));
    for (const m of mine) {
      const v = m.e[1] + m.e[2] - m.e[3] - m.e[0];
      const a = m.e[0] + m.e[1] - m.e[3] - m.e[2];
      for (const tag of m.h) {
        const h = (hashtags[tag] ??= { count: 0, valence: 0, arousal: 0 });
        h.count++; h.valence += v; h.arousal += a;
      }
    }
  }
  // The happiest and saddest tweets, read by _id for their texts.
  const wanted = [...new Set([...results.values()].flatMap((r) => [r.happiestTweetId, r.saddestTweetId].filter((x): x is string => x !== null)))];
  const byId = new Map<string, T>();
  for (let i = 0; i < wanted.length; i += IDS_PER_QUERY) {
    for (const t of await tweets(db).find({ _id: { $in: wanted.slice(i, i + IDS_PER_QUERY) } }, { projection: { text: 1, createdAt: 1, metrics: 1 } }).toArray()) byId.set(t._id, t);
  }
  const ops: AnyBulkWriteOperation<MoodDoc>[] = [];
  for (const id of ids) {
    const r = results.get(id)!;
    const doc: MoodDoc = {
      _id: id, status: r.status, valence: r.valence, arousal: r.arousal, emotions: r.emotions, tweetsConsidered: r.tweetsConsidered,
      happiest: ref(r.happiestTweetId ? byId.get(r.happiestTweetId) : undefined),
      saddest: ref(r.saddestTweetId ? byId.get(r.saddestTweetId) : undefined),
      recommendations: null, computedAt: new Date(now),
    };
    // Recommendations are filled in by the final pass; keep the previous ones until then.
    const { recommendations: _r, ...set } = doc;
    ops.push({ updateOne: { filter: { _id: id }, update: { $set: set, $setOnInsert: { recommendations: null } }, upsert: true } });
  }
  await bulkWriteSliced(analytics(db).moods, ops);
  return { processed: ids.length, hashtags };
}

export function mergeHashtagMoods(parts: HashtagMoodSums[]): HashtagMood[] {
  const m: HashtagMoodSums = {};
  for (const p of parts) for (const [tag, s] of Object.entries(p)) {
    const h = (m[tag] ??= { count: 0, valence: 0, arousal: 0 });
    h.count += s.count; h.valence += s.valence; h.arousal += s.arousal;
  }
  return Object.entries(m).map(([tag, s]) => ({ tag, count: s.count, valence: s.valence / s.count, arousal: s.arousal / s.count }));
}

/** Writes each person's recommendations from the pool of everyone's mood. */
export async function writeRecommendations(db: Db, hashtags: HashtagMood[], limit = 5): Promise<number> {
  const a = analytics(db);
  const moods = await a.moods.find({ status: { $ne: null } }, { projection: { status: 1, valence: 1, arousal: 1 } }).toArray();
  const followers = new Map<string, number>();
  const influence = new Map<string, number>();
  const ids = moods.map((m) => m._id);
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    for (const p of await profiles(db).find({ _id: { $in: part } }, { projection: { followers: 1 } }).toArray()) followers.set(p._id, p.followers ?? 0);
    for (const d of await a.influence.find({ _id: { $in: part.map((id) => `all|${id}`) } }, { projection: { userId: 1, score: 1 } }).toArray()) influence.set(d.userId, d.score);
  }
  const people: PersonMoodEntry[] = moods.map((m) => ({
    id: m._id, status: m.status as MoodStatus, valence: m.valence, arousal: m.arousal, followers: followers.get(m._id) ?? 0,
    ...(influence.has(m._id) ? { influence: influence.get(m._id)! } : {}),
  }));
  // One pool per status, with one spare entry per list so a person can be left out of their own.
  const perStatus = new Map<MoodStatus, ReturnType<typeof recommendOppositeMood>>();
  for (const s of ['Depressed', 'Stressed', 'Cheerful', 'Satisfied'] as MoodStatus[]) {
    perStatus.set(s, recommendOppositeMood({ id: '\u0000', status: s }, { people, hashtags }, { limit: limit + 1 }));
  }
  const ops: AnyBulkWriteOperation<(typeof moods)[number]>[] = moods.map((m) => {
    const r = perStatus.get(m.status as MoodStatus)!;
    const drop = <X extends { id: string }>(xs: X[]) => xs.filter((x) => x.id !== m._id).slice(0, limit);
    return { updateOne: { filter: { _id: m._id }, update: { $set: { recommendations: { ...r, bigAccounts: drop(r.bigAccounts), people: drop(r.people), hashtags: r.hashtags.slice(0, limit) } } } } };
  });
  await bulkWriteSliced(a.moods, ops);
  return ops.length;
}


/** A chunk's per-hashtag mood sums, merged by the final step into the recommendations' hashtag pool. */
export interface MoodPartial { _id: string; runKey: string; hashtags: HashtagMoodSums }
const moodPartialId = (baseKey: string, chunk: number) => `mood|${baseKey}|${chunk}`;

export const moodJob: JobDefinition<ProfileDoc, MoodPartial | SpillDoc> = {
  name: 'mood',
  walk: ({ db }) => ({ collection: profiles(db), projection: MOOD_PROFILE_PROJECTION }),
  plan: ({ db }, req) => {
    const progress = { planning: 'start' };
    return keepAlive(() => progress, () => planMood(db, { runKey: req.baseKey, planKey: req.planKey, chunkSize: req.chunkSize, now: timeParam(req.params, 'now', 'mood') }, progress));
  },
  async chunk({ db }, { params }) {
    return async (docs, at) => {
      const r = await moodChunk(db, docs, await readSpill<MoodRecord>(db, at.planKey, at.chunk, at.parts), timeParam(params, 'now', 'mood'));
      await partialsOf<MoodPartial>(db).replaceOne({ _id: moodPartialId(at.baseKey, at.chunk) }, { runKey: at.baseKey, hashtags: r.hashtags }, { upsert: true });
      return r.processed;
    };
  },
  async finalize({ db }, { baseKey }) {
    const parts = await partialsOf<MoodPartial>(db).find({ runKey: baseKey, _id: { $regex: /^mood\|/ } }).toArray();
    return { recommendations: await writeRecommendations(db, mergeHashtagMoods(parts.map((x) => x.hashtags))) };
  },
};
