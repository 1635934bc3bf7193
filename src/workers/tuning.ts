// How a worker takes workflow tasks. The SDK's defaults poll the normal (non-sticky) task queue with
// 2 of 10 pollers; new conversations' first tasks and every task of an evicted conversation come
// from that queue, one task per poll round trip. With a backlog there and ~0.2-0.4 s per round trip
// on the embedded dev server, 2 pollers took 5-13 tasks/s while the worker sat mostly idle
// (bench:outreach, 100k conversations: 9.8/s started, ~5/s picked up at 3 % CPU).
import type { WorkerOptions } from '@temporalio/worker';

/** Concurrent workflow task executions (the SDK's default); polls may not exceed it. */
export const WORKFLOW_TASK_SLOTS = 40;
/** Open workflow task polls, split evenly between the normal and the sticky queue. */
export const WORKFLOW_TASK_POLLS = 20;
export const NON_STICKY_TO_STICKY_POLL_RATIO = 0.5;

export type WorkflowTaskTuning = Pick<WorkerOptions,
  'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'workflowTaskPollerBehavior' | 'nonStickyToStickyPollRatio'>;

/**
 * Options for a worker that keeps `maxCachedWorkflows` workflows in memory (WORKER_MAX_CACHED_WORKFLOWS).
 * The SDK needs at least 2 slots with a cache, and no more slots than cached workflows.
 */
export function workflowTaskTuning(maxCachedWorkflows: number): WorkflowTaskTuning {
  const slots = maxCachedWorkflows === 0 ? WORKFLOW_TASK_SLOTS : Math.max(2, Math.min(WORKFLOW_TASK_SLOTS, maxCachedWorkflows));
  return {
    maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: slots,
    // Not maxConcurrentWorkflowTaskPolls: SDK 1.24 ignores it (always 10) unless the behaviour is given.
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: Math.max(2, Math.min(WORKFLOW_TASK_POLLS, slots)) },
    nonStickyToStickyPollRatio: NON_STICKY_TO_STICKY_POLL_RATIO,
  };
}
