/**
 * Mood of a person from the emotions of their recent tweets, and recommendations that point them
 * at the opposite mood.
 *
 * Emotion probabilities (anger, joy, optimism, sadness; from the emotion model) are averaged with
 * weights  w = 0.5^(age / halfLife) × ownership, where ownership is 1 for the person's own tweets
 * and `retweetWeight` (0.5) for retweets: sharing someone's words says less about one's own mood.
 *
 *   valence = joy + optimism − sadness − anger                       (−1..1)
 *   arousal = (anger + joy) − (sadness + optimism) + activityBoost   (circumplex: anger and joy are
 *             activated emotions, sadness and optimism/contentment calm ones)
 *   activityBoost = 0.25 · tanh(ln(tweets per day / typicalPerDay)): posting much more than usual
 *             raises arousal, much less lowers it.
 *
 *   valence ≥ 0, arousal ≥ 0 → Cheerful     valence ≥ 0, arousal < 0 → Satisfied
 *   valence < 0, arousal ≥ 0 → Stressed     valence < 0, arousal < 0 → Depressed
 */

export type Emotion = 'anger' | 'joy' | 'optimism' | 'sadness';
export type EmotionProbs = Record<Emotion, number>;
export type MoodStatus = 'Depressed' | 'Stressed' | 'Cheerful' | 'Satisfied';

export interface MoodTweet {
  id: string;
  text?: string;
  /** ISO timestamp or epoch ms. */
  createdAt: string | number;
  emotions: EmotionProbs;
  isRetweet?: boolean;
  likes?: number;
  retweets?: number;
  replies?: number;
}

export interface MoodOptions {
  /** Evaluation time (epoch ms); passed in so the function stays pure. */
  now: number;
  halfLifeHours: number;
  /** Tweets older than this are ignored. */
  windowDays: number;
  retweetWeight: number;
  typicalTweetsPerDay: number;
}

export const DEFAULT_MOOD_OPTIONS: Omit<MoodOptions, 'now'> = {
  halfLifeHours: 72,
  windowDays: 14,
  retweetWeight: 0.5,
  typicalTweetsPerDay: 3,
};

export interface MoodResult {
  status: MoodStatus | null;
  valence: number;
  arousal: number;
  /** Recency/ownership-weighted mean emotions. */
  emotions: EmotionProbs;
  tweetsConsidered: number;
  tweetsPerDay: number;
  /** Mean likes + retweets + replies per own tweet in the window. */
  engagementPerTweet: number;
  ownShare: number;
  happiestTweetId: string | null;
  saddestTweetId: string | null;
}

const tweetValence = (e: EmotionProbs) => e.joy + e.optimism - e.sadness - e.anger;

export function moodStatus(valence: number, arousal: number): MoodStatus {
  if (valence >= 0) return arousal >= 0 ? 'Cheerful' : 'Satisfied';
  return arousal >= 0 ? 'Stressed' : 'Depressed';
}

export function oppositeMood(s: MoodStatus): MoodStatus {
  return ({ Depressed: 'Cheerful', Cheerful: 'Depressed', Stressed: 'Satisfied', Satisfied: 'Stressed' } as const)[s];
}

function time(t: string | number): number {
  const v = typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(v)) throw new RangeError(`invalid timestamp: ${String(t)}`);
  return v;
}

