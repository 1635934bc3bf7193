// The one filtered-stream connection X allows per app, held by a long-running heartbeating
// activity. Tweets are batched (by size or time), run through the pipeline, and the heartbeat
// carries the resume point: after a crash or retry the stream backfills everything after it.
import { Context, CancelledFailure } from '@temporalio/activity';
import type { Db } from 'mongodb';
import type { ActivityDeps } from './deps';
import { invalidTweetReason, type IncomingTweet, type StreamEvent } from '../x';
import { CampaignCache } from '../campaigns/cache';
import { PROFILE_FLUSH_MS, ProfileBook } from '../campaigns/profile-book';
import { compareIds, processBatch, type BatchResult } from '../campaigns/pipeline';
import { createOutreachStarter } from '../campaigns/outreach';
import { COLLECTIONS } from '../store';
import type { OutreachStarter } from '../campaigns/outreach-port';
import type { OptInIntake } from '../campaigns/optin';
import { reconcileRules, RuleRouter } from '../campaigns/rules';
import { DeadLetterBox } from '../campaigns/dead-letters';
import type { IngestCheckpoint, IngestInput } from '../workflows/ingest/contract';

export type { IngestCheckpoint, IngestInput } from '../workflows/ingest/contract';

const CHECKPOINT_ID = 'ingest-checkpoint';
/** Rules are reconciled with X at start, after each reconnection, and at least this often. */
const RECONCILE_EVERY_MS = 5 * 60_000;

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
      const stored = await readCheckpoint(deps.db);
      const sinceId = hb?.lastId ?? input.sinceId ?? stored;
      const log = deps.log.child({ activity: 'runIngest', attempt: ctx.info.attempt });
      const starter = deps.startOutreach ?? createOutreachStarter(deps, () => ctx.client);
      return runIngestLoop({
        db: deps.db, log, models: await deps.models(), startOutreach: starter, onBatch: deps.onBatch, optIn: deps.optIn,
        stream: (o) => deps.x.stream(o),
        // Start-up and every reconnection: X's rule list may have changed without us (someone
        // deleted or added rules, or a crash came between X and the store).
        reconcile: async () => { const r = await reconcileRules(deps.db, deps.x); if (r.added || r.deleted || r.repairedRefs) log.info({ rules: r }, 'rules reconciled with X'); },
        heartbeat: (d) => ctx.heartbeat(d),
        ...(ctx.info.heartbeatTimeoutMs ? { heartbeatTimeoutMs: ctx.info.heartbeatTimeoutMs } : {}),
        cancel: ctx.cancellationSignal,
      }, { ...input, sinceId, processedBefore: hb?.processed ?? 0 });
    },
  };
}

interface LoopDeps {
  db: Db;
  log: ActivityDeps['log'];
  models: Awaited<ReturnType<ActivityDeps['models']>>;
  startOutreach: OutreachStarter;
  optIn?: OptInIntake;
  onBatch?: IngestDeps['onBatch'];
  /** Observes tweets whose profile changes are now stored, and how many profiles still wait (benchmarks). */
  onProfilesFlushed?: (tweetIds: string[], profilesWaiting: number) => void;
  stream: (o: Parameters<ActivityDeps['x']['stream']>[0]) => Promise<void>;
  /** Brings X's rules and the store in line; run before streaming and after each reconnection. */
  reconcile?: () => Promise<void>;
  heartbeat: (d: IngestCheckpoint) => void;
  /** The activity's heartbeat timeout: the loop beats well within it even while a batch runs. */
  heartbeatTimeoutMs?: number;
  cancel: AbortSignal;
}

/** How often to beat: a third of the timeout (the SDK throttles to 80% of it), at most every 5 s. */
export function keepAliveInterval(heartbeatTimeoutMs: number | undefined): number {
  return heartbeatTimeoutMs ? Math.max(100, Math.min(5000, Math.floor(heartbeatTimeoutMs / 3))) : 5000;
}

