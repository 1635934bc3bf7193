// Activities of the scheduled analytics jobs. Each job walks one collection in _id order; a run
// is planned once into chunks of _ids stored in the database, cut into slices of chunk numbers (one
// child workflow each when the data is large); every slice is walked with heartbeats and
// checkpoints (src/analytics/chunks.ts), a final step merges, and the chunks are removed.
import { ApplicationFailure } from '@temporalio/activity';
import type { Collection, Db, Document, Filter } from 'mongodb';
import type { ActivityDeps } from './deps';
import type { InfluenceWeights } from '../domain/analytics';
import { loadInfluenceWeights } from '../analytics/influence-weights';
import { attempt, cutSlices, planChunks, removeChunks, runChunks, type ChunkRunResult, type Slice } from '../analytics/chunks';
import { PLAN_PROJECTION, PolaritySums, carryForRescore, RESCORE_PROJECTION, isStale, refreshProfilePolarity, rescoreChunk, writeBaseSums, type PlannedTweet, type RescoreTweet } from '../analytics/sentiment-job';
import { INFLUENCE_PROFILE_PROJECTION, influenceChunk, type InfluenceProfile } from '../analytics/influence-job';
import { MOOD_PROFILE_PROJECTION, mergeHashtagMoods, moodChunk, writeRecommendations, type HashtagMoodSums } from '../analytics/mood-job';
import { TREND_TWEET_PROJECTION, finalizeTrends, trackedKeywords, trendsChunk, type TrendsResult } from '../analytics/trends-job';
import { CLUSTER_PROFILE_PROJECTION, assignClustersChunk, finalizeClusters, fitClusters, loadFit } from '../analytics/clusters-job';
import { PermanentDeliveryError, deliverAlertOnce, markAlertFailed, type DeliveryOutcome } from '../analytics/webhook';
import { loadAnalyticsSettings, type AnalyticsSettings } from '../analytics/settings';
import { analytics, partialsOf } from '../store/analytics';
import { tweets } from '../store/tweets';
import { profiles } from '../store/profiles';
import { heartbeat } from '../heartbeat';
import { createInfluenceHistoryActivities } from './influence-history';

export const ANALYTICS_JOBS = ['sentiment-recompute', 'influence', 'clusters', 'trends', 'mood'] as const;
export type AnalyticsJob = (typeof ANALYTICS_JOBS)[number];

/** Values fixed by the parent workflow so every slice of a run agrees on them. */
export interface JobParams { now?: number; windowFrom?: number; windowTo?: number }

export interface PlanInput { job: AnalyticsJob; baseKey: string; chunkSize: number; sliceSize: number; params?: JobParams }
/** Sizes and chunk-number ranges only: the _ids stay in the database, out of workflow history. */
export interface PlanResult { total: number; planKey: string; chunks: number; slices: Slice[] }
export interface SliceInput { job: AnalyticsJob; baseKey: string; index: number; slice: Slice; params?: JobParams }
export interface CleanupInput { baseKey: string; planKey: string; chunks: number }
export interface FinalizeInput { job: AnalyticsJob; baseKey: string; processed: number; params?: JobParams; planKey?: string }
export interface FinalizeResult { profilesRefreshed?: number; recommendations?: number; clusters?: { k: number; profiles: number }; trends?: TrendsResult }

export const sliceRunKey = (baseKey: string, index: number) => `${baseKey}#${index}`;

interface Walk { collection: Collection<{ _id: string }>; filter: Filter<{ _id: string }>; projection: Document }


