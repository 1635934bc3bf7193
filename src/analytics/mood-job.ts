// Mood per person (chunked over profiles), then recommendations once every mood is known: the
// recommendation for a person depends only on their status, so it is computed once per status.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { extractHashtags, personMood, recommendOppositeMood, type HashtagMood, type MoodStatus, type MoodTweet, type PersonMoodEntry } from '../domain/analytics';
import { tweets, type TweetDoc } from '../store/tweets';
import { profiles } from '../store/profiles';
import { analytics, type MoodDoc, type TweetRef } from '../store/analytics';
import { bulkWriteSliced } from '../store/bulk';

export const MOOD_PROFILE_PROJECTION = { _id: 1, followers: 1 };
const WINDOW_DAYS = 14;
type T = Pick<TweetDoc, '_id' | 'text' | 'authorId' | 'createdAt' | 'emotion' | 'referencedTweets' | 'metrics' | 'hashtags'>;

const ref = (t: T | undefined): TweetRef | null =>
  t ? { id: t._id, text: t.text, createdAt: t.createdAt ?? null, retweets: t.metrics?.retweet_count ?? 0, likes: t.metrics?.like_count ?? 0 } : null;

function toMoodTweet(t: T): MoodTweet | null {
  const p = t.emotion?.probs;
  if (!p || !t.createdAt) return null;
  return {
    id: t._id, text: t.text, createdAt: new Date(t.createdAt).getTime(),
    emotions: { anger: p.anger ?? 0, joy: p.joy ?? 0, optimism: p.optimism ?? 0, sadness: p.sadness ?? 0 },
    isRetweet: (t.referencedTweets ?? []).some((r) => r.type === 'retweeted'),
    likes: t.metrics?.like_count, retweets: t.metrics?.retweet_count, replies: t.metrics?.reply_count,
  };
}

export interface HashtagMoodSums { [tag: string]: { count: number; valence: number; arousal: number } }

/** Scores the moods of a chunk of people; returns per-hashtag valence/arousal sums for the pool. */
export async function moodChunk(db: Db, people: { _id: string }[], now: number): Promise<{ processed: number; hashtags: HashtagMoodSums }> {
  const ids = people.map((p) => p._id);
  const since = new Date(now - WINDOW_DAYS * 86_400_000);
  const list = (await tweets(db).find({ authorId: { $in: ids }, createdAt: { $gte: since } },
    { projection: { text: 1, authorId: 1, createdAt: 1, emotion: 1, referencedTweets: 1, metrics: 1, hashtags: 1 } }).toArray()) as T[];
  const byAuthor = new Map<string, T[]>();
  for (const t of list) (byAuthor.get(t.authorId) ?? byAuthor.set(t.authorId, []).get(t.authorId)!).push(t);
  const hashtags: HashtagMoodSums = {};
  const ops: AnyBulkWriteOperation<MoodDoc>[] = [];
  for (const id of ids) {
    const mine = byAuthor.get(id) ?? [];
    const byId = new Map(mine.map((t) => [t._id, t]));
    const moodTweets = mine.map(toMoodTweet).filter((m): m is MoodTweet => m !== null);
    const r = personMood(moodTweets, { now, windowDays: WINDOW_DAYS });
    for (const m of moodTweets) {
      const t = byId.get(m.id)!;
      const e = m.emotions;
      const v = e.joy + e.optimism - e.sadness - e.anger;
      const a = e.anger + e.joy - e.sadness - e.optimism;
      for (const tag of t.hashtags?.length ? t.hashtags.map((h) => h.replace(/^#/, '').toLowerCase()) : extractHashtags(t.text ?? '')) {
        const h = (hashtags[tag] ??= { count: 0, valence: 0, arousal: 0 });
        h.count++; h.valence += v; h.arousal += a;
      }
    }
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

