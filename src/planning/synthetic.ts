// A seeded synthetic market of candidates for tests and bench:plans: heavy-tailed followers,
// audiences drawn from shared communities (so overlap is real), countries across regions.
import { gaussian, seededRng } from '../domain/analytics/random';
import type { Collection, Db, Document } from 'mongodb';
import type { ProfileDoc } from '../domain/campaign';
import type { Candidate } from '../domain/planning';
import { analytics, type InfluenceDoc } from '../store/analytics';
import { outreachCollections } from '../store/conversations';
import { profiles } from '../store/profiles';
import { tweets, type TweetDoc } from '../store/tweets';

const COUNTRIES: { code: string; lat: number; lon: number }[] = [
  { code: 'US', lat: 40.7, lon: -74 }, { code: 'US', lat: 34.05, lon: -118.2 }, { code: 'CA', lat: 43.7, lon: -79.4 },
  { code: 'GB', lat: 51.5, lon: -0.13 }, { code: 'DE', lat: 52.5, lon: 13.4 }, { code: 'FR', lat: 48.86, lon: 2.35 },
  { code: 'ES', lat: 40.4, lon: -3.7 }, { code: 'BR', lat: -23.5, lon: -46.6 }, { code: 'MX', lat: 19.4, lon: -99.1 },
  { code: 'IN', lat: 19.1, lon: 72.9 }, { code: 'JP', lat: 35.7, lon: 139.7 }, { code: 'AU', lat: -33.9, lon: 151.2 },
  { code: 'NG', lat: 6.5, lon: 3.4 }, { code: 'ZA', lat: -26.2, lon: 28.05 },
];

export interface WorldOptions { candidates: number; communities?: number; seed?: number; suppressedShare?: number; conversationShare?: number }

export function syntheticCandidates(o: WorldOptions): Candidate[] {
  const rng = seededRng(o.seed ?? 7);
  const communities = o.communities ?? Math.max(4, Math.round(o.candidates / 15));
  const communitySize = 400;
  const out: Candidate[] = [];
  for (let i = 0; i < o.candidates; i++) {
    const followers = Math.round(Math.exp(7 + 1.8 * Math.abs(gaussian(rng)) + rng()));
    const home = Math.floor(rng() * communities);
    const mine = rng() < 0.3 ? [home, Math.floor(rng() * communities)] : [home];
    const seen = Math.min(communitySize, Math.round(3 + 4 * Math.log10(followers) + rng() * 10));
    const retweeters = new Set<string>();
    for (let k = 0; k < seen; k++) {
      const c = mine[Math.floor(rng() * mine.length)]!;
      // Within a community the big names share the core; a tail of one-off retweeters is their own.
      retweeters.add(rng() < 0.7 ? `c${c}-${Math.floor(Math.pow(rng(), 2) * communitySize)}` : `own${i}-${k}`);
    }
    const where = rng() < 0.1 ? null : COUNTRIES[Math.floor(rng() * COUNTRIES.length)]!;
    const posts = 1 + Math.floor(rng() * 12);
    const rate = 0.002 + 0.02 * rng();
    const postEngagements = Array.from({ length: posts }, () => Math.max(0, Math.round(followers * rate * (0.5 + rng()))));
    const polarity = Math.max(-1, Math.min(1, 0.2 + 0.4 * gaussian(rng)));
    const positiveTweets = Math.round(posts * Math.max(0, Math.min(1, (polarity + 1) / 2)));
    out.push({
      xUserId: String(1_000_000 + i), username: `creator${i}`, followers,
      score: Math.log10(followers) / 7 + 0.3 * rng(), country: where?.code ?? null,
      coordinates: where ? { lat: where.lat + gaussian(rng), lon: where.lon + gaussian(rng) } : null,
      polarity, postEngagements, positiveTweets, tweets: posts, retweeters: [...retweeters],
      suppressed: rng() < (o.suppressedShare ?? 0.03), inConversation: rng() < (o.conversationShare ?? 0.05),
    });
  }
  return out;
}

