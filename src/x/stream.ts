// The resilient filtered stream. One call to `runStream` keeps a connection open until the signal
// aborts, reconnecting with X's backoff rules, and after every (re)connection backfills the gap with
// recent search so that no matching tweet is lost and none is delivered twice.
import { ETwitterStreamEvent, type TweetStream } from 'twitter-api-v2';
import { X_BACKOFF, backoffDelay, type BackoffPolicy, type FailureKind } from './backoff';
import { RecentIds } from './dedupe';
import { toXError, XAuthError, XForbiddenError, XRateLimitError } from './errors';
import { xMetrics } from './metrics';
import { compareIds, invalidTweetReason, normalizeStreamPayload, type RawStreamPayload } from './normalize';
import { sleep } from './sleep';
import type { IncomingTweet, StreamRule } from './types';
import { logger } from '../log';

const log = logger.child({ mod: 'x.stream' });

export type StreamEvent =
  | { type: 'connected'; attempt: number }
  | { type: 'disconnected'; cause: string }
  | { type: 'retrying'; kind: FailureKind; delayMs: number; error: string }
  | { type: 'backfilled'; sinceId: string; delivered: number }
  /** `raw`: the line (or tweet) as received, cut to 16 KiB, when there was one to keep. */
  | { type: 'bad-line'; reason: string; raw?: string };

export interface StreamOptions {
  signal?: AbortSignal;
  /** Resume point: tweets newer than this id are recovered by search before/while streaming. */
  sinceId?: string;
  /** Called once per tweet, in order; a returned promise is awaited before the next tweet. */
  onTweet: (t: IncomingTweet) => void | Promise<void>;
  /** Observability hook: connections, retries, backfills, malformed lines. */
  onEvent?: (e: StreamEvent) => void;
  /** Reconnect when nothing (not even a keep-alive) arrives for this long. X: 20 s × 1.5. */
  keepAliveTimeoutMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Recover disconnection gaps with recent search (default true). */
  backfill?: boolean;
  /**
   * A line longer than this (no `\r\n` yet) is garbage: X's largest payloads are far smaller.
   * The connection is dropped and the gap backfilled, instead of buffering without bound.
   */
  maxLineBytes?: number;
}

/** What the stream needs from the client; kept narrow so it can be faked in unit tests. */
export interface StreamDeps {
  openStream(): TweetStream;
  listRules(): Promise<StreamRule[]>;
  searchRecent(query: string, opts: { sinceId?: string; startTime?: string; maxResults?: number }): AsyncIterable<IncomingTweet>;
}

/** A gap starts after a tweet id, or (before any tweet was seen) at a point in time. */
type GapStart = string | { startTime: string };

function earlierGap(a: GapStart, b: GapStart | undefined): GapStart {
  if (b === undefined) return a;
  if (typeof a !== 'string') return a; // a time-based gap covers everything since the start
  if (typeof b !== 'string') return b;
  return compareIds(a, b) < 0 ? a : b;
}

function classify(err: unknown): FailureKind {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'number') return 'network';
  return code === 429 ? 'rateLimit' : 'http';
}

