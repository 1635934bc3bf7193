// The ingest activity: a long-running, heartbeating activity around the ingest loop (src/ingest/).
// It picks the resume point (the last heartbeat, else the input, else the stored checkpoint) and
// wires the loop to the activity's context: heartbeats, cancellation, the Temporal client.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { IncomingTweet } from '../x';
import { readCursor, INGEST_CHECKPOINT } from '../store/meta';
import { holdsIngestLease, takeIngestLease } from '../store/ingest-lease';
import type { OptInIntake } from '../campaigns/optin';
import { reconcileRules } from '../campaigns/rules';
import { syncMentionsRule } from '../campaigns/brand-rules';
import { runIngestLoop } from '../ingest/loop';
import type { BatchResult } from '../ingest/pipeline';
import { createOutreachStarter } from '../ingest/outreach-starter';
import type { OutreachStarter } from '../ingest/outreach-port';
import type { IngestCheckpoint, IngestInput } from '../workflows/ingest/contract';

export type { IngestCheckpoint, IngestInput } from '../workflows/ingest/contract';

export interface IngestDeps extends ActivityDeps {
  /** Overrides how conversations are started (tests, benchmarks). */
  startOutreach?: OutreachStarter;
  /** Observes every processed batch (benchmarks). */
  onBatch?: (r: BatchResult, tweets: IncomingTweet[]) => void;
  /** The opt-in policy's step in every batch (keyword replies to opt-in posts). */
  optIn?: OptInIntake;
}

export function createIngestActivities(deps: IngestDeps) {
  return {
    async runIngest(input: IngestInput = {}): Promise<IngestCheckpoint> {
      const ctx = Context.current();
      const hb = ctx.info.heartbeatDetails as IngestCheckpoint | undefined;
      const stored = (await readCursor(deps.db, INGEST_CHECKPOINT))?.lastId;
      const sinceId = hb?.lastId ?? input.sinceId ?? stored;
      const log = deps.log.child({ activity: 'runIngest', attempt: ctx.info.attempt });
      const starter = deps.startOutreach ?? createOutreachStarter(deps, () => ctx.client);
      // This attempt is the current one (Temporal started it): it takes the stream's lease.
      const wf = ctx.info.workflowExecution;
      const lease = { key: wf?.workflowId ?? 'ingest', owner: `${wf?.runId ?? ''}/${ctx.info.activityId}#${ctx.info.attempt}` };
      await takeIngestLease(deps.db, lease.key, lease.owner);
      return runIngestLoop({
        stillHolder: () => holdsIngestLease(deps.db, lease.key, lease.owner),
        db: deps.db, log, now: deps.now, models: await deps.models(), startOutreach: starter, onBatch: deps.onBatch, optIn: deps.optIn,
        stream: (o) => deps.x.stream(o),
        // Start-up and every reconnection: X's rule list may have changed without us (someone
        // deleted or added rules, or a crash came between X and the store).
        reconcile: async () => {
          const r = await reconcileRules(deps.db, deps.x);
          if (r.added || r.deleted || r.repairedRefs) log.info({ rules: r }, 'rules reconciled with X');
          // Public opt-outs addressed to the brand reach ingest even without a campaign keyword.
          const brandUserId = deps.x.brandUserId ?? deps.config.X_BRAND_USER_ID;
          if (brandUserId && (await syncMentionsRule({ x: deps.x, brandUserId })) === 'added') log.info('brand-mentions rule added');
        },
        heartbeat: (d) => ctx.heartbeat(d),
        ...(ctx.info.heartbeatTimeoutMs ? { heartbeatTimeoutMs: ctx.info.heartbeatTimeoutMs } : {}),
        cancel: ctx.cancellationSignal,
      }, { ...input, sinceId, processedBefore: hb?.processed ?? 0 });
    },
  };
}