/**
 * Writes candidates as the stack would have stored them (influence docs, profiles, original tweets
 * with metrics and sentiment, retweets by their retweeters, suppressions, open conversations), so
 * tests and bench:plans go through the real loader.
 */
export async function seedCandidates(db: Db, cands: Candidate[], now = new Date()): Promise<void> {
  const inf: InfluenceDoc[] = cands.map((c) => ({
    _id: `all|${c.xUserId}`, scope: 'all', campaignId: null, keyword: null, userId: c.xUserId, username: c.username, name: c.username,
    followers: c.followers, score: c.score, breakdown: { reach: c.score, resonance: 0, relevance: 0, depth: 0 } as never, sentiment: 'neutral',
    tweets: c.tweets, retweets: 0, topTweet: null, location: c.country, computedAt: now,
    coordinates: c.coordinates && c.country ? { lat: c.coordinates.lat, lon: c.coordinates.lon, name: c.country, country: c.country } : null,
  }));
  await bulkInsert(analytics(db).influence, inf);
  await bulkInsert(profiles(db), cands.map((c) => ({ _id: c.xUserId, username: c.username ?? undefined, followers: c.followers, polarity: c.polarity === null ? { n: 0, mean: 0 } : { n: c.tweets, mean: c.polarity } }) as unknown as ProfileDoc));
  const tw: TweetDoc[] = [];
  let n = 0;
  for (const c of cands) {
    const originals: string[] = [];
    for (let k = 0; k < c.tweets; k++) {
      const id = `${c.xUserId}${String(k).padStart(3, '0')}`;
      const eng = c.postEngagements[k];
      tw.push({
        _id: id, text: 'acme', authorId: c.xUserId, createdAt: now, campaigns: [], ruleIds: [], ingestedAt: now, sentimentVersion: 'seed',
        ...(eng === undefined ? { referencedTweets: [{ type: 'retweeted', id: 'elsewhere' }] } : { metrics: { retweet_count: eng, like_count: 0, reply_count: 0, quote_count: 0 } }),
        sentiment: { label: k < c.positiveTweets ? 'positive' : 'neutral', score: 0, subjectivity: 0, polarity: 0, probs: {} },
      });
      if (eng !== undefined) originals.push(id);
    }
    c.retweeters.forEach((u, k) => {
      if (!originals.length) return;
      tw.push({
        _id: `9${String(n++).padStart(12, '0')}`, text: 'RT', authorId: audienceId(u), createdAt: now, campaigns: [], ruleIds: [], ingestedAt: now,
        referencedTweets: [{ type: 'retweeted', id: originals[k % originals.length]! }], sentimentVersion: 'seed',
        sentiment: { label: 'neutral', score: 0, subjectivity: 0, polarity: 0, probs: {} },
      });
    });
  }
  await bulkInsert(tweets(db), tw);
  const sup = cands.filter((c) => c.suppressed).map((c) => ({ _id: c.xUserId, reason: 'STOP', source: 'seed', at: now }));
  if (sup.length) await outreachCollections(db).suppressions.insertMany(sup);
  const conv = cands.filter((c) => c.inConversation).map((c) => ({
    _id: `outreach-${c.xUserId}`, workflowId: `outreach-${c.xUserId}`, campaignId: 'seed', xUserId: c.xUserId, policy: 'auto', stage: 'awaiting-reply',
    helpCount: 0, remindersSent: 0, transcript: [], createdAt: now, updatedAt: now,
  }));
  if (conv.length) await outreachCollections(db).conversations.insertMany(conv);
}

/** Synthetic audience names become stable numeric user ids. */
const audienceIds = new Map<string, string>();
function audienceId(u: string): string {
  return audienceIds.get(u) ?? audienceIds.set(u, String(5_000_000_000 + audienceIds.size)).get(u)!;
}

async function bulkInsert<T extends Document>(col: Collection<T>, docs: T[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) await col.insertMany(docs.slice(i, i + 1000) as never);
}
