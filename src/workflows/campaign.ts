// A campaign's life as a workflow (`campaign-<campaignId>`): it owns the campaign's stream rules
// (added on start, replaced on update, removed on stop), backfills recent tweets when it starts,
// and follows pause / resume / update / stop signals. Settings live in the store; this workflow
// performs the side effects they imply.
import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createCampaignActivities } from '../activities/campaign';

type CampaignActivities = ReturnType<typeof createCampaignActivities>;

const acts = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1s', maximumInterval: '30s', backoffCoefficient: 2 },
});
const backfill = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '60s',
  retry: { initialInterval: '2s', maximumInterval: '1 minute', maximumAttempts: 10 },
});

export const pauseCampaignSignal = defineSignal('pause');
export const resumeCampaignSignal = defineSignal('resume');
export const stopCampaignSignal = defineSignal('stop');
/** Settings changed in the store; re-derive the rules. */
export const updateCampaignSignal = defineSignal('update');
export const campaignStateQuery = defineQuery<CampaignWorkflowState>('state');

export interface CampaignWorkflowInput {
  campaignId: string;
  /** Recent-search backfill at start (default on; limit per rule). */
  backfill?: { limit?: number; sinceMs?: number } | false;
}

export interface CampaignWorkflowState {
  status: 'starting' | 'running' | 'paused' | 'stopping' | 'stopped';
  rules: { id: string; value: string }[];
  backfilled?: { found: number; inserted: number; started: number };
  updates: number;
}

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignWorkflowState> {
  const state: CampaignWorkflowState = { status: 'starting', rules: [], updates: 0 };
  let stopRequested = false;
  let paused = false;
  let syncWanted = false;
  setHandler(pauseCampaignSignal, () => { paused = true; if (state.status === 'running') state.status = 'paused'; });
  setHandler(resumeCampaignSignal, () => { paused = false; if (state.status === 'paused') state.status = 'running'; });
  setHandler(stopCampaignSignal, () => { stopRequested = true; });
  setHandler(updateCampaignSignal, () => { syncWanted = true; });
  setHandler(campaignStateQuery, () => state);

  state.rules = await acts.syncCampaignRules(input.campaignId);
  state.status = paused ? 'paused' : 'running';
  if (input.backfill !== false && !stopRequested) {
    state.backfilled = await backfill.backfillCampaign({ campaignId: input.campaignId, ...(input.backfill ?? {}) });
  }
  while (!stopRequested) {
    await condition(() => stopRequested || syncWanted);
    if (syncWanted && !stopRequested) {
      syncWanted = false;
      state.updates++;
      state.rules = await acts.syncCampaignRules(input.campaignId);
    }
  }
  state.status = 'stopping';
  await acts.deactivateCampaign(input.campaignId);
  state.rules = [];
  state.status = 'stopped';
  return state;
}
