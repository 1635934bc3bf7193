// Influence per person, overall and per campaign and campaign keyword, for one chunk of profiles.
// Features follow the influence model's inputs; "received" counts only tweets in the scope.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { cascadeDepths, influenceScore, mentionsKeyword, resolveLocation, type CascadeTweet, type InfluenceWeights } from '../domain/analytics';
import type { ProfileDoc } from '../domain/campaign';
import { campaigns } from '../store/campaigns';
import { tweets, type TweetDoc } from '../store/tweets';
import { analytics, type InfluenceDoc, type Sentiment, type TweetRef } from '../store/analytics';
import { bulkWriteSliced } from '../store/bulk';
import { profiles } from '../store/profiles';
import type { JobDefinition } from './job';

type T = Pick<TweetDoc, '_id' | 'text' | 'authorId' | 'createdAt' | 'campaigns' | 'referencedTweets' | 'hashtags' | 'mentions' | 'metrics' | 'sentiment'>;
const TWEET_FIELDS = { text: 1, authorId: 1, createdAt: 1, campaigns: 1, referencedTweets: 1, hashtags: 1, mentions: 1, metrics: 1, 'sentiment.label': 1 };
export const INFLUENCE_PROFILE_PROJECTION = { _id: 1, username: 1, name: 1, followers: 1, following: 1, listed: 1, tweetCount: 1, location: 1, polarity: 1 };
export type InfluenceProfile = Pick<ProfileDoc, '_id' | 'username' | 'name' | 'followers' | 'following' | 'listed' | 'tweetCount' | 'location' | 'polarity'>;

/** How far down retweet-of-retweet chains we look: deeper cascades are vanishingly rare. */
const MAX_CASCADE_LEVELS = 8;

interface Scope { key: string; scope: InfluenceDoc['scope']; campaignId: string | null; keyword: string | null }

/** A campaign's keywords: tracked keywords and hashtags (as #tag), lower-cased, deduplicated. */
export function campaignKeywords(c: { tracking?: { keywords?: string[]; hashtags?: string[] } }): string[] {
  const kw = (c.tracking?.keywords ?? []).map((k) => k.toLowerCase());
  const tags = (c.tracking?.hashtags ?? []).map((h) => `#${h.replace(/^#/, '').toLowerCase()}`);
  return [...new Set([...kw, ...tags])];
}