export async function runStream(deps: StreamDeps, opts: StreamOptions): Promise<void> {
  const policy: BackoffPolicy = { ...X_BACKOFF, ...opts.backoff };
  const keepAliveMs = opts.keepAliveTimeoutMs ?? 30_000;
  const backfillEnabled = opts.backfill !== false;
  const maxLineBytes = opts.maxLineBytes ?? 1024 * 1024;
  const emit = opts.onEvent ?? (() => undefined);
  const inner = new AbortController();
  const signal = inner.signal;
  const onOuterAbort = () => inner.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) inner.abort();

  const seen = new RecentIds();
  let lastSeenId: string | undefined = opts.sinceId;
  let fatal: unknown;
  const fail = (err: unknown) => {
    if (fatal === undefined) fatal = err;
    inner.abort();
  };

  // Logged with a running count, and only sparsely once they pile up, so a garbage flood cannot
  // drown the log.
  let badLines = 0;
  const badLine = (reason: string, raw?: unknown) => {
    badLines++;
    xMetrics.streamBadLines.inc({ reason });
    if (badLines <= 10 || badLines % 1000 === 0) log.warn({ reason, badLines }, 'skipped a stream line that is not a tweet');
    emit({ type: 'bad-line', reason, ...(raw !== undefined ? { raw: rawText(raw) } : {}) });
  };

  // --- ordered delivery; async handlers are awaited one at a time --------------------------
  const queue: IncomingTweet[] = [];
  let qHead = 0;
  let draining: Promise<void> | undefined;
  const deliverNow = (t: IncomingTweet): unknown => {
    try {
      return opts.onTweet(t);
    } catch (err) {
      fail(err);
      return undefined;
    }
  };
  const drain = async (first: PromiseLike<unknown>) => {
    try {
      await first;
      while (qHead < queue.length && fatal === undefined) {
        const t = queue[qHead++]!;
        await opts.onTweet(t);
      }
    } catch (err) {
      fail(err);
    } finally {
      queue.length = 0;
      qHead = 0;
      draining = undefined;
    }
  };
  const deliver = (t: IncomingTweet, via: 'stream' | 'backfill', raw?: unknown) => {
    if (fatal !== undefined) return;
    // Before anything compares its id: a bad one would corrupt the resume point and the dedupe.
    const invalid = invalidTweetReason(t);
    if (invalid) return badLine(invalid, raw ?? t);
    if (!seen.add(t.id)) {
      xMetrics.streamDuplicates.inc();
      return;
    }
    if (lastSeenId === undefined || compareIds(t.id, lastSeenId) > 0) lastSeenId = t.id;
    t.via = via;
    xMetrics.streamTweets.inc({ via });
    if (draining) {
      queue.push(t);
      return;
    }
    const r = deliverNow(t);
    if (r && typeof (r as PromiseLike<unknown>).then === 'function') draining = drain(r as PromiseLike<unknown>);
  };

  // --- gap recovery ---------------------------------------------------------------------------
  let pendingSince: GapStart | undefined;
  let backfilling: Promise<void> | undefined;
  const scheduleBackfill = (since: GapStart) => {
    if (!backfillEnabled) return;
    pendingSince = earlierGap(since, pendingSince);
    if (!backfilling) backfilling = backfillLoop().finally(() => (backfilling = undefined));
  };
  const backfillOnce = async (since: GapStart) => {
    const rules = await deps.listRules();
    const found = new Map<string, IncomingTweet>();
    for (const rule of rules) {
      for await (const t of deps.searchRecent(rule.value, { ...(typeof since === 'string' ? { sinceId: since } : since), maxResults: 100 })) {
        if (signal.aborted) return;
        const prev = found.get(t.id);
        const match = { id: rule.id, tag: rule.tag };
        if (prev) prev.matchingRules = [...(prev.matchingRules ?? []), match];
        else found.set(t.id, { ...t, matchingRules: [match] });
      }
    }
    // Oldest first, like the stream would have delivered them.
    const ordered = [...found.values()].sort((a, b) => compareIds(a.id, b.id));
    let delivered = 0;
    for (const t of ordered) {
      if (seen.has(t.id)) continue;
      deliver(t, 'backfill');
      delivered++;
    }
    emit({ type: 'backfilled', sinceId: typeof since === 'string' ? since : since.startTime, delivered });
  };
  const backfillLoop = async () => {
    let attempt = 0;
    while (pendingSince !== undefined && !signal.aborted) {
      const since = pendingSince;
      pendingSince = undefined;
      try {
        await backfillOnce(since);
        attempt = 0;
      } catch (err) {
        const xe = toXError(err);
        if (xe instanceof XAuthError || xe instanceof XForbiddenError) return fail(xe);
        attempt++;
        pendingSince = earlierGap(since, pendingSince);
        const delay = xe instanceof XRateLimitError
          ? Math.max(0, xe.resetAt.getTime() - Date.now())
          : backoffDelay('http', attempt, policy);
        log.warn({ err: xe.message, delay }, 'backfill failed; will retry');
        await sleep(delay, signal);
      }
    }
  };

  // --- connection loop --------------------------------------------------------------------------
  const attempts: Record<FailureKind, number> = { network: 0, http: 0, rateLimit: 0 };
  const retry = async (kind: FailureKind, err: unknown) => {
    attempts[kind]++;
    let delay = backoffDelay(kind, attempts[kind], policy);
    if (kind === 'rateLimit') {
      // Only a spent budget makes the reset worth waiting for; a 429 for too many connections
      // comes with a budget that still has room, and X's 1-minute exponential rule applies alone.
      const rl = (err as { rateLimit?: { reset?: number; remaining?: number } })?.rateLimit;
      if (rl?.reset && rl.remaining === 0) delay = Math.max(delay, rl.reset * 1000 - Date.now());
    }
    const msg = err instanceof Error ? err.message : String(err);
    emit({ type: 'retrying', kind, delayMs: delay, error: msg });
    xMetrics.streamReconnects.inc({ cause: kind });
    await sleep(delay, signal);
  };

  let connections = 0;
  // Where the current gap starts: the newest id delivered before the drop (or the caller's resume
  // point). Before any tweet was seen, the gap is "since the first connection" (start_time).
  let gapFrom: string | undefined = opts.sinceId;
  let firstConnectedAt: string | undefined;
  let closeCurrent: ((cause: string) => void) | undefined;
  const onAbort = () => closeCurrent?.('aborted');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!signal.aborted) {
      const ts = deps.openStream();
      const closed = new Promise<string>((resolve) => {
        closeCurrent = resolve;
        ts.on(ETwitterStreamEvent.Data, (payload: RawStreamPayload) => {
          const t = normalizeStreamPayload(payload);
          if (t) deliver(t, 'stream', payload);
          else badLine('not_a_tweet', payload);
        });
        ts.on(ETwitterStreamEvent.TweetParseError, () => badLine('invalid_json'));
        ts.on(ETwitterStreamEvent.DataError, (payload: unknown) => {
          log.warn({ payload }, 'X sent an error on the stream');
          badLine('error_payload');
        });
        ts.on(ETwitterStreamEvent.ConnectionLost, () => resolve('keep-alive timeout'));
        ts.on(ETwitterStreamEvent.ConnectionClosed, () => resolve('closed'));
        // Listening on the generic error event keeps the emitter from ever throwing.
        ts.on(ETwitterStreamEvent.Error, () => undefined);
      });
      try {
        await ts.connect({ autoReconnect: false, keepAliveTimeout: keepAliveMs });
      } catch (err) {
        ts.destroy();
        if (signal.aborted) break;
        const xe = toXError(err);
        if (xe instanceof XAuthError || xe instanceof XForbiddenError) throw xe;
        await retry(classify(err), err);
        continue;
      }
      if (signal.aborted) {
        ts.destroy();
        break;
      }
      // twitter-api-v2's parser buffers until it sees a delimiter, without a bound. Watch the raw
      // bytes (the response is a protected field of TweetStream) to cut off runaway lines.
      const raw = (ts as unknown as { res?: NodeJS.ReadableStream }).res;
      // The parser also decodes each network read on its own (chunk.toString()), so a character
      // whose UTF-8 bytes straddle two reads became two U+FFFD. A string decoder on the response
      // keeps such a character whole until its last byte arrives.
      raw?.setEncoding('utf8');
      let pendingBytes = 0;
      raw?.on('data', (chunk: Buffer | string) => {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const nl = buf.lastIndexOf(10);
        pendingBytes = nl < 0 ? pendingBytes + buf.length : buf.length - nl - 1;
        if (pendingBytes > maxLineBytes) {
          pendingBytes = 0;
          badLine('oversized');
          closeCurrent?.('oversized line');
        }
      });
      connections++;
      firstConnectedAt ??= new Date(Date.now() - 1000).toISOString();
      attempts.network = attempts.http = attempts.rateLimit = 0;
      xMetrics.streamConnected.set(1);
      emit({ type: 'connected', attempt: connections });
      // Whatever happened before this connection is recovered by search; overlap with the live
      // stream is removed by the id set.
      if (connections > 1 || opts.sinceId !== undefined) scheduleBackfill(gapFrom ?? { startTime: firstConnectedAt });
      const cause = await closed;
      closeCurrent = undefined;
      xMetrics.streamConnected.set(0);
      gapFrom = lastSeenId;
      ts.destroy();
      if (signal.aborted) break;
      emit({ type: 'disconnected', cause });
      log.info({ cause }, 'filtered stream disconnected; reconnecting');
      await retry('network', new Error(cause));
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    opts.signal?.removeEventListener('abort', onOuterAbort);
    inner.abort();
    xMetrics.streamConnected.set(0);
    await backfilling?.catch(() => undefined);
    await draining;
  }
  if (fatal !== undefined) throw fatal;
}

const MAX_RAW = 16 * 1024;
function rawText(raw: unknown): string {
  let s: string;
  try { s = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw); } catch { s = String(raw); }
  return s.length > MAX_RAW ? s.slice(0, MAX_RAW) : s;
}
