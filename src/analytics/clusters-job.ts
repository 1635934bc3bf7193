// Customer segments in two passes: fit (elbow, k, silhouette) on a uniform sample of profiles, then
// assign every profile in chunks (resumable) and merge the per-chunk summaries exactly. A chunk
// stores its members with its summary (one document); the finalize writes the run's members as
// member sets under the run's key, makes the run 'latest', then removes the other runs' sets. The
// earlier per-person upserts (one write per profile into an ever larger collection) took 988 s for
// a million profiles on FerretDB, and readers saw a mix of two runs while a run was under way.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from 'mongodb';
import { clusterCustomers, clusterPartial, mergeClusterPartials, summarizeClusters, type ClusterModel, type ClusterPartial, type CustomerProfile } from '../domain/analytics';
import type { ProfileDoc } from '../domain/campaign';
import { profiles } from '../store/profiles';
import { analytics, partialsOf, removeOtherClusterMembers, writeClusterMembers } from '../store/analytics';
import type { JobDefinition, PlanRequest } from './job';
import { carriedChunkWriter, keepAlive, planChunks, type ChunkPlan } from './chunks';

export const CLUSTER_PROFILE_PROJECTION = { _id: 1, followers: 1, following: 1, listed: 1, tweetCount: 1, polarity: 1, subjectivity: 1 };
type P = Pick<ProfileDoc, '_id' | 'followers' | 'following' | 'listed' | 'tweetCount' | 'polarity' | 'subjectivity'>;

const carryFeatures = (p: P) => ({
  _id: p._id, followers: p.followers, following: p.following, listed: p.listed, tweetCount: p.tweetCount, polarity: p.polarity, subjectivity: p.subjectivity,
});

export function toCustomer(p: P): CustomerProfile {
  const nn = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);
  const mean = (m: unknown) => (m && typeof m === 'object' && typeof (m as { mean: unknown }).mean === 'number' ? (m as { mean: number }).mean : typeof m === 'number' ? m : 0);
  return { id: p._id, followers: nn(p.followers), following: nn(p.following), listed: nn(p.listed), tweets: nn(p.tweetCount), polarity: mean(p.polarity), subjectivity: mean(p.subjectivity) };
}

// Models and partials hold nested arrays, which FerretDB 1.x cannot store: they are kept as JSON text.
export interface FitDoc {
  _id: string; runKey: string; model: string; kneeK: number; silhouetteBestK: number; silhouette: number; inertiaCurve: unknown[]; sampled: number; total: number;
  /** Feature blocks stored for the plan (absent: a fit by an earlier release). */
  blocks?: number;
}
/** A chunk's summary and its members (`members`: JSON of { ids, clusters }, absent before members moved here). */
export interface AssignPartial { _id: string; runKey: string; partial: string; members?: string }

const byId = (x: CustomerProfile, y: CustomerProfile) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** Profiles per stored block of the fit's features (~0.7 MB of JSON). */
const FEATURE_BLOCK = 10_000;
const blockId = (runKey: string, i: number) => `features|${runKey}|${i}`;
type FeatureRow = [id: string, followers: number, following: number, listed: number, tweets: number, polarity: number, subjectivity: number];
export interface FeatureBlock { _id: string; runKey: string; rows: string }

/**
 * Reads every profile once (in the store's natural order: FerretDB sorting a million by _id took
 * minutes), sorts them here (~150 MB for a million), fits on a seeded reservoir sample of at most
 * `sampleSize` drawn in _id order (so a retry picks the same sample for the same data), and stores
 * the features in blocks for the plan, which cuts its chunks from them instead of reading every
 * profile a second time. Returns null when there are too few people to cluster.
 */
