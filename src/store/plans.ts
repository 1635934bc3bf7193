// Stored budget plans (POST /plans): the request, the latest result, what changed at the last
// recompute and a short history of earlier results. Recomputes are conditional on `version`, so two
// runs racing never lose one's write, and keyed by run, so a retried activity does not recompute twice.
import type { Db } from 'mongodb';
import type { PlanDiff, PlanRequest, PlanResult } from '../domain/planning';
import { analytics } from './analytics';
import { createIndex, type IndexFn } from './index';

export const PLANS_COLLECTION = 'plans';
/** Earlier results kept per plan (newest last). */
export const PLAN_REVISIONS_KEPT = 20;

export interface PlanRevision { at: Date; outcome: number; spent: number; chosen: string[]; changes: PlanDiff | null }

export interface PlanDoc {
  _id: string;
  name: string;
  request: PlanRequest;
  result: PlanResult;
  /** Since the previous computation (null for the first). */
  changes: PlanDiff | null;
  revisions: PlanRevision[];
  /** Recomputed by the plans schedule as scores change. */
  recompute: boolean;
  version: number;
  lastRunKey: string | null;
  createdBy: string;
  createdAt: Date;
  computedAt: Date;
}

export const plans = (db: Db) => db.collection<PlanDoc>(PLANS_COLLECTION);

export async function ensurePlanIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  await ix(plans(db), { createdAt: -1 });
}

export async function insertPlan(db: Db, doc: PlanDoc): Promise<void> {
  await plans(db).insertOne(doc);
}

export const getPlan = (db: Db, id: string) => plans(db).findOne({ _id: id });

/** Newest first, without the heavy parts (curve, coverage points, history). */
export async function listPlans(db: Db, o: { limit: number; offset: number }) {
  return plans(db).find({}, { projection: { name: 1, 'request.budget': 1, 'request.goal': 1, 'result.spent': 1, 'result.outcome': 1, 'result.chosen.xUserId': 1, changes: 1, recompute: 1, version: 1, createdBy: 1, createdAt: 1, computedAt: 1 } })
    .sort({ createdAt: -1, _id: 1 }).skip(o.offset).limit(o.limit).toArray();
}

export async function standingPlanIds(db: Db): Promise<{ id: string; computedAt: Date }[]> {
  return (await plans(db).find({ recompute: true }, { projection: { computedAt: 1 } }).sort({ _id: 1 }).toArray()).map((p) => ({ id: p._id, computedAt: p.computedAt }));
}

/** Stores a recomputed result if the plan is still at `fromVersion`; false when someone else won. */
export async function storeRecompute(db: Db, prev: PlanDoc, next: { result: PlanResult; changes: PlanDiff; runKey: string; at: Date }): Promise<boolean> {
  const revision: PlanRevision = { at: prev.computedAt, outcome: prev.result.outcome.expected, spent: prev.result.spent, chosen: prev.result.chosen.map((c) => c.xUserId), changes: prev.changes };
  const r = await plans(db).updateOne({ _id: prev._id, version: prev.version }, {
    $set: {
      result: next.result, changes: next.changes, lastRunKey: next.runKey, computedAt: next.at, version: prev.version + 1,
      revisions: [...prev.revisions, revision].slice(-PLAN_REVISIONS_KEPT),
    },
  });
  return r.matchedCount === 1;
}

/** When the influence scores the plans read were last written (null: never computed). */
export async function lastScoresAt(db: Db): Promise<Date | null> {
  const d = await analytics(db).influence.find({ scope: 'all' }, { projection: { computedAt: 1 } }).sort({ computedAt: -1 }).limit(1).next();
  return d?.computedAt ?? null;
}
