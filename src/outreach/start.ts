// Starting conversations from outside a workflow (campaign layer, API, tests): one per person.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { settingsProblems } from '../domain/conversation';
import {
  CampaignIdKey, FirstContactKey, HelpCountKey, OUTREACH_WORKFLOW_TYPE, OutreachStageKey, XUserIdKey, outreachWorkflowId,
  type OutreachInput, type OutreachWorkflow,
} from '../workflows/outreach/contract';
import { DM_POLLER_ID, DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../workflows/dm-poller/contract';

export class OutreachInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid outreach input: ${problems.join('; ')}`);
  }
}

export function outreachInputProblems(input: OutreachInput): string[] {
  const out: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.campaignId ?? '')) out.push('campaignId: letters, digits, _ or -');
  if (!/^\d{1,20}$/.test(input.person?.xUserId ?? '')) out.push('person.xUserId: a numeric X user id');
  if (!input.tweet?.id) out.push('tweet.id: required');
  return [...out, ...(input.settings ? settingsProblems(input.settings) : ['settings: required'])];
}

export type StartOutcome =
  | { started: true; workflowId: string; runId: string }
  | { started: false; workflowId: string; reason: 'already in conversation' };

/**
 * Starts `outreach-<xUserId>`. A person already in a conversation (any campaign) is not contacted
 * again: the running workflow id makes the start fail, which we report as "already in conversation".
 */
export async function startOutreach(client: Client, input: OutreachInput, o: { taskQueue: string; searchAttributes?: boolean }): Promise<StartOutcome> {
  const problems = outreachInputProblems(input);
  if (problems.length) throw new OutreachInputError(problems);
  const workflowId = outreachWorkflowId(input.person.xUserId);
  try {
    const h = await client.workflow.start<OutreachWorkflow>(OUTREACH_WORKFLOW_TYPE, {
      workflowId, taskQueue: o.taskQueue, args: [{ ...input, searchAttributes: o.searchAttributes }],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      // Which campaign settings the conversation runs on, for operators (Temporal UI, describe()).
      ...(input.settingsVersion !== undefined ? { memo: { settingsVersion: input.settingsVersion } } : {}),
      ...(o.searchAttributes === false ? {} : {
        typedSearchAttributes: [
          { key: CampaignIdKey, value: input.campaignId },
          { key: XUserIdKey, value: input.person.xUserId },
          { key: FirstContactKey, value: input.settings.policy },
          { key: OutreachStageKey, value: 'starting' },
          { key: HelpCountKey, value: 0 },
        ],
      }),
    });
    return { started: true, workflowId, runId: h.firstExecutionRunId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { started: false, workflowId, reason: 'already in conversation' };
    throw err;
  }
}

/**
 * Starts the DM poller unless it already runs (safe to call at every worker or API start).
 * Returns true when this call started it.
 */
export async function ensureDmPoller(client: Client, taskQueue: string, o: { intervalMs?: number; workflowId?: string } = {}): Promise<boolean> {
  try {
    await client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, {
      workflowId: o.workflowId ?? DM_POLLER_ID, taskQueue, args: [{ taskQueue, intervalMs: o.intervalMs }],
      workflowIdConflictPolicy: 'FAIL',
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