export function createAnalyticsActivities(deps: ActivityDeps & { analytics?: Partial<AnalyticsSettings>; influenceWeights?: InfluenceWeights }) {
  const { db } = deps;
  let settings: AnalyticsSettings | undefined;
  const cfg = () => (settings ??= { ...loadAnalyticsSettings(), ...deps.analytics });
  let weights: InfluenceWeights | undefined;
  const influenceWeights = () => (weights ??= deps.influenceWeights ?? loadInfluenceWeights());

  async function walkOf(job: AnalyticsJob, params: JobParams = {}): Promise<Walk> {
    const as = <T extends { _id: string }>(c: Collection<T>) => c as unknown as Collection<{ _id: string }>;
    switch (job) {
      case 'sentiment-recompute':
        // The plan tells stale tweets apart and carries their texts in the chunks; a chunk rescores
        // all of its tweets, also those a crashed attempt already rewrote, so its sums cover it whole.
        return { collection: as(tweets(db)), filter: {}, projection: RESCORE_PROJECTION };
      case 'influence':
        return { collection: as(profiles(db)), filter: {}, projection: INFLUENCE_PROFILE_PROJECTION };
      case 'mood':
        return { collection: as(profiles(db)), filter: {}, projection: MOOD_PROFILE_PROJECTION };
      case 'clusters':
        return { collection: as(profiles(db)), filter: {}, projection: CLUSTER_PROFILE_PROJECTION };
      case 'trends': {
        const range: Record<string, Date> = { $gte: new Date(params.windowFrom ?? 0) };
        if (params.windowTo !== undefined) range.$lte = new Date(params.windowTo);
        return { collection: as(tweets(db)), filter: { createdAt: range } as Filter<{ _id: string }>, projection: TREND_TWEET_PROJECTION };
      }
    }
  }

  async function chunkProcessor(input: SliceInput): Promise<(docs: { _id: string }[], chunk: number) => Promise<number>> {
    const { job, baseKey, params = {} } = input;
    switch (job) {
      case 'sentiment-recompute': {
        const models = await deps.models();
        return (docs, chunk) => rescoreChunk(db, models, docs as RescoreTweet[], { runKey: baseKey, planKey: input.slice.planKey, chunk });
      }
      case 'influence': {
        const w = influenceWeights();
        const now = new Date(params.now ?? deps.now());
        return (docs) => influenceChunk(db, w, docs as InfluenceProfile[], baseKey, now);
      }
      case 'mood':
        return async (docs, chunk) => {
          const r = await moodChunk(db, docs, params.now ?? deps.now());
          const id = `mood|${baseKey}|${chunk}`;
          await partialsOf<{ _id: string; runKey: string; hashtags: HashtagMoodSums }>(db)
            .replaceOne({ _id: id }, { runKey: baseKey, hashtags: r.hashtags }, { upsert: true });
          return r.processed;
        };
      case 'trends': {
        const keywords = await trackedKeywords(db);
        return (docs, chunk) => trendsChunk(db, baseKey, chunk, docs as never, keywords);
      }
      case 'clusters': {
        const fit = await loadFit(db, baseKey);
        return (docs, chunk) => assignClustersChunk(db, baseKey, chunk, fit.model, docs as never);
      }
    }
  }

  return {
    ...createInfluenceHistoryActivities(deps),
    /**
     * One pass over the job's documents for their _ids, stored as chunks of `chunkSize`, cut into
     * slices of about `sliceSize` documents. A retried plan writes its own chunks (the attempt is
     * part of the plan key), so a half-written earlier attempt cannot leak into this one.
     */
    async analyticsPlan(input: PlanInput): Promise<PlanResult> {
      const w = await walkOf(input.job, input.params);
      const common = { db, runKey: input.baseKey, planKey: `${input.baseKey}/${attempt()}`, collection: w.collection, chunkSize: input.chunkSize };
      let plan;
      if (input.job === 'sentiment-recompute') {
        // Reads every tweet once: stale ones are planned, the others' scores summed per person
        // for the final profile refresh (the stale ones' new scores are summed per chunk).
        const models = await deps.models();
        const sums = new PolaritySums();
        const keep = (t: PlannedTweet) => {
          if (isStale(t, models)) return true;
          sums.add(t.authorId, t.sentiment?.polarity, t.sentiment?.subjectivity);
          return false;
        };
        plan = await planChunks({ ...common, projection: PLAN_PROJECTION, keep: keep as (d: { _id: string }) => boolean, carry: carryForRescore as (d: { _id: string }) => RescoreTweet });
        if (plan.total > 0) await writeBaseSums(db, input.baseKey, plan.planKey, sums);
      } else {
        plan = await planChunks({ ...common, filter: w.filter });
      }
      return { ...plan, slices: cutSlices(plan, input.chunkSize, input.sliceSize) };
    },

    /** Walks one slice chunk by chunk; resumes after a crash after the last finished chunk. */
    async analyticsSlice(input: SliceInput): Promise<ChunkRunResult> {
      const w = await walkOf(input.job, input.params);
      const processChunk = await chunkProcessor(input);
      return runChunks({
        db, job: input.job, runKey: sliceRunKey(input.baseKey, input.index), collection: w.collection, filter: w.filter,
        projection: w.projection, slice: input.slice, processChunk,
      });
    },

    /** Removes the run's chunk documents once the run is over (also after a failure). */
    async analyticsCleanup(input: CleanupInput): Promise<void> {
      // Plan keys end in the plan attempt: only a retried plan can have left other chunks behind.
      const retried = !input.planKey.endsWith('/1');
      await removeChunks(db, input.baseKey, input, retried);
      // Partials go with the run, not in a finalize: a retried finalize must still find them.
      await analytics(db).partials.deleteMany({ runKey: input.baseKey });
    },

    /** Clusters only: fits k (elbow), the model and silhouette on a sample before assignment. */
    async analyticsClustersFit(input: { baseKey: string; sampleSize: number }): Promise<{ k: number; total: number } | null> {
      return fitClusters(db, input.baseKey, input.sampleSize, (seen) => heartbeat({ seen }));
    },

    /** The job's last step: profile refresh, recommendations, cluster summaries, trends and alerts. */
    async analyticsFinalize(input: FinalizeInput): Promise<FinalizeResult> {
      const p = input.params ?? {};
      switch (input.job) {
        case 'sentiment-recompute':
          if (!input.planKey) throw ApplicationFailure.nonRetryable('sentiment-recompute finalize needs the planKey');
          return { profilesRefreshed: input.processed > 0 ? await refreshProfilePolarity(db, input.baseKey, input.planKey, () => heartbeat('refresh')) : 0 };
        case 'influence':
          return {};
        case 'mood': {
          const col = partialsOf<{ _id: string; runKey: string; hashtags: HashtagMoodSums }>(db);
          const parts = await col.find({ runKey: input.baseKey, _id: { $regex: /^mood\|/ } } as never).toArray();
          return { recommendations: await writeRecommendations(db, mergeHashtagMoods(parts.map((x) => x.hashtags))) };
        }
        case 'clusters':
          return { clusters: await finalizeClusters(db, input.baseKey) };
        case 'trends':
          return { trends: await finalizeTrends(db, input.baseKey, { from: new Date(p.windowFrom ?? 0), to: new Date(p.windowTo ?? deps.now()) }) };
      }
    },

    /** One delivery attempt; Temporal retries failures (permanent ones are not retried). */
    async deliverAlert(alertId: string): Promise<DeliveryOutcome> {
      const s = cfg();
      try {
        return await deliverAlertOnce(db, alertId, { url: s.webhookUrl, secret: s.webhookSecret });
      } catch (err) {
        if (err instanceof PermanentDeliveryError) throw ApplicationFailure.nonRetryable(err.message, 'PermanentDeliveryError');
        throw err;
      }
    },

    async markAlertFailed(alertId: string, reason: string): Promise<void> {
      await markAlertFailed(db, alertId, reason);
    },
  };
}

export type AnalyticsActivities = ReturnType<typeof createAnalyticsActivities>;
export type { Db };
