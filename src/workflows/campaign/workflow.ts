// A campaign's life as a workflow (`campaign-<campaignId>`): it holds the campaign's share of the
// stream rules (taken on start, re-derived on update, released on pause and stop), backfills recent
// tweets when it starts and, after a pause, the gap since the pause; it follows pause / resume /
// update / stop signals. Settings and status live in the store; this workflow performs the side
// effects they imply.
import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createCampaignActivities } from '../../activities/campaign';
import {
  campaignStateQuery, pauseCampaignSignal, resumeCampaignSignal, stopCampaignSignal, updateCampaignSignal,
  type CampaignWorkflowInput, type CampaignWorkflowState,
} from './contract';
import { workflowTime } from '../clock';

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

/** A resume searches from this long before the pause (clock skew between us and X's search index). */
const RESUME_MARGIN_MS = 60_000;
const now = workflowTime;

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignWorkflowState> {
  // Pausing releases the campaign's rules (shared, reference-counted rules); executions started
  // before this change keep their rules while paused, as they did.
  if (patched('campaign-pause-releases-rules')) return campaignLife(input);
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

async function campaignLife(input: CampaignWorkflowInput): Promise<CampaignWorkflowState> {
  const state: CampaignWorkflowState = { status: 'starting', rules: [], updates: 0 };
  let stopRequested = false;
  let paused = false;
  let syncWanted = false;
  let pausedAt: number | undefined;
  /** Start of the oldest gap a resume has not yet backfilled. */
  let gapFrom: number | undefined;
  setHandler(pauseCampaignSignal, () => {
    if (!paused) { paused = true; pausedAt = now(); }
    syncWanted = true;
    if (state.status === 'running') state.status = 'paused';
  });
  setHandler(resumeCampaignSignal, () => {
    if (paused) {
      paused = false;
      if (pausedAt !== undefined) gapFrom = Math.min(gapFrom ?? pausedAt, pausedAt);
      pausedAt = undefined;
    }
    syncWanted = true;
    if (state.status === 'paused') state.status = 'running';
  });
  setHandler(stopCampaignSignal, () => { stopRequested = true; });
  setHandler(updateCampaignSignal, () => { syncWanted = true; state.updates++; });
  setHandler(campaignStateQuery, () => state);

  state.rules = await acts.syncCampaignRules(input.campaignId);
  state.status = paused ? 'paused' : 'running';
  if (input.backfill !== false && !stopRequested) {
    state.backfilled = await backfill.backfillCampaign({ campaignId: input.campaignId, ...(input.backfill ?? {}) });
  }
  while (!stopRequested) {
    await condition(() => stopRequested || syncWanted);
    if (stopRequested) break;
    syncWanted = false;
    // The store's status decides: running holds the rules, paused holds none.
    state.rules = await acts.syncCampaignRules(input.campaignId);
    if (gapFrom !== undefined && !paused && !stopRequested) {
      const sinceMs = now() - gapFrom + RESUME_MARGIN_MS;
      gapFrom = undefined;
      const limit = input.backfill ? input.backfill.limit : undefined;
      const r = await backfill.backfillCampaign({ campaignId: input.campaignId, sinceMs, ...(limit !== undefined ? { limit } : {}) });
      state.resumed = [...(state.resumed ?? []), r];
    }
  }
  state.status = 'stopping';
  await acts.deactivateCampaign(input.campaignId);
  state.rules = [];
  state.status = 'stopped';
  return state;
}
