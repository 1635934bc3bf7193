// What an analytics job is: one definition object (its walk, optional custom plan, chunk step,
// finalize, and the shape of its partials). The activity layer (src/activities/analytics.ts) keeps
// a table of registered jobs and dispatches to them generically; the chunked, resumable walk that
// every job shares lives in ./chunks.ts.
import { ApplicationFailure } from '@temporalio/activity';
import type { Collection, Db, Document, Filter } from 'mongodb';
import type { Models } from '../ml';
import type { InfluenceWeights } from '../domain/analytics';
import { attempt, cutSlices, planChunks, runChunks, type ChunkPlan, type ChunkRunResult, type Slice } from './chunks';
import type { PartialDoc } from '../store/analytics';

export const ANALYTICS_JOBS = ['sentiment-recompute', 'influence', 'clusters', 'trends', 'mood'] as const;
export type AnalyticsJob = (typeof ANALYTICS_JOBS)[number];

/** Values fixed by the parent workflow so every slice of a run agrees on them. */
export interface JobParams { now?: number; windowFrom?: number; windowTo?: number }

export interface PlanInput { job: AnalyticsJob; baseKey: string; chunkSize: number; sliceSize: number; params?: JobParams }
/** Sizes and chunk-number ranges only: the _ids stay in the database, out of workflow history. */
export interface PlanResult { total: number; planKey: string; chunks: number; slices: Slice[] }
export interface SliceInput { job: AnalyticsJob; baseKey: string; index: number; slice: Slice; params?: JobParams }
export interface FinalizeInput { job: AnalyticsJob; baseKey: string; processed: number; params?: JobParams; planKey?: string }
/** What the trends job's finalize found: trend rows written, alerts to deliver, tweets in the window. */
export interface TrendsResult { trends: number; alerts: string[]; tweets: number }
export interface FinalizeResult { profilesRefreshed?: number; recommendations?: number; clusters?: { k: number; profiles: number }; trends?: TrendsResult }

export const sliceRunKey = (baseKey: string, index: number) => `${baseKey}#${index}`;

/** A time the workflow fixes for the run (workflow time): jobs never fall back to the worker's clock. */
export function timeParam(params: JobParams, key: 'now' | 'windowTo', job: AnalyticsJob): number {
  const v = params[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw ApplicationFailure.nonRetryable(`${job} needs params.${key} (epoch ms, the workflow's time)`, 'MissingJobParam');
  return v;
}

/** What a job may use besides its input (loaded lazily: only the jobs that need them pay for them). */
export interface JobContext {
  db: Db;
  models(): Promise<Models>;
  influenceWeights(): InfluenceWeights;
}

/** The documents a job walks: a collection, a filter (never on _id) and the fields a chunk needs. */
export interface Walk<S extends { _id: string }> { collection: Collection<S>; filter?: Filter<S>; projection?: Document }

/** The plan's identity and sizes, as the custom plan step of a job receives them. */
export interface PlanRequest { baseKey: string; planKey: string; chunkSize: number; params: JobParams }

/** Where a chunk sits: the run, the plan, the chunk's number (keys its partials) and its spilled parts. */
export interface ChunkAt { baseKey: string; planKey: string; chunk: number; parts: number; params: JobParams }

/**
 * One analytics job. `S` is the walked collection's document type (a chunk receives the walk's
 * projection of it), `P` its partials' shape (what a chunk stores for the finalize step to merge).
 */
export interface JobDefinition<S extends { _id: string }, P extends PartialDoc = never> {
  readonly name: AnalyticsJob;
  walk(ctx: JobContext, params: JobParams): Walk<S>;
  /** A plan other than "the walk's _ids in chunks" (e.g. one that reads more in the same pass). */
  plan?(ctx: JobContext, req: PlanRequest, walk: Walk<S>): Promise<ChunkPlan>;
  /** Loads what every chunk of a slice needs (models, a fit) and returns the chunk step (idempotent). */
  chunk(ctx: JobContext, input: { baseKey: string; planKey: string; params: JobParams }): Promise<(docs: S[], at: ChunkAt) => Promise<number>>;
  finalize(ctx: JobContext, input: FinalizeInput): Promise<FinalizeResult>;
  /** The run's partials (keyed by _id, tagged with the run; removed with the run's chunks). */
  partials?(db: Db): Collection<P>;
}

/** A job with its document type hidden: what the activity table holds. */
export interface RegisteredJob {
  plan(ctx: JobContext, input: PlanInput): Promise<PlanResult>;
  slice(ctx: JobContext, input: SliceInput): Promise<ChunkRunResult>;
  finalize(ctx: JobContext, input: FinalizeInput): Promise<FinalizeResult>;
}

export function registerJob<S extends { _id: string }, P extends PartialDoc>(def: JobDefinition<S, P>): RegisteredJob {
  return {
    /**
     * One pass over the job's documents for their _ids, stored as chunks of `chunkSize`, cut into
     * slices of about `sliceSize` documents. A retried plan writes its own chunks (the attempt is
     * part of the plan key), so a half-written earlier attempt cannot leak into this one.
     */
    async plan(ctx, input) {
      const params = input.params ?? {};
      const walk = def.walk(ctx, params);
      const req: PlanRequest = { baseKey: input.baseKey, planKey: `${input.baseKey}/${attempt()}`, chunkSize: input.chunkSize, params };
      const plan = def.plan
        ? await def.plan(ctx, req, walk)
        : await planChunks({ db: ctx.db, runKey: req.baseKey, planKey: req.planKey, collection: walk.collection, filter: walk.filter, chunkSize: req.chunkSize });
      return { ...plan, slices: cutSlices(plan, input.chunkSize, input.sliceSize) };
    },

    /** Walks one slice chunk by chunk; resumes after a crash after the last finished chunk. */
    async slice(ctx, input) {
      const params = input.params ?? {};
      const walk = def.walk(ctx, params);
      const step = await def.chunk(ctx, { baseKey: input.baseKey, planKey: input.slice.planKey, params });
      return runChunks({
        db: ctx.db, job: def.name, runKey: sliceRunKey(input.baseKey, input.index), collection: walk.collection, filter: walk.filter,
        projection: walk.projection, slice: input.slice,
        processChunk: (docs, chunk, parts) => step(docs, { baseKey: input.baseKey, planKey: input.slice.planKey, chunk, parts, params }),
      });
    },

    finalize: (ctx, input) => def.finalize(ctx, input),
  };
}
