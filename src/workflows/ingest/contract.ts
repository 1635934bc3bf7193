// The ingest workflow's contract (one per deployment, `ingest`): its input, id helpers and the
// ingest activity's input and checkpoint. Callers import this file, never ./workflow.
// Workflow-safe: types and pure helpers only.

/** The workflow type (the exported function's name in src/workflows/index.ts). */
export const INGEST_WORKFLOW_TYPE = 'ingestWorkflow';
export type IngestWorkflow = (input?: IngestWorkflowInput) => Promise<void>;

export const INGEST_WORKFLOW_ID = 'ingest';
/**
 * X allows one stream per app, so one ingest per deployment: `ingest` on the default task queue.
 * Other task queues (tests, side-by-side deployments in one namespace) get their own.
 */
export const ingestWorkflowId = (taskQueue: string): string => (taskQueue === 'chirpflow' ? INGEST_WORKFLOW_ID : `${INGEST_WORKFLOW_ID}@${taskQueue}`);

export interface IngestWorkflowInput {
  sinceId?: string;
  /** Per activity run before it returns (default 1 h). */
  runMs?: number;
  /** Seconds without a heartbeat before a crashed worker's run is retried elsewhere (default 30). */
  heartbeatTimeoutSec?: number;
  batchSize?: number;
  batchMs?: number;
  /** How old a profile change gets before it is written (default 2 s; see ProfileBook). */
  profileFlushMs?: number;
}

// ---- the activity's input and result ----

/** runIngest's input. */
export interface IngestInput {
  /** Resume point when the heartbeat has none (first attempt of a run). */
  sinceId?: string;
  /** Return (for continue-as-new) after this long; the stream is reopened by the next run. */
  maxRunMs?: number;
  batchSize?: number;
  batchMs?: number;
  /** Profile changes are written once this old (ms), so a person's next tweets share the write. */
  profileFlushMs?: number;
}

/** runIngest's result and heartbeat: where the next run resumes, and how many tweets so far. */
export interface IngestCheckpoint { lastId?: string; processed: number }
