// The sender-side DM limiter, shared by every worker through MongoDB: one counter document per
// fixed window. A send over budget is delayed until the window ends — never dropped.
import type { Db } from 'mongodb';
import { outreachCollections } from '../store/conversations';

export interface DmLimits {
  /** DMs per sender per 15 minutes (X: 200). */
  perSender15m: number;
  /** DMs per sender per 24 hours (X: 1,000). */
  perSenderDay: number;
  /** DMs per app per 24 hours (X: 15,000). */
  perAppDay: number;
}

export const DEFAULT_DM_LIMITS: DmLimits = { perSender15m: 200, perSenderDay: 1000, perAppDay: 15_000 };

const WINDOW_15M = 15 * 60_000;
const DAY = 24 * 3600_000;

/** Limits from CHIRPFLOW_DM_LIMIT_15M / _DAY / _APP_DAY, defaulting to X's published ones. */
export function dmLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DmLimits {
  const n = (name: string, def: number) => {
    const v = env[name];
    if (v === undefined || v === '') return def;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1) throw new Error(`invalid ${name}=${JSON.stringify(v)}: expected a positive integer`);
    return x;
  };
  return {
    perSender15m: n('CHIRPFLOW_DM_LIMIT_15M', DEFAULT_DM_LIMITS.perSender15m),
    perSenderDay: n('CHIRPFLOW_DM_LIMIT_DAY', DEFAULT_DM_LIMITS.perSenderDay),
    perAppDay: n('CHIRPFLOW_DM_LIMIT_APP_DAY', DEFAULT_DM_LIMITS.perAppDay),
  };
}

export interface Window { id: string; limit: number; endsAt: number }

/** The three windows a send at `now` counts against (pure). */
export function dmWindows(senderId: string, limits: DmLimits, now: number): Window[] {
  const w15 = Math.floor(now / WINDOW_15M) * WINDOW_15M;
  const day = Math.floor(now / DAY) * DAY;
  return [
    { id: `app:day:${day}`, limit: limits.perAppDay, endsAt: day + DAY },
    { id: `sender:${senderId}:day:${day}`, limit: limits.perSenderDay, endsAt: day + DAY },
    { id: `sender:${senderId}:15m:${w15}`, limit: limits.perSender15m, endsAt: w15 + WINDOW_15M },
  ];
}

export type SlotResult = { ok: true } | { ok: false; retryAfterMs: number; window: string };

/**
 * Takes one slot in every window, or none: a full window rolls back the slots already taken and
 * says how long to wait. Conditional $inc keeps concurrent workers from overshooting.
 */
export async function acquireDmSlot(db: Db, senderId: string, limits: DmLimits, now = Date.now()): Promise<SlotResult> {
  const counters = outreachCollections(db).counters;
  const taken: string[] = [];
  for (const w of dmWindows(senderId, limits, now)) {
    try {
      await counters.updateOne({ _id: w.id }, { $setOnInsert: { n: 0, expiresAt: new Date(w.endsAt + DAY) } }, { upsert: true });
    } catch (err) {
      // Two workers creating the same window at once: one wins, the other sees a duplicate key.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const r = await counters.updateOne({ _id: w.id, n: { $lt: w.limit } }, { $inc: { n: 1 } });
    if (r.matchedCount === 0) {
      for (const id of taken) await counters.updateOne({ _id: id }, { $inc: { n: -1 } });
      return { ok: false, retryAfterMs: Math.max(1000, w.endsAt - now), window: w.id.replace(/:\d+$/, '') };
    }
    taken.push(w.id);
  }
  return { ok: true };
}
