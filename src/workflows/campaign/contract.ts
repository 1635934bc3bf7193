// The campaign workflow's contract (workflow id `campaign-<campaignId>`): its input, signals, query
// and state, and the results of the activities it calls. Services, the demo, the API and tests
// import this file, never ./workflow. Workflow-safe: types and definitions only.
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The workflow type (the exported function's name in src/workflows/index.ts). */
export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';
export type CampaignWorkflow = (input: CampaignWorkflowInput) => Promise<CampaignWorkflowState>;

export const campaignWorkflowId = (campaignId: string): string => `campaign-${campaignId}`;

export interface CampaignWorkflowInput {
  campaignId: string;
  /** Recent-search backfill at start (default on; limit per rule). */
  backfill?: { limit?: number; sinceMs?: number } | false;
}

export interface CampaignWorkflowState {
  status: 'starting' | 'running' | 'paused' | 'stopping' | 'stopped';
  rules: CampaignRule[];
  backfilled?: BackfillResult;
  updates: number;
  /** Backfills of the gaps left by pauses (since 'campaign-pause-releases-rules'). */
  resumed?: BackfillResult[];
}

export const pauseCampaignSignal = defineSignal('pause');
export const resumeCampaignSignal = defineSignal('resume');
export const stopCampaignSignal = defineSignal('stop');
/** Settings changed in the store; re-derive the rules. */
export const updateCampaignSignal = defineSignal('update');
export const campaignStateQuery = defineQuery<CampaignWorkflowState>('state');

/** The signals by the store status change (or settings change) they follow. */
export const CAMPAIGN_SIGNALS = {
  pause: pauseCampaignSignal, resume: resumeCampaignSignal, stop: stopCampaignSignal, update: updateCampaignSignal,
} as const;
export type CampaignSignalName = keyof typeof CAMPAIGN_SIGNALS;

// ---- activities' inputs and results ----

/** A stream rule the campaign holds, with its id at X (syncCampaignRules' result is a list of them). */
export interface CampaignRule { id: string; value: string }

/** backfillCampaign's input: a recent search per rule, from `sinceMs` ago (default: X's window). */
export interface BackfillInput { campaignId: string; limit?: number; sinceMs?: number }
export interface BackfillResult { found: number; inserted: number; started: number }
