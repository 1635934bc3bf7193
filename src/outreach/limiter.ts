// The sender-side DM limiter, shaped like X's: rolling windows per sender (15 minutes, 24 hours)
// and per app (24 hours), shared by every worker through MongoDB/FerretDB. A send over budget is
// delayed until the window has room again — never dropped.
//
// Storage: per window (sender 15 min, sender 24 h, app 24 h) a sequence of numbered tickets, one
// document per send (`<window>#<n>`, the send's time). Ticket n may be taken at `now` only if
// ticket n - limit is at least a window old: then no window of that length ever holds more than
// `limit` tickets — X's rolling rule, exactly. Taking a ticket is an insert of a unique _id, the
// one write that is atomic on FerretDB 1.x as on MongoDB (a conditional update is not on FerretDB),
// so concurrent workers can never both take the last slot. Everything is read by _id (FerretDB 1.x
// answers other queries by reading the whole collection), and tickets older than `limit + SLACK`
// are deleted as new ones are taken: documents never pile up (FerretDB 1.x has no TTL index).
import type { Db } from 'mongodb';
import type { Collection } from 'mongodb';
import { outreachCollections, type CounterDoc } from '../store/conversations';
import type { DmLimits } from '../config';

export { DEFAULT_DM_LIMITS, type DmLimits } from '../config';

const WINDOW_15M = 15 * 60_000;
const DAY = 24 * 3600_000;
/** Tickets kept beyond `limit`: the head hint may lag this far behind under concurrency. */
const SLACK = 64;
const PROBE = 16;

export type SlotResult = { ok: true } | { ok: false; retryAfterMs: number; window: string };

interface Window { id: string; limit: number; ms: number }

/** The three windows a sender's DM counts against, shortest first. */
export function dmWindows(senderId: string, limits: DmLimits): Window[] {
  return [
    { id: `sender:${senderId}:15m`, limit: limits.perSender15m, ms: WINDOW_15M },
    { id: `sender:${senderId}:day`, limit: limits.perSenderDay, ms: DAY },
    { id: 'app:day', limit: limits.perAppDay, ms: DAY },
  ];
}

/**
 * Pure: how long ticket n must wait, given the time of ticket n - limit (undefined: there is no
 * such ticket). 0 = may go now.
 */
export function ticketWait(olderTime: number | undefined, windowMs: number, now: number): number {
  return olderTime === undefined ? 0 : Math.max(0, olderTime + windowMs - now);
}

type Tickets = Collection<CounterDoc>;
const ticketId = (w: Window, n: number) => `${w.id}#${n}`;

/** The newest ticket number (-1 if none): from the head hint, probing forward by _id. */
async function latest(col: Tickets, w: Window): Promise<number> {
  const hint = (await col.findOne({ _id: w.id }))?.n ?? -1;
  let top = hint;
  for (;;) {
    const ids = Array.from({ length: PROBE }, (_, i) => ticketId(w, top + 1 + i));
    const found = new Set((await col.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    let i = 0;
    while (i < PROBE && found.has(ids[i]!)) i++;
    top += i;
    if (i < PROBE) return top;
  }
}

/** What ticket n at `now` would have to wait for this window (0 = free). */
async function waitOf(col: Tickets, w: Window, n: number, now: number): Promise<number> {
  if (n - w.limit < 0) return 0;
  const older = await col.findOne({ _id: ticketId(w, n - w.limit) });
  return ticketWait(older?.t, w.ms, now);
}

/** Takes the next ticket of one window, or says how long to wait. */
async function take(col: Tickets, w: Window, now: number): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const n = (await latest(col, w)) + 1;
    const wait = await waitOf(col, w, n, now);
    if (wait > 0) return wait;
    try {
      await col.insertOne({ _id: ticketId(w, n), t: now });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      continue; // another worker took ticket n: look again
    }
    // The hint may go backwards under races (it is only a hint); stale tickets go.
    await col.updateOne({ _id: w.id }, { $max: { n } }, { upsert: true }).catch(() => undefined);
    if (n - w.limit - SLACK >= 0) await col.deleteOne({ _id: ticketId(w, n - w.limit - SLACK) });
    return 0;
  }
  throw new Error(`DM limiter: too much contention on ${w.id}; the send will be retried`);
}

/**
 * Takes one slot in every window, or says how long to wait. Every window is checked first (reads
 * only), then tickets are taken shortest window first; losing a race for a later window leaves the
 * earlier ticket taken — budget spent without a send, erring on the side of sending less.
 */
export async function acquireDmSlot(db: Db, senderId: string, limits: DmLimits, now = Date.now()): Promise<SlotResult> {
  const col = outreachCollections(db).counters;
  const windows = dmWindows(senderId, limits);
  const full = (w: Window, wait: number): SlotResult => ({ ok: false, retryAfterMs: Math.max(1000, wait), window: w.id });
  for (const w of windows) {
    const wait = await waitOf(col, w, (await latest(col, w)) + 1, now);
    if (wait > 0) return full(w, wait);
  }
  for (const w of windows) {
    const wait = await take(col, w, now);
    if (wait > 0) return full(w, wait);
  }
  return { ok: true };
}
