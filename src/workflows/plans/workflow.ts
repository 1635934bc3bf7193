// Recomputes standing budget plans after the influence scores changed; each recompute records what
// changed since the plan's last result. Thin: the decisions are in src/domain/planning.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { PLANS_DEFAULTS, type PlansActivities, type PlansRecomputeInput, type PlansRecomputeResult, type RecomputeOutcome } from './contract';
import { workflowTime } from '../clock';

const acts = proxyActivities<PlansActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

export async function plansRecomputeWorkflow(input: PlansRecomputeInput = {}): Promise<PlansRecomputeResult> {
  const info = workflowInfo();
  const runKey = `${info.workflowId}/${info.runId}`;
  const now = workflowTime();
  const due = await acts.plansDue();
  const outcomes: RecomputeOutcome[] = [];
  for (const planId of due.slice(0, input.maxPlans ?? PLANS_DEFAULTS.maxPlans)) {
    outcomes.push(await acts.recomputePlan({ planId, runKey, now }));
  }
  return { due: due.length, outcomes };
}
