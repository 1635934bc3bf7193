// The analytics batch workflows' contract: the workflow type of each scheduled job, their options
// and results, and the schedule ids. Schedules, the API's status page, benches and tests import
// this file, never the workflow files. Workflow-safe: types and constants only.
import type { AnalyticsJob, FinalizeResult } from '../../activities/analytics';
import { PLANS_RECOMPUTE_WORKFLOW_TYPE, type PlansRecomputeInput, type PlansRecomputeResult } from '../plans/contract';

/** The workflow type behind each scheduled job (the exported names in src/workflows/index.ts). */
export const ANALYTICS_WORKFLOW_TYPES = {
  'sentiment-recompute': 'sentimentRecomputeWorkflow',
  influence: 'influenceWorkflow',
  clusters: 'clustersWorkflow',
  trends: 'trendsWorkflow',
  mood: 'moodWorkflow',
  /** Not a batch over a collection: re-solves standing budget plans (src/workflows/plans). */
  plans: PLANS_RECOMPUTE_WORKFLOW_TYPE,
} as const;
export type ScheduledJob = keyof typeof ANALYTICS_WORKFLOW_TYPES;
/** One slice of a fanned-out run, started as a child by the batch workflows. */
export const ANALYTICS_SLICE_WORKFLOW_TYPE = 'analyticsSliceWorkflow';

/** Schedule `analytics-<job>`; Temporal appends the scheduled time to each run's workflow id. */
export const analyticsScheduleId = (job: ScheduledJob): string => `analytics-${job}`;

export interface BatchOptions {
  /** Documents per chunk (one heartbeat and checkpoint each). */
  chunkSize?: number;
  /** Above this many documents a run fans out: one child workflow per slice of about this size. */
  sliceSize?: number;
  /** Child workflows running at once. */
  maxParallel?: number;
  /** A worker that dies mid-chunk is noticed after this long; the next attempt resumes. */
  heartbeatTimeoutMs?: number;
}

export interface BatchResult {
  job: AnalyticsJob;
  baseKey: string;
  total: number;
  slices: number;
  chunks: number;
  processed: number;
  /** Slices whose final attempt resumed from a heartbeat or checkpoint instead of the start. */
  resumedSlices: number;
  finalize: FinalizeResult;
}

export interface ClustersOptions extends BatchOptions {
  /** Profiles sampled for the elbow search and the fit. */
  sampleSize?: number;
}

export interface TrendsOptions extends BatchOptions {
  /** Hours of tweets aggregated per run (alerts need their 12-hour baseline plus the current hour). */
  windowHours?: number;
  /** Delivery attempts per alert before it is marked failed. */
  deliveryAttempts?: number;
  deliveryInitialIntervalMs?: number;
}

export interface TrendsResult extends BatchResult { delivered: number; failed: number; skipped: number }

/** Options each scheduled job's workflow takes. */
export interface AnalyticsOptions {
  'sentiment-recompute': BatchOptions;
  influence: BatchOptions;
  clusters: ClustersOptions;
  trends: TrendsOptions;
  mood: BatchOptions;
  plans: PlansRecomputeInput;
}
export type AnalyticsWorkflow<J extends ScheduledJob = ScheduledJob> =
  (options?: AnalyticsOptions[J]) => Promise<J extends 'trends' ? TrendsResult : J extends 'plans' ? PlansRecomputeResult : BatchResult>;
