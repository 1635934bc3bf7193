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
  // Shortest window first: concurrent senders hold tentative slots there, not in the day budgets,
  // so a busy moment is never mistaken for a spent day.
  return [
    { id: `sender:${senderId}:15m:${w15}`, limit: limits.perSender15m, endsAt: w15 + WINDOW_15M },
    { id: `sender:${senderId}:day:${day}`, limit: limits.perSenderDay, endsAt: day + DAY },
    { id: `app:day:${day}`, limit: limits.perAppDay, endsAt: day + DAY },
  ];
}

export type SlotResult = { ok: true } | { ok: false; retryAfterMs: number; window: string };

/**
 * Takes one slot in every window, or none: a full window rolls back the slots already taken and
 * says how long to wait. Conditional $inc keeps concurrent workers from overshooting.
 */
export async function acquireDmSlot(db: Db, senderId: string, limits: DmLimits, now = Date.now()): Promise<SlotResult> {
  const slots = outreachCollections(db).counters;
  const windows = dmWindows(senderId, limits, now);
  for (let attempt = 0; ; attempt++) {
    const taken: string[] = [];
    let full: Window | undefined;
    for (const w of windows) {
      const slot = await takeSlot(db, w);
      if (!slot) { full = w; break; }
      taken.push(slot);
    }
    if (!full) return { ok: true };
    if (taken.length) await slots.deleteMany({ _id: { $in: taken } });
    // Full only because of other senders' tentative slots (since released)? Try again.
    if (attempt < 5 && (await slots.countDocuments({ window: full.id })) < full.limit) continue;
    return { ok: false, retryAfterMs: Math.max(1000, full.endsAt - now), window: full.id.replace(/:\d+$/, '') };
  }
}

/**
 * One numbered slot document per DM in a window. Inserting a unique _id is atomic on MongoDB and
 * on FerretDB alike, unlike a conditional $inc, so concurrent workers can never overshoot.
 */
async function takeSlot(db: Db, w: Window): Promise<string | undefined> {
  const slots = outreachCollections(db).counters;
  const used = await slots.countDocuments({ window: w.id });
  if (used >= w.limit) return undefined;
  // Start where the count points; wrap around to fill slots released by rollbacks.
  for (let i = 0; i < w.limit; i++) {
    const k = (used + i) % w.limit;
    const _id = `${w.id}#${k}`;
    try {
      await slots.insertOne({ _id, window: w.id, expiresAt: new Date(w.endsAt + DAY) });
      return _id;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  return undefined;
}
