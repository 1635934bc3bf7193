// Outputs of the scheduled analytics jobs, and the checkpoints that let a batch resume where it
// stopped. Every write is an upsert keyed by what it describes, so re-running a job is idempotent.
import { MongoBulkWriteError, type Db } from 'mongodb';
import type { CloudTerm, ClusterSummary, ElbowPoint, InfluenceBreakdown, MoodStatus, Recommendations } from '../domain/analytics';
import { COLLECTIONS, createIndex, secondaryIndexesUseful, type IndexFn } from './index';

export const ANALYTICS_COLLECTIONS = {
  influence: COLLECTIONS.influence,
  clusters: COLLECTIONS.clusters,
  /** A clustering run's members, in sets of about MEMBERS_PER_SET people (see ClusterMemberSetDoc). */
  clusterMemberSets: 'cluster_member_sets',
  /** Earlier layout (one document per person, upserted in place): read until a run replaces it, then dropped. */
  legacyClusterMembers: 'cluster_members',
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
  /** The run that wrote it (a scope no later run wrote is dropped). */
  runKey?: string;
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
  /** How many member sets the run wrote (absent: the run stored one legacy document per person). */
  memberSets?: number;
}

/** The earlier layout: one document per person. */
export interface ClusterMemberDoc { _id: string; cluster: number; runKey: string; computedAt: Date }

/**
 * One set of a clustering run's members: the people whose id hashes to set n (`${runKey}|${n}`),
 * in id order, with their clusters. A run writes its sets under its own key before it becomes
 * 'latest', so a reader finds a whole run or the previous one, never half of each.
 */
export interface ClusterMemberSetDoc { _id: string; runKey: string; n: number; ids: string[]; clusters: number[]; computedAt: Date }

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
  /** The same as JSON text (cheaper for FerretDB to write, read and delete than subdocuments). */
  packed?: string;
  /** Partials the plan spilled for this chunk (a shuffle of another collection by this chunk's ids). */
  parts?: number;
  createdAt: Date;
}

/** What a job's chunk stores for its finalize step: keyed by _id, tagged with the run. */
export interface PartialDoc { _id: string; runKey: string }

/** The partials collection, typed as one job's partials. */
export const partialsOf = <P extends PartialDoc>(db: Db) => db.collection<P>(ANALYTICS_COLLECTIONS.partials);

export const analytics = (db: Db) => ({
  influence: db.collection<InfluenceDoc>(ANALYTICS_COLLECTIONS.influence),
  clusters: db.collection<ClusteringDoc>(ANALYTICS_COLLECTIONS.clusters),
  clusterMemberSets: db.collection<ClusterMemberSetDoc>(ANALYTICS_COLLECTIONS.clusterMemberSets),
  legacyClusterMembers: db.collection<ClusterMemberDoc>(ANALYTICS_COLLECTIONS.legacyClusterMembers),
  trends: db.collection<TrendDoc>(ANALYTICS_COLLECTIONS.trends),
  wordClouds: db.collection<WordCloudDoc>(ANALYTICS_COLLECTIONS.wordClouds),
  alerts: db.collection<AlertDoc>(ANALYTICS_COLLECTIONS.alerts),
  moods: db.collection<MoodDoc>(ANALYTICS_COLLECTIONS.moods),
  runs: db.collection<RunDoc>(ANALYTICS_COLLECTIONS.runs),
  chunks: db.collection<ChunkDoc>(ANALYTICS_COLLECTIONS.chunks),
  partials: db.collection<{ _id: string; runKey: string; rows: unknown[] }>(ANALYTICS_COLLECTIONS.partials),
});

/** The influence collection's secondary indexes (also built on a run's staged collection before it is published). */
const INFLUENCE_INDEXES = [{ scope: 1, campaignId: 1, keyword: 1, sentiment: 1, score: -1 }, { userId: 1 }] as const;
/** On the embedded FerretDB instead: `{scope: 'all'}` pushed down to this index (scripts/ferretdb/README.md). */
const INFLUENCE_SCOPE_LOOKUP = { scope: 1 } as const;

