// Activities of the scheduled analytics jobs. Each job is a definition (src/analytics/*-job.ts):
// how it walks its collection, plans, processes a chunk and finishes. A run is planned once into
// chunks of _ids stored in the database, cut into slices of chunk numbers (one child workflow each
// when the data is large); every slice is walked with heartbeats and checkpoints
// (src/analytics/chunks.ts), a final step merges, and the chunks are removed. These activities
// look the job up in one table and dispatch to it; they know no job by name.
import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { InfluenceWeights } from '../domain/analytics';
import { loadInfluenceWeights } from '../analytics/influence-weights';
import { keepAlive, removeChunks, tryHeartbeat, type ChunkRunResult } from '../analytics/chunks';
import { registerJob, type AnalyticsJob, type FinalizeInput, type FinalizeResult, type JobContext, type PlanInput, type PlanResult, type RegisteredJob, type SliceInput } from '../analytics/job';
import { sentimentRecomputeJob } from '../analytics/sentiment-job';
import { influenceJob } from '../analytics/influence-job';
import { moodJob } from '../analytics/mood-job';
import { trendsJob } from '../analytics/trends-job';
import { clustersJob, fitClusters } from '../analytics/clusters-job';
import { PermanentDeliveryError, deliverAlertOnce, markAlertFailed, type DeliveryOutcome } from '../analytics/webhook';
import { loadAnalyticsSettings, type AnalyticsSettings } from '../analytics/settings';
import { analytics } from '../store/analytics';
import { createInfluenceHistoryActivities } from './influence-history';

export { ANALYTICS_JOBS, sliceRunKey } from '../analytics/job';
export type { AnalyticsJob, FinalizeInput, FinalizeResult, JobParams, PlanInput, PlanResult, SliceInput } from '../analytics/job';

export interface CleanupInput { baseKey: string; planKey: string; chunks: number }

/** Every scheduled job, by name. */
const JOBS: Readonly<Record<AnalyticsJob, RegisteredJob>> = {
  'sentiment-recompute': registerJob(sentimentRecomputeJob),
  influence: registerJob(influenceJob),
  clusters: registerJob(clustersJob),
  trends: registerJob(trendsJob),
  mood: registerJob(moodJob),
};

function jobOf(name: AnalyticsJob): RegisteredJob {
  const job = Object.hasOwn(JOBS, name) ? JOBS[name] : undefined;
  if (!job) throw ApplicationFailure.nonRetryable(`unknown analytics job ${JSON.stringify(name)}`, 'UnknownJob');
  return job;
}

export function createAnalyticsActivities(deps: ActivityDeps & { analytics?: Partial<AnalyticsSettings>; influenceWeights?: InfluenceWeights }) {
  const { db } = deps;
  let settings: AnalyticsSettings | undefined;
  const cfg = () => (settings ??= { ...loadAnalyticsSettings(), ...deps.analytics });
  let weights: InfluenceWeights | undefined;
  const ctx: JobContext = { db, models: deps.models, influenceWeights: () => (weights ??= deps.influenceWeights ?? loadInfluenceWeights()) };

  return {
    ...createInfluenceHistoryActivities(deps),
    /** Plans a run into stored chunks and slices of chunk numbers (see registerJob's plan). */
    async analyticsPlan(input: PlanInput): Promise<PlanResult> {
      return jobOf(input.job).plan(ctx, input);
    },

    /** Walks one slice chunk by chunk; resumes after a crash after the last finished chunk. */
    async analyticsSlice(input: SliceInput): Promise<ChunkRunResult> {
      return jobOf(input.job).slice(ctx, input);
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
      // Heartbeats also while the first profiles are on their way (reading a million from FerretDB
      // takes minutes): without them the attempt timed out and was retried forever.
      const progress = { fitting: 'scan', seen: 0 };
      return keepAlive(() => progress, () => fitClusters(db, input.baseKey, input.sampleSize, (seen) => { progress.seen = seen; tryHeartbeat(progress); }));
    },

    /** The job's last step: profile refresh, recommendations, cluster summaries, trends and alerts. */
    async analyticsFinalize(input: FinalizeInput): Promise<FinalizeResult> {
      return jobOf(input.job).finalize(ctx, input);
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