/** Does a tweet match a keyword (a "#tag" keyword matches the tweet's hashtags). */
export function tweetMatches(t: Pick<TweetDoc, 'text' | 'hashtags'>, keyword: string): boolean {
  if (keyword.startsWith('#')) {
    const tag = keyword.slice(1);
    return (t.hashtags ?? []).some((h) => h.replace(/^#/, '').toLowerCase() === tag) || mentionsKeyword(t.text ?? '', keyword);
  }
  return mentionsKeyword(t.text ?? '', keyword);
}

const isRetweet = (t: T) => (t.referencedTweets ?? []).some((r) => r.type === 'retweeted');
const engagement = (t: T) => (t.metrics?.retweet_count ?? 0) + (t.metrics?.like_count ?? 0) + (t.metrics?.quote_count ?? 0);
const ref = (t: T): TweetRef => ({ id: t._id, text: t.text, createdAt: t.createdAt ?? null, retweets: t.metrics?.retweet_count ?? 0, likes: t.metrics?.like_count ?? 0 });

function majority(list: T[], fallback: Sentiment): Sentiment {
  const n = { positive: 0, neutral: 0, negative: 0 } as Record<Sentiment, number>;
  for (const t of list) { const l = t.sentiment?.label as Sentiment; if (l in n) n[l]++; }
  if (!list.length) return fallback;
  if (n.positive > n.negative && n.positive > n.neutral) return 'positive';
  if (n.negative > n.positive && n.negative > n.neutral) return 'negative';
  return 'neutral';
}

/** Tweets that re-broadcast any of `roots`, level by level (for cascade depth). */
async function descendants(db: Db, roots: string[]): Promise<CascadeTweet[]> {
  const out: CascadeTweet[] = [];
  let frontier = roots;
  // Roots may themselves be re-broadcasts of each other (a retweet by someone in the same chunk).
  const seen = new Set<string>();
  for (let level = 0; level < MAX_CASCADE_LEVELS && frontier.length; level++) {
    const children = await tweets(db).find({ 'referencedTweets.id': { $in: frontier } }, { projection: { authorId: 1, referencedTweets: 1 } }).toArray();
    frontier = [];
    for (const c of children) {
      if (seen.has(c._id)) continue;
      seen.add(c._id);
      frontier.push(c._id);
      out.push(toCascade(c));
    }
  }
  return out;
}

function toCascade(t: Pick<TweetDoc, '_id' | 'authorId' | 'referencedTweets'>): CascadeTweet {
  const rt = t.referencedTweets?.find((r) => r.type === 'retweeted');
  const q = t.referencedTweets?.find((r) => r.type === 'quoted');
  return { id: t._id, authorId: t.authorId, ...(rt ? { retweetOfId: rt.id } : {}), ...(q ? { quoteOfId: q.id } : {}) };
}

export async function influenceChunk(db: Db, weights: InfluenceWeights, people: InfluenceProfile[], runKey: string, now = new Date()): Promise<number> {
  if (!people.length) return 0;
  const ids = people.map((p) => p._id);
  const own = (await tweets(db).find({ authorId: { $in: ids } }, { projection: TWEET_FIELDS }).toArray()) as T[];
  const byAuthor = new Map<string, T[]>();
  for (const t of own) (byAuthor.get(t.authorId) ?? byAuthor.set(t.authorId, []).get(t.authorId)!).push(t);

  // Mentions received, by username (as tweets store them), case-insensitively.
  const nameToId = new Map<string, string>();
  for (const p of people) if (p.username) nameToId.set(p.username.toLowerCase(), p._id);
  const usernames = people.flatMap((p) => (p.username ? [p.username, p.username.toLowerCase()] : []));
  const mentioning = usernames.length
    ? ((await tweets(db).find({ mentions: { $in: [...new Set(usernames)] } }, { projection: { text: 1, hashtags: 1, mentions: 1, campaigns: 1, authorId: 1 } }).toArray()) as T[])
    : [];

  const campaignIds = [...new Set(own.flatMap((t) => t.campaigns ?? []))];
  const keywordsOf = new Map<string, string[]>();
  if (campaignIds.length) {
    for (const c of await campaigns(db).find({ _id: { $in: campaignIds } }, { projection: { tracking: 1 } }).toArray()) keywordsOf.set(c._id, campaignKeywords(c));
  }
  const scopesOf = (t: Pick<T, 'campaigns' | 'text' | 'hashtags'>): Scope[] => {
    const out: Scope[] = [{ key: 'all', scope: 'all', campaignId: null, keyword: null }];
    for (const c of t.campaigns ?? []) {
      out.push({ key: `c:${c}`, scope: 'campaign', campaignId: c, keyword: null });
      for (const k of keywordsOf.get(c) ?? []) if (tweetMatches(t, k)) out.push({ key: `c:${c}|k:${k}`, scope: 'keyword', campaignId: c, keyword: k });
    }
    return out;
  };

  const desc = await descendants(db, own.map((t) => t._id));
  const ops: AnyBulkWriteOperation<InfluenceDoc>[] = [];
  for (const p of people) {
    const mine = byAuthor.get(p._id) ?? [];
    const scoped = new Map<string, { s: Scope; tweets: T[]; mentionsReceived: number }>();
    for (const t of mine) for (const s of scopesOf(t)) (scoped.get(s.key) ?? scoped.set(s.key, { s, tweets: [], mentionsReceived: 0 }).get(s.key)!).tweets.push(t);
    if (!scoped.size) scoped.set('all', { s: { key: 'all', scope: 'all', campaignId: null, keyword: null }, tweets: [], mentionsReceived: 0 });
    for (const m of mentioning) {
      if (m.authorId === p._id) continue;
      if (!(m.mentions ?? []).some((u) => nameToId.get(u.toLowerCase()) === p._id)) continue;
      for (const s of scopesOf(m)) { const e = scoped.get(s.key); if (e) e.mentionsReceived++; }
    }
    const loc = p.location ? resolveLocation(p.location) : null;
    const fallback: Sentiment = p.polarity?.mean > 0.05 ? 'positive' : p.polarity?.mean < -0.05 ? 'negative' : 'neutral';
    for (const { s, tweets: list, mentionsReceived } of scoped.values()) {
      const depth = cascadeDepths([...list.map(toCascade), ...desc])[p._id] ?? 0;
      const retweets = list.reduce((a, t) => a + (t.metrics?.retweet_count ?? 0), 0);
      const result = influenceScore({
        follower_count: p.followers ?? 0, following_count: p.following ?? 0, listed_count: p.listed ?? 0, posts: p.tweetCount ?? 0,
        mentions_received: mentionsReceived, retweets_received: retweets,
        mentions_sent: list.reduce((a, t) => a + (t.mentions?.length ?? 0), 0), retweets_sent: list.filter(isRetweet).length,
        ...(s.scope === 'all' ? {} : { relevance: mine.length ? list.length / mine.length : 0 }),
        cascade_depth: depth,
      }, weights);
      const top = list.filter((t) => !isRetweet(t)).sort((a, b) => engagement(b) - engagement(a) || (a._id < b._id ? 1 : -1))[0] ?? null;
      const doc: InfluenceDoc & { runKey: string } = {
        _id: `${s.key}|${p._id}`, scope: s.scope, campaignId: s.campaignId, keyword: s.keyword, userId: p._id,
        username: p.username ?? null, name: p.name ?? null, followers: p.followers ?? 0,
        score: result.score, breakdown: result.breakdown, sentiment: majority(list, fallback), tweets: list.length, retweets,
        topTweet: top ? ref(top) : null, location: p.location ?? null,
        coordinates: loc ? { lat: loc.lat, lon: loc.lon, name: loc.name, country: loc.country } : null,
        computedAt: now, runKey,
      };
      const { _id, ...replacement } = doc;
      ops.push({ replaceOne: { filter: { _id }, replacement, upsert: true } });
    }
  }
  const col = analytics(db).influence;
  await bulkWriteSliced(col, ops);
  // Scopes a person no longer belongs to (e.g. stopped using a keyword) are dropped.
  await col.deleteMany({ userId: { $in: ids }, runKey: { $ne: runKey } } as never);
  return people.length;
}

/** Influence of every known person (chunks of profiles); nothing left to merge at the end. */
export const influenceJob: JobDefinition<ProfileDoc> = {
  name: 'influence',
  walk: ({ db }) => ({ collection: profiles(db), projection: INFLUENCE_PROFILE_PROJECTION }),
  async chunk({ db, influenceWeights }, { params }) {
    const w = influenceWeights();
    const now = new Date(params.now ?? Date.now());
    return (docs, at) => influenceChunk(db, w, docs, at.baseKey, now);
  },
  finalize: async () => ({}),
};