export async function ensureAnalyticsIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  const a = analytics(db);
  for (const spec of INFLUENCE_INDEXES) await ix(a.influence, spec);
  await ix(a.trends, { kind: 1, key: 1, hour: 1 });
  await ix(a.trends, { hour: -1 });
  await ix(a.alerts, { createdAt: -1 });
  await ix(a.alerts, { 'delivery.status': 1 });
  await ix(a.partials, { runKey: 1 });
  await ix(a.chunks, { runKey: 1 });
}

/** People per member set: a set is ~25 KB, read whole by a lookup. */
export const MEMBERS_PER_SET = 1000;

export const memberSetCount = (people: number) => Math.max(1, Math.ceil(people / MEMBERS_PER_SET));
export const memberSetId = (runKey: string, n: number) => `${runKey}|${n}`;

/** A well-mixed 32-bit hash of an id (FNV-1a, then murmur3's finalizer): stable on every store and process. */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) { h ^= id.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

export const memberSetOf = (userId: string, sets: number) => idHash(userId) % sets;

/** Sets per write command (~25 KB each). */
const SETS_PER_WRITE = 40;

/**
 * Stores a run's members (`clusters[i]` is `ids[i]`'s) as member sets under the run's key.
 * Idempotent: the same members give the same documents, whatever order they came in.
 */
export async function writeClusterMembers(db: Db, runKey: string, ids: readonly string[], clusters: readonly number[], computedAt: Date): Promise<number> {
  const sets = memberSetCount(ids.length);
  const byId = Array.from({ length: sets }, () => [] as number[]);
  for (let i = 0; i < ids.length; i++) byId[memberSetOf(ids[i]!, sets)]!.push(i);
  const col = analytics(db).clusterMemberSets;
  for (let first = 0; first < sets; first += SETS_PER_WRITE) {
    const ops = [];
    for (let n = first; n < Math.min(sets, first + SETS_PER_WRITE); n++) {
      const members = byId[n]!.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
      const replacement = { runKey, n, ids: members.map((i) => ids[i]!), clusters: members.map((i) => clusters[i]!), computedAt };
      ops.push({ replaceOne: { filter: { _id: memberSetId(runKey, n) }, replacement, upsert: true } });
    }
    await col.bulkWrite(ops, { ordered: false });
  }
  return sets;
}

/**
 * After `runKey` became 'latest': removes every other run's member sets (the previous run's, and
 * those of a run that failed before it became latest) and the legacy per-person collection.
 */
export async function removeOtherClusterMembers(db: Db, runKey: string): Promise<void> {
  await analytics(db).clusterMemberSets.deleteMany({ runKey: { $ne: runKey } });
  const legacy = ANALYTICS_COLLECTIONS.legacyClusterMembers;
  if ((await db.listCollections({ name: legacy }, { nameOnly: true }).toArray()).length) {
    await db.dropCollection(legacy).catch((err: { codeName?: string }) => { if (err.codeName !== 'NamespaceNotFound') throw err; });
  }
}

/** A person's cluster in the latest complete run, with that run's summary document. */
export async function findClusterOf(db: Db, userId: string): Promise<{ cluster: number; computedAt: Date; latest: ClusteringDoc } | null> {
  const a = analytics(db);
  // Twice at most: a run that became latest between our two reads may have removed the set we looked for.
  for (let tries = 0; tries < 2; tries++) {
    const latest = await a.clusters.findOne({ _id: 'latest' });
    if (!latest) return null;
    if (latest.memberSets === undefined) {
      const m = await a.legacyClusterMembers.findOne({ _id: userId });
      return m ? { cluster: m.cluster, computedAt: m.computedAt, latest } : null;
    }
    const set = await a.clusterMemberSets.findOne({ _id: memberSetId(latest.runKey, memberSetOf(userId, latest.memberSets)) });
    if (!set) continue;
    const i = set.ids.indexOf(userId);
    return i < 0 ? null : { cluster: set.clusters[i]!, computedAt: latest.computedAt, latest };
  }
  return null;
}

/** Every member of the latest complete run (tests, exports): id -> cluster. */
export async function latestClusterMembers(db: Db): Promise<Map<string, number>> {
  const a = analytics(db);
  const latest = await a.clusters.findOne({ _id: 'latest' });
  const out = new Map<string, number>();
  if (!latest) return out;
  if (latest.memberSets === undefined) {
    for await (const m of a.legacyClusterMembers.find({})) out.set(m._id, m.cluster);
    return out;
  }
  for (let n = 0; n < latest.memberSets; n++) {
    const set = await a.clusterMemberSets.findOne({ _id: memberSetId(latest.runKey, n) });
    if (!set) throw new Error(`member set ${n} of run ${latest.runKey} is missing`);
    set.ids.forEach((id, i) => out.set(id, set.clusters[i]!));
  }
  return out;
}

// A run of the influence job writes its documents into a staging collection of its own (inserts:
// on FerretDB an upsert into the live collection cost ~3x an insert), which then replaces the
// influence collection whole. Readers see one complete run, never a mix of two.
const INFLUENCE_STAGING_PREFIX = 'influence_staging_';

/** The staging collection of a run (readable, unique per run key). */
export function influenceStagingName(runKey: string): string {
  return `${INFLUENCE_STAGING_PREFIX}${runKey.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 160)}_${idHash(runKey).toString(36)}`;
}

export const influenceStaging = (db: Db, runKey: string) => db.collection<InfluenceDoc>(influenceStagingName(runKey));

/** Documents per insert command. */
const STAGED_PER_INSERT = 1000;

/**
 * Inserts documents into a run's staging collection. A document already there (a chunk retried
 * after a crash wrote it before) is kept: both attempts computed it from the same inputs.
 */
export async function insertStaged(db: Db, runKey: string, docs: readonly InfluenceDoc[]): Promise<void> {
  const col = influenceStaging(db, runKey);
  for (let i = 0; i < docs.length; i += STAGED_PER_INSERT) {
    try {
      await col.insertMany(docs.slice(i, i + STAGED_PER_INSERT), { ordered: false });
    } catch (err) {
      const dupOnly = err instanceof MongoBulkWriteError && Array.isArray(err.writeErrors) && err.writeErrors.length > 0 && err.writeErrors.every((e) => e.code === 11000);
      if (!dupOnly) throw err;
    }
  }
}

const collectionExists = async (db: Db, name: string) => (await db.listCollections({ name }, { nameOnly: true }).toArray()).length > 0;

/** Whether a run has staged documents not yet published. */
export const influenceStagingExists = (db: Db, runKey: string) => collectionExists(db, influenceStagingName(runKey));

/**
 * Makes a run's staging collection the influence collection, with the influence indexes. Returns
 * false when there is nothing to publish (already published by an earlier attempt). MongoDB swaps
 * atomically; FerretDB 1.x cannot rename onto an existing collection, so there the old one is
 * dropped first and a reader finds no influence for the few milliseconds in between (a crash in
 * between is repaired by the retry, which finds the staging collection still there).
 */
export async function publishInfluence(db: Db, runKey: string): Promise<boolean> {
  const name = influenceStagingName(runKey);
  if (!(await collectionExists(db, name))) return false;
  const staged = influenceStaging(db, runKey);
  if (await secondaryIndexesUseful(db)) for (const spec of INFLUENCE_INDEXES) await staged.createIndex(spec);
  // The embedded FerretDB reads the whole collection for any other filter: a `lookup` index lets
  // the history step read the 'all' documents alone (a quarter of them), built once the run's
  // inserts are done. MongoDB answers `{scope}` from the first index above.
  else await staged.createIndex(INFLUENCE_SCOPE_LOOKUP);
  try {
    await staged.rename(ANALYTICS_COLLECTIONS.influence, { dropTarget: true });
  } catch (err) {
    if ((err as { codeName?: string }).codeName !== 'NotImplemented') throw err;
    await analytics(db).influence.drop();
    await staged.rename(ANALYTICS_COLLECTIONS.influence);
  }
  return true;
}

/** Drops the staging collections of other runs (runs that failed before publishing). */
export async function dropOtherInfluenceStaging(db: Db, runKey: string): Promise<string[]> {
  const mine = influenceStagingName(runKey);
  const others = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith(INFLUENCE_STAGING_PREFIX) && n !== mine);
  for (const n of others) await db.collection(n).drop();
  return others;
}
