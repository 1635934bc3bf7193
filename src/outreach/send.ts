// The DM send protocol: one DM per ledger key, at most once at X, without guessing.
//
// - One attempt at a time. Each POST is recorded in the ledger (sent_messages) before it starts,
//   with the time after which it can no longer be in flight: start + request timeout + margin.
// - A retry that finds an attempt that may have reached X waits until then (nextRetryDelay, no
//   sleeping in the worker) and resolves it by a lookup at X: DMs from the brand to the person,
//   created after the first attempt's start minus clock skew, text equal up to link rewriting, not
//   claimed by another ledger key. Found: 'sent'. Not found: a new attempt.
// - Where the outcome stays unknown — the lookup keeps failing, cannot reach back far enough, or
//   X confirmed none of `maxUncertainAttempts` attempts — the key becomes 'unknown' and is never
//   sent again (a duplicate is worse than a missing DM). Counted and listed for operators.
// - Rate limits (ours or X's) and X refusals never sleep: they fail the attempt with nextRetryDelay.
import { recordAudit } from '../store/audit';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import {
  XBadRequestError, XForbiddenError, XNotFoundError, XRateLimitError, XTransientError, compareIds, type DmEvent, type XClient,
} from '../x';
import { xMetrics } from '../x/metrics';
import { appendTranscript, isSuppressed, outreachCollections, type SentMessageDoc } from '../store/conversations';
import { acquireDmSlot, type DmLimits } from './limiter';
import { sameDmText } from './dm-text';
import type { SendDmInput, SendDmResult } from '../workflows/outreach/contract';

export interface SendProtocolOptions {
  limits: DmLimits;
  /** Time X may still act on a request after our timeout, plus its DM-listing lag. Default 10 s. */
  inFlightMarginMs?: number;
  /** Our clock against X's, for the lookup's time bound. Default 5 s. */
  clockSkewMs?: number;
  /** Attempts that may have reached X and that no lookup found; one more makes the key 'unknown'. Default 2. */
  maxUncertainAttempts?: number;
  /** Failed lookups before the outcome is declared unknown. Default 5. */
  maxLookupFailures?: number;
  /** Pages of 100 DM events a lookup may read. Default 10. */
  recoveryPages?: number;
  /** Overrides the limiter's clock (tests under the time-skipping server use the server's). */
  now?: () => number;
}

export interface SendContext {
  db: Db; x: XClient; log: Logger; brandId: () => string | undefined;
  /** The activity's clock (deps.now): the limiter's windows are counted on it. */
  now: () => number;
}

const HEARTBEAT_EVERY_MS = 2_000;

/** Heartbeat when running as an activity (the send's heartbeat timeout detects a dead worker). */
function beat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // Not inside an activity (a direct call in a test or a script): nothing to report to.
  }
}

function retryLater(type: string, message: string, delayMs?: number): ApplicationFailure {
  return ApplicationFailure.create({ type, message, ...(delayMs !== undefined ? { nextRetryDelay: Math.max(500, Math.ceil(delayMs)) } : {}) });
}

type Lookup = { kind: 'found'; dm: DmEvent } | { kind: 'not-found' } | { kind: 'incomplete' } | { kind: 'failed'; err: unknown };