export async function fitClusters(db: Db, runKey: string, sampleSize: number, onProgress: (seen: number) => void = () => undefined): Promise<{ k: number; total: number } | null> {
  const read: CustomerProfile[] = [];
  for await (const p of profiles(db).find({}, { projection: CLUSTER_PROFILE_PROJECTION, batchSize: 10_000 })) {
    read.push(toCustomer(p as P));
    if (read.length % 5000 === 0) onProgress(read.length);
  }
  read.sort(byId);
  const all = read.filter((c, i) => i === 0 || read[i - 1]!.id !== c.id); // a document the cursor returned twice
  const sample: CustomerProfile[] = [];
  let state = 0x9e3779b9;
  const rand = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 4294967296; };
  for (const [i, c] of all.entries()) {
    if (sample.length < sampleSize) sample.push(c);
    else { const j = Math.floor(rand() * (i + 1)); if (j < sampleSize) sample[j] = c; }
  }
  if (sample.length < 3) return null;
  const kMax = Math.min(12, sample.length - 1);
  const r = clusterCustomers(sample, { seed: 7, kMax, kMin: Math.min(2, kMax) });
  const blocks = await writeFeatureBlocks(db, runKey, all);
  const doc: FitDoc = { _id: `fit|${runKey}`, runKey, model: JSON.stringify(r.model), kneeK: r.kneeK, silhouetteBestK: r.silhouetteBestK, silhouette: r.silhouette, inertiaCurve: r.inertiaCurve, sampled: sample.length, total: all.length, blocks };
  const { _id, ...rest } = doc;
  // Written last: a fit document means its blocks are complete.
  await partialsOf<FitDoc>(db).replaceOne({ _id }, rest, { upsert: true });
  return { k: r.k, total: all.length };
}

async function writeFeatureBlocks(db: Db, runKey: string, all: CustomerProfile[]): Promise<number> {
  const blocks = Math.ceil(all.length / FEATURE_BLOCK);
  for (let i = 0; i < blocks; i++) {
    const rows: FeatureRow[] = all.slice(i * FEATURE_BLOCK, (i + 1) * FEATURE_BLOCK).map((c) => [c.id, c.followers, c.following, c.listed, c.tweets, c.polarity, c.subjectivity]);
    await partialsOf<FeatureBlock>(db).replaceOne({ _id: blockId(runKey, i) }, { runKey, rows: JSON.stringify(rows) }, { upsert: true });
  }
  return blocks;
}

/**
 * The plan from the fit's feature blocks (profiles in _id order), or null when a block is missing
 * (a fit by an earlier release, or a plan retried after it removed them). Removes the blocks once
 * the chunks are written, to keep the partials small.
 */
async function planFromFit(db: Db, req: PlanRequest): Promise<ChunkPlan | null> {
  const fit = await partialsOf<FitDoc>(db).findOne({ _id: `fit|${req.baseKey}` });
  if (fit?.blocks === undefined) return null;
  const col = partialsOf<FeatureBlock>(db);
  const ids = Array.from({ length: fit.blocks }, (_, i) => blockId(req.baseKey, i));
  if ((await col.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).length !== fit.blocks) return null;
  const progress = { planning: 'fit blocks', blocks: 0 };
  return keepAlive(() => progress, async () => {
    const out = carriedChunkWriter(db, req.baseKey, req.planKey, req.chunkSize, { packed: true });
    for (const _id of ids) {
      const block = await col.findOne({ _id });
      if (!block) throw new Error(`feature block ${_id} vanished while planning`);
      for (const [id, followers, following, listed, tweetCount, polarity, subjectivity] of JSON.parse(block.rows) as FeatureRow[]) {
        await out.add({ _id: id, followers, following, listed, tweetCount, polarity, subjectivity });
      }
      progress.blocks++;
    }
    const plan = await out.end();
    await col.deleteMany({ _id: { $in: ids } });
    return plan;
  });
}

export async function loadFit(db: Db, runKey: string): Promise<Omit<FitDoc, 'model'> & { model: ClusterModel }> {
  const fit = await partialsOf<FitDoc>(db).findOne({ _id: `fit|${runKey}` });
  if (!fit) throw new Error(`no cluster fit stored for run ${runKey}`);
  return { ...fit, model: JSON.parse(fit.model) as ClusterModel };
}

