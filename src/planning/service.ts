// Plans as a feature: compute from the stored candidates, store, recompute as scores change.
// Errors are PlanInputError (bad input, naming the field) — the API maps them to 400.
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { diffPlans, type PlanRequest, type PlanResult } from '../domain/planning';
import { getPlan, insertPlan, lastScoresAt, standingPlanIds, storeRecompute, type PlanDoc } from '../store/plans';
import type { RecomputeOutcome } from '../workflows/plans/contract';
import { loadCandidates } from './candidates';
import { computePlanOffThread } from './off-thread';

export interface NewPlan { name?: string; request: PlanRequest; recompute?: boolean; who: string; now: Date }

export const newPlanId = () => `plan_${randomBytes(9).toString('base64url')}`;

export async function createPlan(db: Db, p: NewPlan): Promise<PlanDoc> {
  const result = await computePlanOffThread(await loadCandidates(db), p.request);
  const doc: PlanDoc = {
    _id: newPlanId(), name: p.name ?? `${p.request.goal} ${p.request.budget}`, request: p.request, result, changes: null, revisions: [],
    recompute: p.recompute ?? true, version: 1, lastRunKey: null, createdBy: p.who, createdAt: p.now, computedAt: p.now,
  };
  await insertPlan(db, doc);
  return doc;
}

/** Plans the schedule should recompute: standing plans older than the latest influence scores. */
export async function plansDue(db: Db): Promise<string[]> {
  const scores = await lastScoresAt(db);
  if (!scores) return [];
  return (await standingPlanIds(db)).filter((p) => p.computedAt < scores).map((p) => p.id);
}

export type { RecomputeOutcome };

/** Idempotent per run: a retry with the same runKey does nothing more. */
export async function recomputePlan(db: Db, id: string, runKey: string, now: Date, compute: (req: PlanRequest) => Promise<PlanResult> = async (r) => computePlanOffThread(await loadCandidates(db), r)): Promise<RecomputeOutcome> {
  const prev = await getPlan(db, id);
  if (!prev) return { id, outcome: 'missing' };
  if (prev.lastRunKey === runKey) return { id, outcome: 'already-done' };
  const result = await compute(prev.request);
  const changes = diffPlans(prev.result, result);
  if (!(await storeRecompute(db, prev, { result, changes, runKey, at: now }))) return { id, outcome: 'lost-race' };
  return { id, outcome: 'recomputed', added: changes.added.length, removed: changes.removed.length, outcomeDelta: changes.outcomeDelta };
}
