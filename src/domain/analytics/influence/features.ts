/**
 * Influence features as computed from X data for one user, and the derived model inputs.
 *
 * The names match the PeerIndex training data (and the CLI CSV header) so that a user's features
 * can be passed through unchanged. Rates (mentions/retweets) are per-period rates as in PeerIndex;
 * when Chirpflow computes them for a keyword, "received" counts only posts on that keyword.
 */
export const REQUIRED_FEATURES = [
  'follower_count',
  'following_count',
  'listed_count',
  'mentions_received',
  'retweets_received',
  'mentions_sent',
  'retweets_sent',
  'posts',
] as const;

export const NETWORK_FEATURES = ['network_feature_1', 'network_feature_2', 'network_feature_3'] as const;

/** Inputs that are not in the training data; they enter the score with hand-set weights. */
export const CONTEXT_FEATURES = ['relevance', 'cascade_depth'] as const;

export type RequiredFeature = (typeof REQUIRED_FEATURES)[number];
export type NetworkFeature = (typeof NETWORK_FEATURES)[number];

export type InfluenceFeatures = Record<RequiredFeature, number> &
  Partial<Record<NetworkFeature, number>> & {
    /** Share (0..1) of the user's recent tweets that match the keyword. */
    relevance?: number;
    /** Deepest retweet-of-retweet layer reached by the user's tweets (see cascadeDepths). */
    cascade_depth?: number;
  };

/** Feature groups of the learned model; every tree uses features of one group only. */
export type LearnedGroup = 'reach' | 'resonance' | 'network';

const l = Math.log1p;

/**
 * Model inputs per group. Log transforms because every count is heavy-tailed (followers span 0 to
 * tens of millions); differences of logs are log-ratios (follower/following, listed/follower,
 * retweets received/sent...), which separate broadcasters from follow-back accounts.
 */
export function groupInputs(f: InfluenceFeatures, group: LearnedGroup): number[] {
  if (group === 'reach') {
    const fo = l(f.follower_count);
    const fi = l(f.following_count);
    const li = l(f.listed_count);
    const po = l(f.posts);
    return [fo, fi, li, po, fo - fi, li - fo];
  }
  if (group === 'resonance') {
    const mr = l(f.mentions_received);
    const rr = l(f.retweets_received);
    const ms = l(f.mentions_sent);
    const rs = l(f.retweets_sent);
    return [mr, rr, ms, rs, mr - ms, rr - rs, rr - mr];
  }
  return [l(f.network_feature_1 ?? 0), l(f.network_feature_2 ?? 0), l(f.network_feature_3 ?? 0)];
}

export const GROUP_INPUT_NAMES: Record<LearnedGroup, string[]> = {
  reach: ['log_followers', 'log_following', 'log_listed', 'log_posts', 'log_followers_per_following', 'log_listed_per_follower'],
  resonance: [
    'log_mentions_received',
    'log_retweets_received',
    'log_mentions_sent',
    'log_retweets_sent',
    'log_mentions_received_per_sent',
    'log_retweets_received_per_sent',
    'log_retweets_per_mention_received',
  ],
  network: ['log_network_feature_1', 'log_network_feature_2', 'log_network_feature_3'],
};

export function hasNetworkFeatures(f: InfluenceFeatures): boolean {
  return NETWORK_FEATURES.every((k) => typeof f[k] === 'number');
}
