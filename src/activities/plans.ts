// Activities of the plans-recompute workflow (src/workflows/plans): idempotent per run.
import type { ActivityDeps } from './deps';
import type { PlansActivities } from '../workflows/plans/contract';
import { plansDue, recomputePlan } from '../planning/service';

export function createPlansActivities(deps: Pick<ActivityDeps, 'db' | 'log'>): PlansActivities {
  return {
    plansDue: () => plansDue(deps.db),
    async recomputePlan({ planId, runKey, now }) {
      const r = await recomputePlan(deps.db, planId, runKey, new Date(now));
      deps.log.info({ plan: r }, 'plan recomputed');
      return r;
    },
  };
}
