// The DM poller's contract (workflow id `dm-poller`): its input, query and the poll activity's
// result. Callers import this file, never ./workflow. Workflow-safe: types and definitions only.
import { defineQuery } from '@temporalio/workflow';

/** The workflow type (the exported function's name in src/workflows/index.ts). */
export const DM_POLLER_WORKFLOW_TYPE = 'dmPollerWorkflow';
export type DmPollerWorkflow = (input: DmPollerInput) => Promise<void>;

export const DM_POLLER_ID = 'dm-poller';

export interface DmPollerTotals { polls: number; seen: number; routed: number; inbox: number }

export interface DmPollerInput {
  taskQueue: string;
  intervalMs?: number;
  iterationsPerRun?: number;
  sinceId?: string;
  totals?: DmPollerTotals;
}

export interface DmPollerState { totals: DmPollerTotals; sinceId?: string }
export const pollerStateQuery = defineQuery<DmPollerState>('pollerState');

// ---- the activity's input and result ----

/** dmPollAndRoute's input: DM events newer than `sinceId`, routed with this task queue. */
export interface DmPollInput { sinceId?: string; taskQueue: string }
export interface DmPollResult { lastId?: string; seen: number; routed: number; inbox: number; ignored: number }
