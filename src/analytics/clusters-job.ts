// Customer segments in two passes: fit (elbow, k, silhouette) on a uniform sample of profiles, then
// assign every profile in chunks (resumable) and merge the per-chunk summaries exactly.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { clusterCustomers, clusterPartial, mergeClusterPartials, summarizeClusters, type ClusterModel, type ClusterPartial, type CustomerProfile } from '../domain/analytics';
import type { ProfileDoc } from '../domain/campaign';
import { profiles } from '../store/profiles';
import { analytics, type ClusterMemberDoc, partialsOf } from '../store/analytics';
import { bulkWriteSliced } from '../store/bulk';

export const CLUSTER_PROFILE_PROJECTION = { _id: 1, followers: 1, following: 1, listed: 1, tweetCount: 1, polarity: 1, subjectivity: 1 };
type P = Pick<ProfileDoc, '_id' | 'followers' | 'following' | 'listed' | 'tweetCount' | 'polarity' | 'subjectivity'>;

export function toCustomer(p: P): CustomerProfile {
  const nn = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);
  const mean = (m: unknown) => (m && typeof m === 'object' && typeof (m as { mean: unknown }).mean === 'number' ? (m as { mean: number }).mean : typeof m === 'number' ? m : 0);
  return { id: p._id, followers: nn(p.followers), following: nn(p.following), listed: nn(p.listed), tweets: nn(p.tweetCount), polarity: mean(p.polarity), subjectivity: mean(p.subjectivity) };
}

// Models and partials hold nested arrays, which FerretDB 1.x cannot store: they are kept as JSON text.
interface FitDoc { _id: string; runKey: string; model: string; kneeK: number; silhouetteBestK: number; silhouette: number; inertiaCurve: unknown[]; sampled: number; total: number }
interface PartialDoc { _id: string; runKey: string; partial: string }

/**
 * Fits on a reservoir sample (seeded, so a retry picks the same sample for the same data) of at
 * most `sampleSize` profiles. Returns null when there are too few people to cluster.
 */
export async function fitClusters(db: Db, runKey: string, sampleSize: number, onProgress: (seen: number) => void = () => undefined): Promise<{ k: number; total: number } | null> {
  const sample: CustomerProfile[] = [];
  let seen = 0;
  let state = 0x9e3779b9;
  const rand = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 4294967296; };
  for await (const p of profiles(db).find({}, { projection: CLUSTER_PROFILE_PROJECTION, sort: { _id: 1 } })) {
    seen++;
    if (sample.length < sampleSize) sample.push(toCustomer(p as P));
    else { const j = Math.floor(rand() * seen); if (j < sampleSize) sample[j] = toCustomer(p as P); }
    if (seen % 5000 === 0) onProgress(seen);
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
  const now = new Date();
  const ops: AnyBulkWriteOperation<ClusterMemberDoc>[] = people.map((p, i) => ({
    replaceOne: { filter: { _id: p.id }, replacement: { cluster: assignments[i]!, runKey, computedAt: now }, upsert: true },
  }));
  await bulkWriteSliced(analytics(db).clusterMembers, ops);
  await partialsOf<PartialDoc>(db).replaceOne({ _id: `assign|${runKey}|${chunk}` }, { runKey, partial: JSON.stringify(partial) }, { upsert: true });
  return docs.length;
}

export async function finalizeClusters(db: Db, runKey: string): Promise<{ k: number; profiles: number }> {
  const a = analytics(db);
  const fit = await loadFit(db, runKey);
  const parts = await partialsOf<PartialDoc>(db).find({ runKey, _id: { $regex: /^assign\|/ } } as never).toArray();
  if (!parts.length) throw new Error(`no cluster assignments stored for run ${runKey}`);
  const merged = parts.map((p) => JSON.parse(p.partial) as ClusterPartial).reduce((x, y) => mergeClusterPartials(x, y));
  const clusters = summarizeClusters(merged, fit.model);
  const total = merged.size.reduce((s, n) => s + n, 0);
  await a.clusters.replaceOne({ _id: 'latest' }, {
    k: fit.model.k, kneeK: fit.kneeK, silhouetteBestK: fit.silhouetteBestK, silhouette: fit.silhouette,
    inertiaCurve: fit.inertiaCurve as never, clusters, profiles: total, runKey, computedAt: new Date(),
  }, { upsert: true });
  return { k: fit.model.k, profiles: total };
}
