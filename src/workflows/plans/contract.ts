// The plans-recompute workflow's contract: its input and result, the activities it calls and their
// result types, and its schedule job. Callers import this file, never ./workflow. Workflow-safe:
// types and definitions only.

/** The workflow type (the exported function's name in src/workflows/index.ts). */
export const PLANS_RECOMPUTE_WORKFLOW_TYPE = 'plansRecomputeWorkflow';
export type PlansRecomputeWorkflow = (input?: PlansRecomputeInput) => Promise<PlansRecomputeResult>;
/** Registered with the other analytics schedules (src/analytics/schedules.ts): `analytics-plans`. */
export const PLANS_SCHEDULE_JOB = 'plans';

export interface PlansRecomputeInput {
  /** Plans recomputed per run at most (the rest wait for the next run). */
  maxPlans?: number;
}

export type RecomputeOutcome =
  | { id: string; outcome: 'recomputed'; added: number; removed: number; outcomeDelta: number }
  | { id: string; outcome: 'missing' | 'already-done' | 'lost-race' };

export interface PlansRecomputeResult { due: number; outcomes: RecomputeOutcome[] }

export interface RecomputePlanInput { planId: string; runKey: string; now: number }

export interface PlansActivities {
  /** Standing plans older than the latest influence scores. */
  plansDue(): Promise<string[]>;
  /** Idempotent per runKey: a retry of the same run does not recompute again. */
  recomputePlan(input: RecomputePlanInput): Promise<RecomputeOutcome>;
}

export const PLANS_DEFAULTS = { maxPlans: 50 } as const;
