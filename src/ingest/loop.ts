// The ingest loop: the one filtered-stream connection X allows per app, read in batches (by size
// or time) through the pipeline; the heartbeat carries the resume point, so after a crash or retry
// the stream backfills everything after it. Free of the activity context (src/activities/ingest.ts
// drives it), so tests and benchmarks can run it directly.
import { CancelledFailure } from '@temporalio/activity';
import type { Db } from 'mongodb';
import type { ActivityDeps } from '../activities/deps';
import { invalidTweetReason, type IncomingTweet, type StreamEvent } from '../x';
import { advanceCursor, INGEST_CHECKPOINT } from '../store/meta';
import type { OptInIntake } from '../campaigns/optin';
import { RuleRouter } from '../campaigns/rules';
import { CampaignCache } from './cache';
import { PROFILE_FLUSH_MS, ProfileBook } from './profile-book';
import { processBatch, type BatchResult } from './pipeline';
import type { OutreachStarter } from './outreach-port';
import { DeadLetterBox } from './dead-letters';
import { ResumePoint } from './resume-point';
import { keepAliveInterval } from '../heartbeat';
import type { IngestCheckpoint, IngestInput } from '../workflows/ingest/contract';

export type { IngestCheckpoint, IngestInput };

/** Rules are reconciled with X at start, after each reconnection, and at least this often. */
const RECONCILE_EVERY_MS = 5 * 60_000;

export interface LoopDeps {
  db: Db;
  log: ActivityDeps['log'];
  /** The clock (ms since the epoch): checkpoint times, profile ages. */
  now: () => number;
  models: Awaited<ReturnType<ActivityDeps['models']>>;
  startOutreach: OutreachStarter;
  optIn?: OptInIntake;
  /** Observes every processed batch (benchmarks). */
  onBatch?: (r: BatchResult, tweets: IncomingTweet[]) => void;
  /** Observes tweets whose profile changes are now stored, and how many profiles still wait (benchmarks). */
  onProfilesFlushed?: (tweetIds: string[], profilesWaiting: number) => void;
  stream: (o: Parameters<ActivityDeps['x']['stream']>[0]) => Promise<void>;
  /** Brings X's rules and the store in line; run before streaming and after each reconnection. */
  reconcile?: () => Promise<void>;
  heartbeat: (d: IngestCheckpoint) => void;
  /** False once a newer attempt took the stream's lease: this one stops (checked every ~2 s). */
  stillHolder?: () => Promise<boolean>;
  /** The activity's heartbeat timeout: the loop beats well within it even while a batch runs. */
  heartbeatTimeoutMs?: number;
  cancel: AbortSignal;
}

/** The loop itself, free of the activity context so it can be driven directly. */
export async function runIngestLoop(d: LoopDeps, input: IngestInput & { processedBefore?: number }): Promise<IngestCheckpoint> {
  const batchSize = input.batchSize ?? 500;
  const batchMs = input.batchMs ?? 100;
  const campaigns = new CampaignCache(d.db, d.now);
  const rules = new RuleRouter(d.db, d.now);
  const dead = new DeadLetterBox(d.db, d.now, (err) => d.log.warn({ err }, 'could not store a dead letter'));
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

  const resume = new ResumePoint(input.sinceId);
  let processed = input.processedBefore ?? 0;
  let buffer: IncomingTweet[] = [];
  /** The one batch being processed; tweets arriving meanwhile wait in `buffer`. */
  let inFlight: Promise<void> | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let failure: unknown;
  // Profiles are written behind the batches; a tweet stays pending until its profile change is stored.
  const profileBook = new ProfileBook(d.db, { now: d.now, flushAfterMs: input.profileFlushMs ?? PROFILE_FLUSH_MS,
    onFlushed: (ids) => { for (const id of ids) resume.stored(id); d.onProfilesFlushed?.(ids, profileBook.dirtyCount); },
    onFailure: (err) => { failure ??= err; stop.abort(); } });
  let savedAt = 0;
  let leaseCheckedAt = 0;
  const checkLease = () => {
    if (!d.stillHolder || d.now() - leaseCheckedAt < 2000) return;
    leaseCheckedAt = d.now();
    void d.stillHolder().then((mine) => {
      if (mine) return;
      failure ??= new Error('ingest moved to a newer attempt (its lease was taken): this attempt stops');
      stop.abort();
    }, () => undefined); // the store is unreachable: the next check, or the next write, says so
  };
  const beat = () => {
    checkLease();
    const cp = resume.current();
    d.heartbeat({ ...(cp ? { lastId: cp } : {}), processed });
    if (cp && d.now() - savedAt > 2000) {
      savedAt = d.now();
      void advanceCursor(d.db, INGEST_CHECKPOINT, cp, new Date(savedAt)).catch(() => undefined);
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
        const r = await processBatch({ db: d.db, now: d.now, models: d.models, campaigns, rules, startOutreach: d.startOutreach, optIn: d.optIn, profileBook }, batch);
        processed += batch.length;
        resume.processed(batch.map((t) => t.id), (id) => profileBook.holds(id));
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
        resume.delivered(t);
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
        // The first connection was reconciled before the stream opened.
        if (e.type === 'connected') { if (resume.connected()) void reconcile(); }
        else if (e.type === 'backfilled') resume.backfilled(e.delivered);
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
  const cp = resume.current();
  if (cp) await advanceCursor(d.db, INGEST_CHECKPOINT, cp, new Date(d.now()));
  if (d.cancel.aborted) throw new CancelledFailure('ingest cancelled');
  return { ...(cp ? { lastId: cp } : {}), processed };
}