export function createSendProtocol(ctx: SendContext, o: SendProtocolOptions) {
  const { db, x, log } = ctx;
  const col = outreachCollections(db);
  const margin = o.inFlightMarginMs ?? 10_000;
  const skew = o.clockSkewMs ?? 5_000;
  const maxUncertain = o.maxUncertainAttempts ?? 2;
  const maxLookupFailures = o.maxLookupFailures ?? 5;
  const pages = o.recoveryPages ?? 10;
  // Fakes of the X client may not say; the real one always does.
  const requestTimeout = () => x.dmRequestTimeoutMs ?? 10_000;

  /** The brand's DMs to this person since `sinceMs` whose text matches and that no other key owns. */
  async function lookup(input: SendDmInput, sinceMs: number): Promise<Lookup> {
    const brand = ctx.brandId();
    const floor = sinceMs - skew;
    const candidates: DmEvent[] = [];
    let token: string | undefined;
    let complete = false;
    for (let page = 0; page < pages && !complete; page++) {
      let res: { events: DmEvent[]; nextToken?: string };
      try {
        // The person's conversation only: a busy inbox does not push the DM out of reach.
        res = await x.listDmEventsWith(input.xUserId, { maxResults: 100, paginationToken: token, noWait: true });
      } catch (err) {
        return { kind: 'failed', err };
      }
      beat();
      for (const e of res.events) {
        const created = Date.parse(e.createdAt);
        if (Number.isFinite(created) && created < floor) { complete = true; continue; }
        const toPerson = e.participantIds?.includes(input.xUserId) || e.dmConversationId.split('-').includes(input.xUserId);
        if (e.eventType === 'MessageCreate' && (!brand || e.senderId === brand) && e.senderId !== input.xUserId && toPerson && sameDmText(input.text, e.text)) {
          candidates.push(e);
        }
      }
      if (!res.nextToken) complete = true;
      token = res.nextToken;
    }
    if (!complete) return { kind: 'incomplete' };
    candidates.sort((a, b) => compareIds(a.id, b.id));
    for (const dm of candidates) if (await claim(dm.id, input.key)) return { kind: 'found', dm };
    return { kind: 'not-found' };
  }

  /** Insert-once ownership of a DM event id; true if it is (now) this key's. */
  async function claim(dmEventId: string, key: string): Promise<boolean> {
    try {
      await col.sentDmClaims.insertOne({ _id: dmEventId, key, at: new Date() });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      return (await col.sentDmClaims.findOne({ _id: dmEventId }))?.key === key;
    }
  }

  const transcriptEntry = (input: SendDmInput, at: Date) => ({
    id: input.key, at, from: input.agent ? 'agent' as const : 'bot' as const, text: input.text, agent: input.agent,
    template: input.template, variant: input.variant,
  });

  /** The audit trail's entry for a DM (who: the agent's identity, or "bot"); no text, only what and to whom. */
  const auditDm = (input: SendDmInput, action: string, outcome: string, extra: Record<string, unknown>) => recordAudit(db, {
    who: input.agent ?? 'bot', action, outcome, xUserId: input.xUserId, conversationId: input.conversationId, key: input.key,
    ...(input.template ? { template: input.template } : {}), ...extra,
  });

  async function markSent(input: SendDmInput, dm: { dmEventId: string; dmConversationId: string }, via: 'send' | 'recovered'): Promise<SendDmResult> {
    const at = new Date();
    if (via === 'send') await claim(dm.dmEventId, input.key);
    const r = await col.sentMessages.updateOne({ _id: input.key, state: 'sending' }, {
      $set: { state: 'sent', sentAt: at, dmEventId: dm.dmEventId, dmConversationId: dm.dmConversationId, via },
    });
    if (r.modifiedCount && via === 'recovered') xMetrics.dmSendRecovered.inc();
    if (r.modifiedCount) await auditDm(input, 'dm.sent', via === 'recovered' ? 'recovered' : 'ok', { dmEventId: dm.dmEventId });
    await appendTranscript(db, input.conversationId, { ...transcriptEntry(input, at), dmEventId: dm.dmEventId });
    return { status: 'sent', dmEventId: dm.dmEventId, at: at.toISOString(), ...(via === 'recovered' ? { recovered: true } : {}) };
  }

  async function markUnknown(input: SendDmInput, reason: string, code: string): Promise<SendDmResult> {
    const at = new Date();
    const r = await col.sentMessages.updateOne({ _id: input.key, state: 'sending' }, { $set: { state: 'unknown', unknownReason: reason, unknownAt: at } });
    if (r.modifiedCount) {
      await auditDm(input, 'dm.sent', 'unknown', { reason: code });
      xMetrics.dmSendUnknown.inc({ reason: code });
      log.warn({ key: input.key, reason }, 'DM send outcome unknown: not sending it again');
    }
    await appendTranscript(db, input.conversationId, { ...transcriptEntry(input, at), outcome: 'unknown' });
    return { status: 'unknown', reason };
  }

  /** Resolves an earlier attempt that may have reached X; undefined means "send a new attempt". */
  async function resolvePending(input: SendDmInput, e: SentMessageDoc): Promise<SendDmResult | undefined> {
    const until = inFlightUntil(e, requestTimeout(), margin);
    const wait = until - Date.now();
    if (wait > 0) throw retryLater('DmSendInFlight', `an earlier attempt may still be in flight at X for ${Math.ceil(wait / 1000)} s`, wait);
    const r = await lookup(input, e.firstAttemptAt ?? e.startedAt.getTime());
    if (r.kind === 'found') {
      log.info({ key: input.key, dmEventId: r.dm.id }, 'DM found at X after an attempt whose answer was lost; not sending again');
      return markSent(input, { dmEventId: r.dm.id, dmConversationId: r.dm.dmConversationId }, 'recovered');
    }
    if (r.kind === 'incomplete') return markUnknown(input, `more than ${pages * 100} DM events since the attempt: the lookup could not reach back to it`, 'lookup-incomplete');
    if (r.kind === 'failed') {
      const failures = (e.lookupFailures ?? 0) + 1;
      if (failures >= maxLookupFailures) return markUnknown(input, `the DM lookup at X failed ${failures} times: ${(r.err as Error).message}`, 'lookup-unavailable');
      await col.sentMessages.updateOne({ _id: input.key, state: 'sending' }, { $set: { lookupFailures: failures } });
      const delay = r.err instanceof XRateLimitError ? r.err.resetAt.getTime() - Date.now() : undefined;
      throw retryLater('DmLookupFailed', `DM lookup at X failed (${failures}/${maxLookupFailures}): ${(r.err as Error).message}`, delay);
    }
    const maybe = e.maybeDelivered ?? 1;
    if (maybe >= maxUncertain) {
      return markUnknown(input, `${maybe} attempts may have reached X and none shows in its DM events`, 'unconfirmed-attempts');
    }
    return undefined;
  }

  /** Records a new attempt (compare-and-set on the attempt count: two attempts never both start). */
  async function beginAttempt(input: SendDmInput, e: SentMessageDoc | null): Promise<number> {
    const start = Date.now();
    const until = start + requestTimeout() + margin;
    if (!e) {
      try {
        await col.sentMessages.insertOne({
          _id: input.key, state: 'sending', xUserId: input.xUserId, text: input.text, workflowId: input.workflowId,
          conversationId: input.conversationId, startedAt: new Date(start), attempts: 1, maybeDelivered: 1,
          firstAttemptAt: start, attemptStartedAt: start, inFlightUntil: until,
        });
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw retryLater('DmSendRace', 'another attempt recorded itself first', 1000);
        throw err;
      }
      return until;
    }
    const filter = e.attempts === undefined ? { _id: input.key, state: 'sending' as const, attempts: { $exists: false } } : { _id: input.key, state: 'sending' as const, attempts: e.attempts };
    const r = await col.sentMessages.updateOne(filter, {
      $set: { attempts: (e.attempts ?? 1) + 1, maybeDelivered: (e.maybeDelivered ?? 1) + 1, attemptStartedAt: start, inFlightUntil: until, firstAttemptAt: e.firstAttemptAt ?? e.startedAt.getTime() },
    });
    if (!r.matchedCount) throw retryLater('DmSendRace', 'another attempt recorded itself first', 1000);
    return until;
  }

  /** X refused this attempt outright (429, no connection): it cannot have been delivered. */
  async function refused(key: string): Promise<void> {
    await col.sentMessages.updateOne({ _id: key, state: 'sending' }, { $inc: { maybeDelivered: -1 }, $set: { inFlightUntil: Date.now() } });
  }

  async function post(input: SendDmInput): Promise<{ dmEventId: string; dmConversationId: string }> {
    const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
    try {
      return await x.sendDm(input.xUserId, input.text);
    } finally {
      clearInterval(timer);
    }
  }

  return async function sendDm(input: SendDmInput): Promise<SendDmResult> {
    const existing = await col.sentMessages.findOne({ _id: input.key });
    if (existing?.state === 'sent' && existing.dmEventId) {
      return markSent(input, { dmEventId: existing.dmEventId, dmConversationId: existing.dmConversationId ?? '' }, existing.via ?? 'send');
    }
    if (existing?.state === 'unknown') return { status: 'unknown', reason: existing.unknownReason ?? 'outcome unknown' };
    const maybe = existing ? existing.maybeDelivered ?? 1 : 0;
    // Checked before every attempt: a STOP recorded a second ago by any campaign wins.
    if (!input.ignoreSuppression && await isSuppressed(db, input.xUserId)) {
      if (existing && maybe > 0) {
        // Nothing is sent again either way; one look at X (no waiting: the STOP must not wait)
        // tells whether the earlier attempt landed, so the ledger says so rather than 'unknown'.
        const r = await lookup(input, existing.firstAttemptAt ?? existing.startedAt.getTime()).catch(() => undefined);
        if (r?.kind === 'found') await markSent(input, { dmEventId: r.dm.id, dmConversationId: r.dm.dmConversationId }, 'recovered');
        else await markUnknown(input, 'the person opted out before an earlier attempt could be confirmed', 'suppressed-pending');
      }
      else if (existing) await col.sentMessages.deleteOne({ _id: input.key, state: 'sending' });
      return { status: 'suppressed' };
    }
    if (existing && maybe > 0) {
      const resolved = await resolvePending(input, existing);
      if (resolved) return resolved;
    }
    const slot = await acquireDmSlot(db, ctx.brandId() ?? 'brand', o.limits, (o.now ?? ctx.now)());
    if (!slot.ok) throw retryLater('DmRateLimited', `DM budget ${slot.window} spent; retrying in ${Math.ceil(slot.retryAfterMs / 1000)} s`, slot.retryAfterMs);
    const until = await beginAttempt(input, existing);
    beat();
    let dm: { dmEventId: string; dmConversationId: string };
    try {
      dm = await post(input);
    } catch (err) {
      if (err instanceof XForbiddenError || err instanceof XNotFoundError || err instanceof XBadRequestError) {
        // X refused: nothing went out with this attempt, and no lookup found an earlier one.
        await col.sentMessages.deleteOne({ _id: input.key, state: 'sending' });
        return { status: 'undeliverable', reason: err.message };
      }
      if (err instanceof XRateLimitError) {
        await refused(input.key);
        throw retryLater('XRateLimited', err.message, err.resetAt.getTime() - Date.now());
      }
      if (err instanceof XTransientError && err.notSent) {
        await refused(input.key);
        throw retryLater('XUnreachable', err.message);
      }
      // Timeout, 5xx, dropped connection: X may have delivered it. Resolve after the in-flight bound.
      throw retryLater('DmSendUncertain', `DM send outcome not known yet: ${(err as Error).message}`, until - Date.now());
    }
    return markSent(input, dm, 'send');
  };
}

/** When a ledger entry's last attempt can no longer be in flight (entries of older releases have no bound). */
export function inFlightUntil(e: Pick<SentMessageDoc, 'inFlightUntil' | 'startedAt'>, requestTimeoutMs: number, marginMs: number): number {
  return e.inFlightUntil ?? e.startedAt.getTime() + Math.max(60_000, requestTimeoutMs) + marginMs;
}
