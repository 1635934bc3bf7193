// Outputs of the scheduled analytics jobs, and the checkpoints that let a batch resume where it
// stopped. Every write is an upsert keyed by what it describes, so re-running a job is idempotent.
import type { Db } from 'mongodb';
import type { CloudTerm, ClusterSummary, ElbowPoint, InfluenceBreakdown, MoodStatus, Recommendations } from '../domain/analytics';
import { COLLECTIONS, createIndex, type IndexFn } from './index';

export const ANALYTICS_COLLECTIONS = {
  influence: COLLECTIONS.influence,
  clusters: COLLECTIONS.clusters,
  clusterMembers: 'cluster_members',
  trends: COLLECTIONS.trends,
  wordClouds: 'word_clouds',
  alerts: COLLECTIONS.alerts,
  moods: COLLECTIONS.moods,
  runs: 'analytics_runs',
  chunks: 'analytics_chunks',
  partials: 'analytics_partials',
} as const;

export type Sentiment = 'positive' | 'neutral' | 'negative';

export interface TweetRef { id: string; text: string; createdAt: Date | null; retweets: number; likes: number }

/** One person's influence in one scope: everyone ('all'), a campaign, or a campaign keyword. */
export interface InfluenceDoc {
  _id: string;
  scope: 'all' | 'campaign' | 'keyword';
  campaignId: string | null;
  keyword: string | null;
  userId: string;
  username: string | null;
  name: string | null;
  followers: number;
  score: number;
  breakdown: InfluenceBreakdown;
  /** Majority sentiment of the person's tweets in this scope. */
  sentiment: Sentiment;
  /** Tweets of the person in this scope, and the retweets they received. */
  tweets: number;
  retweets: number;
  topTweet: TweetRef | null;
  location: string | null;
  coordinates: { lat: number; lon: number; name: string; country: string } | null;
  computedAt: Date;
}

export interface ClusteringDoc {
  _id: 'latest';
  k: number;
  kneeK: number;
  silhouetteBestK: number;
  silhouette: number;
  inertiaCurve: ElbowPoint[];
  clusters: ClusterSummary[];
  profiles: number;
  runKey: string;
  computedAt: Date;
}

export interface ClusterMemberDoc { _id: string; cluster: number; runKey: string; computedAt: Date }

export interface TrendDoc {
  _id: string;
  kind: 'hashtag' | 'keyword';
  key: string;
  hour: Date;
  count: number;
  sentimentSum: number;
  sentimentSumSq: number;
  sentimentCount: number;
  avgSentiment: number | null;
  computedAt: Date;
}

export interface WordCloudDoc { _id: Sentiment; sentiment: Sentiment; terms: CloudTerm[]; from: Date; to: Date; tweets: number; computedAt: Date }

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface AlertDoc {
  /** kind|key|hour|type: the same crisis is stored and delivered once. */
  _id: string;
  kind: 'hashtag' | 'keyword';
  key: string;
  hour: Date;
  type: 'volume_spike' | 'sentiment_drop';
  observed: number;
  baseline: number;
  zScore: number;
  reasons: string[];
  createdAt: Date;
  delivery: { status: DeliveryStatus; attempts: number; lastError?: string; deliveredAt?: Date; updatedAt: Date };
}

export interface MoodDoc {
  _id: string;
  status: MoodStatus | null;
  valence: number;
  arousal: number;
  emotions: Record<'anger' | 'joy' | 'optimism' | 'sadness', number>;
  tweetsConsidered: number;
  happiest: TweetRef | null;
  saddest: TweetRef | null;
  recommendations: Recommendations | null;
  computedAt: Date;
}

/** Progress of one slice of one batch run: the resume point and every finished chunk, in order. */
export interface RunDoc {
  _id: string;
  job: string;
  /** The next chunk number to process (chunks before it in this slice are finished). */
  next: number;
  /** Number of each finished chunk; a chunk listed twice would mean it was redone. */
  chunks: number[];
  processed: number;
  resumes: { attempt: number; from: number | null; source: 'heartbeat' | 'checkpoint' | 'start' }[];
  done: boolean;
  updatedAt: Date;
}

/**
 * One chunk of a planned run: the _ids it covers, in _id order. Written once by the plan step and
 * never changed, so a slice can re-read it after a crash and get exactly the same work.
 */
export interface ChunkDoc {
  /** `${planKey}#${n}` */
  _id: string;
  /** The run (workflow id and run id); every plan attempt of the run shares it. */
  runKey: string;
  planKey: string;
  n: number;
  ids: string[];
  /** What the walk needs of each document, when the plan carried it (fields that never change). */
  docs?: ({ _id: string } & Record<string, unknown>)[];
  createdAt: Date;
}

export const analytics = (db: Db) => ({
  influence: db.collection<InfluenceDoc>(ANALYTICS_COLLECTIONS.influence),
  clusters: db.collection<ClusteringDoc>(ANALYTICS_COLLECTIONS.clusters),
  clusterMembers: db.collection<ClusterMemberDoc>(ANALYTICS_COLLECTIONS.clusterMembers),
  trends: db.collection<TrendDoc>(ANALYTICS_COLLECTIONS.trends),
  wordClouds: db.collection<WordCloudDoc>(ANALYTICS_COLLECTIONS.wordClouds),
  alerts: db.collection<AlertDoc>(ANALYTICS_COLLECTIONS.alerts),
  moods: db.collection<MoodDoc>(ANALYTICS_COLLECTIONS.moods),
  runs: db.collection<RunDoc>(ANALYTICS_COLLECTIONS.runs),
  chunks: db.collection<ChunkDoc>(ANALYTICS_COLLECTIONS.chunks),
  partials: db.collection<{ _id: string; runKey: string; rows: unknown[] }>(ANALYTICS_COLLECTIONS.partials),
});

/** A job's partial results, typed by the job that writes them (each job has its own shape). */
export const partialsOf = <T extends { _id: string }>(db: Db) => db.collection<T>(ANALYTICS_COLLECTIONS.partials);

export async function ensureAnalyticsIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  const a = analytics(db);
  await ix(a.influence, { scope: 1, campaignId: 1, keyword: 1, sentiment: 1, score: -1 });
  await ix(a.influence, { userId: 1 });
  await ix(a.trends, { kind: 1, key: 1, hour: 1 });
  await ix(a.trends, { hour: -1 });
  await ix(a.alerts, { createdAt: -1 });
  await ix(a.alerts, { 'delivery.status': 1 });
  await ix(a.partials, { runKey: 1 });
  await ix(a.chunks, { runKey: 1 });
}