export async function assignClustersChunk(db: Db, runKey: string, chunk: number, model: ClusterModel, docs: P[]): Promise<number> {
  if (!docs.length) return 0;
  const people = docs.map(toCustomer);
  const { assignments, partial } = clusterPartial(people, model);
  const members = JSON.stringify({ ids: people.map((p) => p.id), clusters: assignments });
  await partialsOf<AssignPartial>(db).replaceOne({ _id: `assign|${runKey}|${chunk}` }, { runKey, partial: JSON.stringify(partial), members }, { upsert: true });
  return docs.length;
}

/**
 * Merges the chunks' summaries, writes the run's member sets, then makes the run 'latest' and
 * removes every other run's members. A retry (after any of these steps) writes the same sets
 * and ends in the same state.
 */
export async function finalizeClusters(db: Db, runKey: string): Promise<{ k: number; profiles: number }> {
  const a = analytics(db);
  const fit = await loadFit(db, runKey);
  let merged: ClusterPartial | null = null;
  const ids: string[] = [];
  const assigned: number[] = [];
  for await (const p of partialsOf<AssignPartial>(db).find({ runKey, _id: { $regex: /^assign\|/ } })) {
    if (p.members === undefined) throw ApplicationFailure.nonRetryable(`cluster run ${runKey} was assigned by an earlier release (no members in ${p._id}); the next run replaces it`, 'StaleClusterRun');
    const part = JSON.parse(p.partial) as ClusterPartial;
    merged = merged ? mergeClusterPartials(merged, part) : part;
    const m = JSON.parse(p.members) as { ids: string[]; clusters: number[] };
    for (let i = 0; i < m.ids.length; i++) { ids.push(m.ids[i]!); assigned.push(m.clusters[i]!); }
  }
  if (!merged) throw new Error(`no cluster assignments stored for run ${runKey}`);
  const clusters = summarizeClusters(merged, fit.model);
  const total = merged.size.reduce((s, n) => s + n, 0);
  const computedAt = new Date();
  const memberSets = await writeClusterMembers(db, runKey, ids, assigned, computedAt);
  await a.clusters.replaceOne({ _id: 'latest' }, {
    k: fit.model.k, kneeK: fit.kneeK, silhouetteBestK: fit.silhouetteBestK, silhouette: fit.silhouette,
    inertiaCurve: fit.inertiaCurve as never, clusters, profiles: total, runKey, computedAt, memberSets,
  }, { upsert: true });
  await removeOtherClusterMembers(db, runKey);
  return { k: fit.model.k, profiles: total };
}

/** Assigns every profile to the run's fitted model (fitted first by analyticsClustersFit). */
export const clustersJob: JobDefinition<ProfileDoc, AssignPartial> = {
  name: 'clusters',
  walk: ({ db }) => ({ collection: profiles(db), projection: CLUSTER_PROFILE_PROJECTION }),
  partials: (db) => partialsOf<AssignPartial>(db),
  // The chunks carry each profile's six features, so no chunk reads the profiles again; they come
  // from the fit's one read of the profiles (or, without it, from a pass of the plan's own).
  plan: async ({ db }, req, walk) => (await planFromFit(db, req)) ?? planChunks({
    db, runKey: req.baseKey, planKey: req.planKey, collection: walk.collection, chunkSize: req.chunkSize,
    projection: CLUSTER_PROFILE_PROJECTION, carry: carryFeatures,
  }),
  async chunk({ db }, { baseKey }) {
    const fit = await loadFit(db, baseKey);
    return (docs, at) => assignClustersChunk(db, at.baseKey, at.chunk, fit.model, docs);
  },
  finalize: async ({ db }, { baseKey }) => ({ clusters: await finalizeClusters(db, baseKey) }),
};
