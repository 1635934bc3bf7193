/** What a plan optimises: people reached, expected engagements, or people reached by a positive voice. */
export const GOALS = ['reach', 'engagement', 'positive_reach'] as const;
export type Goal = (typeof GOALS)[number];

/** One person who could be paid to post, as the planner sees them (built from stored profiles). */
export interface Candidate {
  xUserId: string;
  username: string | null;
  followers: number;
  /** Learned influence score (influence job, scope "all"). */
  score: number;
  /** ISO country from the offline geocoder, or null when the location did not resolve. */
  country: string | null;
  coordinates: { lat: number; lon: number } | null;
  /** Mean sentiment polarity of their tweets, -1..1 (null when unknown). */
  polarity: number | null;
  /** Engagements (retweets + likes + quotes) of each of their original tweets we stored. */
  postEngagements: number[];
  /** Of their stored tweets, how many were positive. */
  positiveTweets: number;
  tweets: number;
  /** People seen retweeting them (the observed sample of their audience). */
  retweeters: string[];
  /** On the suppression list (opted out or suppressed by an admin): never chosen. */
  suppressed: boolean;
  /** Has an open conversation with the brand. */
  inConversation: boolean;
}

/** A spend or reach share a region must stay within (0..1). */
export interface RegionShare { region: string; min: number; max: number; of: 'spend' | 'reach' }

/** A price tier: everyone with fewer than `maxFollowers` (null = no limit) costs `price`. */
export interface Tier { maxFollowers: number | null; price: number }

export type CostModel =
  | { kind: 'tiers'; tiers: Tier[] }
  | { kind: 'prices'; prices: { xUserId?: string; username?: string; price: number }[] };

export interface PlanRequest {
  budget: number;
  goal: Goal;
  cost: CostModel;
  regionShares: RegionShare[];
  /** Largest share of the budget one influencer may take (0..1]. */
  maxShare: number;
  /** Lowest mean polarity a chosen influencer may have (-1..1), or null. */
  minSentiment: number | null;
  excludeInConversation: boolean;
  /** Candidates handed to the solver (the best by standalone efficiency, plus per constrained region). */
  poolSize: number;
}

export interface ChosenInfluencer {
  xUserId: string;
  username: string | null;
  followers: number;
  score: number;
  region: string;
  country: string | null;
  cost: number;
  /** What this person adds to the plan's outcome (the outcome without them subtracted from the outcome). */
  contribution: number;
  /** Their outcome alone, ignoring overlap with the others. */
  standalone: number;
}

export interface CurvePoint { share: number; budget: number; spent: number; outcome: number; reach: number; chosen: number; marginal: number }

export interface RegionCoverage { region: string; spend: number; reach: number; spendShare: number; reachShare: number; influencers: number }

export interface PlanResult {
  goal: Goal;
  budget: number;
  spent: number;
  chosen: ChosenInfluencer[];
  /** The goal's expected value, with a 90 % bootstrap interval. */
  outcome: { expected: number; low: number; high: number; reach: number; sumOfStandalone: number };
  curve: CurvePoint[];
  coverage: { regions: RegionCoverage[]; points: { xUserId: string; lat: number; lon: number; reach: number }[] };
  pool: { candidates: number; eligible: number; considered: number; segments: number };
  solver: { status: string; ms: number; solves: number };
}