/** The loop itself, free of the activity context so it can be driven directly. */
export async function runIngestLoop(d: LoopDeps, input: IngestInput & { processedBefore?: number }): Promise<IngestCheckpoint> {
  const batchSize = input.batchSize ?? 500;
  const batchMs = input.batchMs ?? 100;
  const campaigns = new CampaignCache(d.db);
  const rules = new RuleRouter(d.db);
  const dead = new DeadLetterBox(d.db, (err) => d.log.warn({ err }, 'could not store a dead letter'));
  let reconciling: Promise<void> | undefined;
  const reconcile = (): Promise<void> => (reconciling ??= (async () => {
    if (!d.reconcile) return;
    try {
      await d.reconcile();
    } catch (err) {
      d.log.warn({ err: (err as Error).message }, 'rule reconciliation failed; the next reconnection or round retries');
    }
    rules.invalidate();
  })().finally(() => { reconciling = undefined; }));
  // Also now and then: bounds how long anything a crash or another tool left at X can last (and
  // campaigns whose workflow predates shared rules get their rules back after a resume).
  const reconcileTimer = d.reconcile ? setInterval(() => void reconcile(), RECONCILE_EVERY_MS) : undefined;
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  d.cancel.addEventListener('abort', onCancel, { once: true });
  const timer = input.maxRunMs ? setTimeout(() => stop.abort(), input.maxRunMs) : undefined;

  let lastId = input.sinceId;
  let processed = input.processedBefore ?? 0;
  let buffer: IncomingTweet[] = [];
  /** The one batch being processed; tweets arriving meanwhile wait in `buffer`. */
  let inFlight: Promise<void> | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let failure: unknown;
  /** Delivered but not yet stored; the checkpoint must stay below the oldest of them. */
  const pending = new Set<string>();
  // Profiles are written behind the batches; a tweet stays pending until its profile change is stored.
  const profileBook = new ProfileBook(d.db, { flushAfterMs: input.profileFlushMs ?? PROFILE_FLUSH_MS, onFlushed: (ids) => { for (const id of ids) pending.delete(id); d.onProfilesFlushed?.(ids, profileBook.dirtyCount); },
    onFailure: (err) => { failure ??= err; stop.abort(); } });
  let savedAt = 0;
  // After every (re)connection the stream recovers the gap by search, while live tweets (newer than
  // the whole gap) keep arriving and get stored first. Until the gap's tweets have been handed to
  // us (and so sit in `pending`), the resume point must not pass the gap's start, or a crash in
  // between would resume after tweets that were never stored. A hold is the resume point at the
  // moment of the connection (never beyond the gap's start); it is released once the backfill
  // that covers it has delivered all it announced.
  interface Hold { at: string | undefined; ticket?: number }
  let covering: Hold[] = []; // covered by the backfill the stream is running now
  let waiting: Hold[] = []; // gaps that opened while a backfill ran: the stream's next backfill
  const released: Hold[] = []; // announced; released once `backfillReceived` reaches the ticket
  let backfillAnnounced = 0;
  let backfillReceived = 0;
  let connections = 0;
  const onConnected = () => {
    connections++;
    // Mirrors the stream: a backfill follows every reconnection, and the first one when resuming.
    if (connections === 1 && !input.sinceId) return;
    if (connections > 1) void reconcile(); // the first was reconciled before the stream opened
    const hold: Hold = { at: checkpoint() };
    if (covering.length) waiting.push(hold);
    else covering.push(hold);
  };
  const onBackfilled = (delivered: number) => {
    backfillAnnounced += delivered;
    for (const h of covering) released.push({ ...h, ticket: backfillAnnounced });
    covering = waiting;
    waiting = [];
  };
  const holdsFloor = (): { held: boolean; at: string | undefined } => {
    while (released.length && backfillReceived >= released[0]!.ticket!) released.shift();
    let held = false;
    let at: string | undefined;
    for (const h of [...released, ...covering, ...waiting]) {
      if (!held || h.at === undefined || (at !== undefined && compareIds(h.at, at) < 0)) at = h.at;
      held = true;
      if (at === undefined) break;
    }
    return { held, at };
  };

  const checkpoint = (): string | undefined => {
    const hold = holdsFloor();
    if (hold.held && hold.at === undefined) return undefined;
    let cp = lastId;
    if (hold.at !== undefined && (cp === undefined || compareIds(hold.at, cp) < 0)) cp = hold.at;
    for (const id of pending) {
      const below = (BigInt(id) - 1n).toString();
      if (cp === undefined || compareIds(below, cp) < 0) cp = below;
    }
    return cp;
  };
  const beat = () => {
    const cp = checkpoint();
    d.heartbeat({ ...(cp ? { lastId: cp } : {}), processed });
    if (cp && Date.now() - savedAt > 2000) {
      savedAt = Date.now();
      void writeCheckpoint(d.db, cp).catch(() => undefined);
    }
  };
  // One batch at a time. Under load the buffer fills while a batch is stored, so the next batch
  // is bigger and the fixed cost per batch (round trips) is shared by more tweets. (Chaining a new
  // small batch per timer tick instead, with nothing pushing back on the stream, made the queue of
  // batches grow without bound while each batch carried only ~100 ms of tweets.)
  const startBatch = (): Promise<void> => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (inFlight) return inFlight;
    if (!buffer.length || failure) return Promise.resolve();
    const batch = buffer.length > batchSize ? buffer.splice(0, batchSize) : buffer;
    if (batch === buffer) buffer = [];
    inFlight = (async () => {
      try {
        await profileBook.room();
        const r = await processBatch({ db: d.db, models: d.models, campaigns, rules, startOutreach: d.startOutreach, optIn: d.optIn, profileBook }, batch);
        processed += batch.length;
        for (const t of batch) {
          if (!profileBook.holds(t.id)) pending.delete(t.id);
          if (!lastId || compareIds(t.id, lastId) > 0) lastId = t.id;
        }
        d.onBatch?.(r, batch);
        beat();
      } catch (err) {
        failure = err;
        stop.abort();
      } finally {
        inFlight = undefined;
      }
      // What arrived meanwhile goes next, at once: waiting for the timer would only add latency.
      if (buffer.length && !failure) void startBatch();
    })();
    return inFlight;
  };
  /** Everything delivered so far stored (or the loop failed). */
  const drainAll = async () => {
    while ((inFlight || buffer.length) && !failure) await startBatch();
    if (!failure) await profileBook.drain().catch((err: unknown) => { failure = err; });
  };

  // A fixed 5 s beat let a short heartbeat timeout (3 s) expire during one slow batch: the run was
  // failed and retried from its last beat, over and over, without ever getting past that batch.
  const keepAlive = setInterval(beat, keepAliveInterval(d.heartbeatTimeoutMs));
  beat();
  try {
    await reconcile();
    await d.stream({
      signal: stop.signal,
      ...(input.sinceId ? { sinceId: input.sinceId } : {}),
      onTweet: (t) => {
        // One bad tweet never stops ingest: kept aside, counted, never compared or stored.
        const invalid = invalidTweetReason(t);
        if (invalid) return dead.add(invalid, JSON.stringify(t).slice(0, 16 * 1024));
        pending.add(t.id);
        if (t.via === 'backfill') backfillReceived++;
        buffer.push(t);
        if (inFlight) {
          // Backpressure: a full buffer behind a running batch holds the stream until it is done.
          return buffer.length >= batchSize ? inFlight : undefined;
        }
        if (buffer.length >= batchSize) void startBatch();
        else flushTimer ??= setTimeout(() => void startBatch(), batchMs);
        return undefined;
      },
      onEvent: (e: StreamEvent) => {
        if (e.type === 'connected') onConnected();
        else if (e.type === 'backfilled') onBackfilled(e.delivered);
        if (e.type === 'bad-line') dead.add(e.reason, e.raw);
        else d.log.info({ event: e }, 'stream');
      },
    });
    await drainAll();
  } finally {
    clearInterval(keepAlive);
    clearInterval(reconcileTimer);
    clearTimeout(timer);
    clearTimeout(flushTimer);
    d.cancel.removeEventListener('abort', onCancel);
    await dead.flush();
    await reconciling;
  }
  if (failure) throw failure;
  const cp = checkpoint();
  if (cp) await writeCheckpoint(d.db, cp);
  if (d.cancel.aborted) throw new CancelledFailure('ingest cancelled');
  return { ...(cp ? { lastId: cp } : {}), processed };
}

async function readCheckpoint(db: Db): Promise<string | undefined> {
  const doc = await db.collection<{ _id: string; lastId?: string }>(COLLECTIONS.meta).findOne({ _id: CHECKPOINT_ID });
  return doc?.lastId;
}

/** Only ever moves forward, so a slow writer cannot rewind it. */
async function writeCheckpoint(db: Db, lastId: string): Promise<void> {
  const col = db.collection<{ _id: string; lastId?: string; len?: number; at?: Date }>(COLLECTIONS.meta);
  const cur = await col.findOne({ _id: CHECKPOINT_ID });
  if (cur?.lastId && compareIds(cur.lastId, lastId) >= 0) return;
  await col.updateOne({ _id: CHECKPOINT_ID }, { $set: { lastId, at: new Date() } }, { upsert: true });
}
