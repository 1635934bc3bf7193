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
import type { JobDefinition } from './job';
import { planChunks } from './chunks';

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
export interface FitDoc { _id: string; runKey: string; model: string; kneeK: number; silhouetteBestK: number; silhouette: number; inertiaCurve: unknown[]; sampled: number; total: number }
/** A chunk's summary and its members (`members`: JSON of { ids, clusters }, absent before members moved here). */
export interface AssignPartial { _id: string; runKey: string; partial: string; members?: string }

const byId = (x: CustomerProfile, y: CustomerProfile) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/**
 * Fits on a reservoir sample (seeded, so a retry picks the same sample for the same data) of at
 * most `sampleSize` profiles, drawn in _id order. The profiles are read in the store's natural
 * order and sorted here: FerretDB sorting them took minutes for a million (~150 MB here).
 * Returns null when there are too few people to cluster.
 */
export async function fitClusters(db: Db, runKey: string, sampleSize: number, onProgress: (seen: number) => void = () => undefined): Promise<{ k: number; total: number } | null> {
  const all: CustomerProfile[] = [];
  for await (const p of profiles(db).find({}, { projection: CLUSTER_PROFILE_PROJECTION, batchSize: 10_000 })) {
    all.push(toCustomer(p as P));
    if (all.length % 5000 === 0) onProgress(all.length);
  }
  all.sort(byId);
  const sample: CustomerProfile[] = [];
  let seen = 0;
  let state = 0x9e3779b9;
  const rand = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 4294967296; };
  for (const [i, c] of all.entries()) {
    if (i > 0 && all[i - 1]!.id === c.id) continue; // a document the cursor returned twice
    seen++;
    if (sample.length < sampleSize) sample.push(c);
    else { const j = Math.floor(rand() * seen); if (j < sampleSize) sample[j] = c; }
  }
  if (sample.length < 3) return null;
  const kMax = Math.min(12, sample.length - 1);
  const r = clusterCustomers(sample, { seed: 7, kMax, kMin: Math.min(2, kMax) });
  const doc: FitDoc = { _id: `fit|${runKey}`, runKey, model: JSON.stringify(r.model), kneeK: r.kneeK, silhouetteBestK: r.silhouetteBestK, silhouette: r.silhouette, inertiaCurve: r.inertiaCurve, sampled: sample.length, total: seen };
  const { _id, ...rest } = doc;
  await partialsOf<FitDoc>(db).replaceOne({ _id }, rest, { upsert: true });
  return { k: r.k, total: seen };
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
  // The plan's one pass carries each profile's six features, so no chunk reads the profiles again.
  plan: ({ db }, req, walk) => planChunks({
    db, runKey: req.baseKey, planKey: req.planKey, collection: walk.collection, chunkSize: req.chunkSize,
    projection: CLUSTER_PROFILE_PROJECTION, carry: carryFeatures,
  }),
  async chunk({ db }, { baseKey }) {
    const fit = await loadFit(db, baseKey);
    return (docs, at) => assignClustersChunk(db, at.baseKey, at.chunk, fit.model, docs);
  },
  finalize: async ({ db }, { baseKey }) => ({ clusters: await finalizeClusters(db, baseKey) }),
};