export function personMood(tweets: readonly MoodTweet[], options: Partial<MoodOptions> & { now: number }): MoodResult {
  const o = { ...DEFAULT_MOOD_OPTIONS, ...options };
  const windowMs = o.windowDays * 86_400_000;
  const recent = tweets.filter((t) => {
    const age = o.now - time(t.createdAt);
    return age >= 0 && age <= windowMs;
  });
  const emotions: EmotionProbs = { anger: 0, joy: 0, optimism: 0, sadness: 0 };
  let wSum = 0;
  let own = 0;
  let engagement = 0;
  let happiest: { id: string; v: number; own: boolean } | null = null;
  let saddest: { id: string; v: number; own: boolean } | null = null;
  for (const t of recent) {
    for (const k of ['anger', 'joy', 'optimism', 'sadness'] as const) {
      const p = t.emotions[k];
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`tweet ${t.id}: emotions.${k} must be a probability`);
    }
    const ageH = (o.now - time(t.createdAt)) / 3_600_000;
    const w = Math.pow(0.5, ageH / o.halfLifeHours) * (t.isRetweet ? o.retweetWeight : 1);
    wSum += w;
    for (const k of ['anger', 'joy', 'optimism', 'sadness'] as const) emotions[k] += w * t.emotions[k];
    if (!t.isRetweet) {
      own++;
      engagement += (t.likes ?? 0) + (t.retweets ?? 0) + (t.replies ?? 0);
    }
    // Happiest/saddest prefer the person's own words; retweets only when there are none.
    const v = tweetValence(t.emotions);
    const isOwn = !t.isRetweet;
    const better = (cur: typeof happiest, cmp: (a: number, b: number) => boolean) =>
      !cur || (isOwn && !cur.own) || (isOwn === cur.own && cmp(v, cur.v));
    if (better(happiest, (a, b) => a > b)) happiest = { id: t.id, v, own: isOwn };
    if (better(saddest, (a, b) => a < b)) saddest = { id: t.id, v, own: isOwn };
  }
  const days = o.windowDays;
  const tweetsPerDay = recent.length / days;
  if (wSum === 0) {
    return {
      status: null,
      valence: 0,
      arousal: 0,
      emotions,
      tweetsConsidered: 0,
      tweetsPerDay: 0,
      engagementPerTweet: 0,
      ownShare: 0,
      happiestTweetId: null,
      saddestTweetId: null,
    };
  }
  for (const k of ['anger', 'joy', 'optimism', 'sadness'] as const) emotions[k] /= wSum;
  const valence = tweetValence(emotions);
  const activityBoost = 0.25 * Math.tanh(Math.log(Math.max(tweetsPerDay, 1e-3) / o.typicalTweetsPerDay));
  const arousal = emotions.anger + emotions.joy - emotions.sadness - emotions.optimism + activityBoost;
  return {
    status: moodStatus(valence, arousal),
    valence,
    arousal,
    emotions,
    tweetsConsidered: recent.length,
    tweetsPerDay,
    engagementPerTweet: own ? engagement / own : 0,
    ownShare: own / recent.length,
    happiestTweetId: happiest && happiest.v > 0 ? happiest.id : null,
    saddestTweetId: saddest && saddest.v < 0 ? saddest.id : null,
  };
}

export interface PersonMoodEntry {
  id: string;
  followers: number;
  status: MoodStatus;
  valence: number;
  arousal: number;
  /** Optional influence score; ranks big accounts when present. */
  influence?: number;
}

export interface HashtagMood {
  tag: string;
  count: number;
  valence: number;
  arousal: number;
}

export interface Recommendations {
  targetStatus: MoodStatus;
  wantedStatus: MoodStatus;
  bigAccounts: { id: string; reason: string }[];
  hashtags: { tag: string; reason: string }[];
  people: { id: string; reason: string }[];
}

export interface RecommendOptions {
  limit: number;
  bigAccountMinFollowers: number;
  minHashtagCount: number;
}

/** Big accounts, hashtags and people whose mood is the opposite of the target's. */
export function recommendOppositeMood(
  target: { id: string; status: MoodStatus },
  pool: { people: readonly PersonMoodEntry[]; hashtags: readonly HashtagMood[] },
  options: Partial<RecommendOptions> = {},
): Recommendations {
  const o: RecommendOptions = { limit: 5, bigAccountMinFollowers: 10_000, minHashtagCount: 5, ...options };
  const wanted = oppositeMood(target.status);
  const candidates = pool.people.filter((p) => p.id !== target.id && p.status === wanted);
  // Strength of the wanted mood: distance from the neutral centre of the valence/arousal plane.
  const strength = (v: number, a: number) => Math.hypot(v, a);
  const big = candidates
    .filter((p) => p.followers >= o.bigAccountMinFollowers)
    .sort((a, b) => (b.influence ?? Math.log1p(b.followers)) - (a.influence ?? Math.log1p(a.followers)) || (a.id < b.id ? -1 : 1))
    .slice(0, o.limit);
  const bigIds = new Set(big.map((b) => b.id));
  const people = candidates
    .filter((p) => !bigIds.has(p.id))
    .sort((a, b) => strength(b.valence, b.arousal) - strength(a.valence, a.arousal) || (a.id < b.id ? -1 : 1))
    .slice(0, o.limit);
  const tags = pool.hashtags
    .filter((h) => h.count >= o.minHashtagCount && moodStatus(h.valence, h.arousal) === wanted)
    .sort((a, b) => strength(b.valence, b.arousal) * Math.log1p(b.count) - strength(a.valence, a.arousal) * Math.log1p(a.count))
    .slice(0, o.limit);
  return {
    targetStatus: target.status,
    wantedStatus: wanted,
    bigAccounts: big.map((p) => ({ id: p.id, reason: `${wanted} account with ${p.followers} followers` })),
    hashtags: tags.map((h) => ({ tag: h.tag, reason: `${h.count} tweets, mostly ${wanted.toLowerCase()} (valence ${h.valence.toFixed(2)})` })),
    people: people.map((p) => ({ id: p.id, reason: `${wanted} (valence ${p.valence.toFixed(2)}, arousal ${p.arousal.toFixed(2)})` })),
  };
}
