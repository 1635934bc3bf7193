// A person as we know them from their tweets: X's public numbers (latest wins), running polarity
// and subjectivity, and per-campaign counts. Applying a tweet is idempotent per campaign: the ids of
// the most recent tweets applied are kept for the person and for each campaign, so a redelivered
// tweet (at-least-once ingest) changes nothing, while a tweet one campaign already counted still
// counts for another campaign that hears it later (a shared rule, a backfill, a resume).
import { updateMean, type RunningMean } from './running';

/** How many recent tweet ids a profile remembers: far more than any redelivery window holds. */
export const RECENT_TWEET_IDS = 64;
/** The same per campaign the person tweeted into. */
export const RECENT_CAMPAIGN_TWEET_IDS = 32;

export interface CampaignPresence {
  tweets: number;
  firstSeen: Date;
  lastSeen: Date;
  /** Set once the person qualified for the campaign. */
  qualifiedAt?: Date;
  /** Why the latest tweet did not qualify them. */
  lastReasons?: string[];
  /** When ingest started (or found running) their outreach for this campaign. */
  outreachStartedAt?: Date;
  /** Recent tweets counted for this campaign (absent on presences stored by earlier versions). */
  recentTweetIds?: string[];
}

export interface ProfileDoc {
  _id: string;
  username?: string;
  name?: string;
  followers: number;
  following: number;
  listed: number;
  tweetCount: number;
  verified: boolean;
  protected: boolean;
  location?: string;
  polarity: RunningMean;
  subjectivity: RunningMean;
  tweetsSeen: number;
  campaignIds: string[];
  campaigns: Record<string, CampaignPresence>;
  firstSeen: Date;
  lastSeen: Date;
  recentTweetIds: string[];
  /** Last time the brand started a conversation with them (any campaign). */
  lastContactAt?: Date;
  /** Optimistic-concurrency revision: every write is conditional on the revision it read. */
  rev: number;
  /** Token of the write that stored this revision (tells a writer whether its write won). */
  wt?: string;
}

export interface AuthorFacts {
  username?: string;
  name?: string;
  verified?: boolean;
  protected?: boolean;
  location?: string;
  publicMetrics?: { followers_count: number; following_count: number; listed_count: number; tweet_count: number };
}

export interface ScoredTweet {
  id: string;
  authorId: string;
  author?: AuthorFacts;
  createdAt: Date;
  campaigns: string[];
  polarity: number;
  subjectivity: number;
}

/** Whether the tweet was already counted for this campaign. */
function countedFor(prev: ProfileDoc | undefined, campaignId: string, tweetId: string, seen: boolean): boolean {
  const p = prev?.campaigns[campaignId];
  if (!p) return false;
  // Presences stored before per-campaign ids: a tweet seen then was applied to all its campaigns.
  return p.recentTweetIds ? p.recentTweetIds.includes(tweetId) : seen;
}

/**
 * The profile after one more tweet; the same object back when the tweet was already counted for
 * every campaign it carries. A tweet the person's numbers already include only adds the campaigns
 * that had not counted it.
 */
export function applyTweet(prev: ProfileDoc | undefined, t: ScoredTweet): ProfileDoc {
  const seen = prev?.recentTweetIds.includes(t.id) ?? false;
  const fresh = [...new Set(t.campaigns)].filter((c) => !countedFor(prev, c, t.id, seen));
  if (seen && !fresh.length) return prev!;
  const a = t.author;
  const m = a?.publicMetrics;
  const seenAt = t.createdAt;
  const base: ProfileDoc = prev ?? {
    _id: t.authorId, followers: 0, following: 0, listed: 0, tweetCount: 0, verified: false, protected: false,
    polarity: { n: 0, mean: 0 }, subjectivity: { n: 0, mean: 0 }, tweetsSeen: 0, campaignIds: [], campaigns: {},
    firstSeen: seenAt, lastSeen: seenAt, recentTweetIds: [], rev: 0,
  };
  const campaigns = { ...base.campaigns };
  for (const c of fresh) {
    const p = campaigns[c];
    campaigns[c] = p
      ? { ...p, tweets: p.tweets + 1, firstSeen: min(p.firstSeen, seenAt), lastSeen: max(p.lastSeen, seenAt), recentTweetIds: [...(p.recentTweetIds ?? []), t.id].slice(-RECENT_CAMPAIGN_TWEET_IDS) }
      : { tweets: 1, firstSeen: seenAt, lastSeen: seenAt, recentTweetIds: [t.id] };
  }
  const campaignIds = [...new Set([...base.campaignIds, ...fresh])];
  // Already in the person's numbers (counted for another campaign): only the campaigns change.
  if (seen) return { ...base, campaignIds, campaigns };
  const newer = seenAt >= base.lastSeen; // X's numbers from an older tweet must not overwrite newer ones
  const next: ProfileDoc = {
    ...base,
    ...(a && (newer || !prev) ? {
      ...(a.username !== undefined ? { username: a.username } : {}),
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.verified !== undefined ? { verified: a.verified } : {}),
      ...(a.protected !== undefined ? { protected: a.protected } : {}),
      ...(a.location !== undefined ? { location: a.location } : {}),
      ...(m ? { followers: m.followers_count, following: m.following_count, listed: m.listed_count, tweetCount: m.tweet_count } : {}),
    } : {}),
    polarity: pack(updateMean(base.polarity.n ? base.polarity : undefined, t.polarity)),
    subjectivity: pack(updateMean(base.subjectivity.n ? base.subjectivity : undefined, t.subjectivity)),
    tweetsSeen: base.tweetsSeen + 1,
    campaignIds,
    campaigns,
    firstSeen: min(base.firstSeen, seenAt),
    lastSeen: max(base.lastSeen, seenAt),
    recentTweetIds: [...base.recentTweetIds, t.id].slice(-RECENT_TWEET_IDS),
  };
  return next;
}

const min = (a: Date, b: Date) => (a <= b ? a : b);
const max = (a: Date, b: Date) => (a >= b ? a : b);
const pack = (r: RunningMean): RunningMean => ({ n: r.n, mean: Math.round(r.mean * 1e6) / 1e6 });
