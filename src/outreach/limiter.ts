// The sender-side DM limiter, shaped like X's: rolling windows per sender (15 minutes, 24 hours)
// and per app (24 hours), shared by every worker through MongoDB/FerretDB. A send over budget is
// delayed until the window has room again — never dropped.
//
// Storage: one document per app (`_id` only, no queries that FerretDB 1.x would answer with a
// scan), holding send counts in 1-minute buckets (15-minute window) and 1-hour buckets (24-hour
// windows). Buckets older than their window are removed on every write, so the document stays
// small and nothing piles up (FerretDB 1.x has no TTL index). Every write is a compare-and-set on
// a version: concurrent workers can never both take the last slot.
import type { Db } from 'mongodb';
import { outreachCollections, type CounterDoc } from '../store/conversations';

export interface DmLimits {
  /** DMs per sender per 15 minutes (X: 200). */
  perSender15m: number;
  /** DMs per sender per 24 hours (X: 1,000). */
  perSenderDay: number;
  /** DMs per app per 24 hours (X: 15,000). */
  perAppDay: number;
}

export const DEFAULT_DM_LIMITS: DmLimits = { perSender15m: 200, perSenderDay: 1000, perAppDay: 15_000 };

const MINUTE = 60_000;
const HOUR = 3600_000;
const LIMITER_ID = 'dm-limiter';

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

/** Send counts per bucket index (epoch ms / bucket size). */
export type Buckets = Record<string, number>;
export interface LimiterState { app: Buckets; senders: Record<string, { m: Buckets; h: Buckets }> }

/**
 * A rolling window over buckets. A send in bucket i is counted until (i + 1) · bucket + window,
 * i.e. for at least the window after it happened: counts never under-estimate X's.
 */
interface Rolling { bucketMs: number; windowMs: number }
const R15: Rolling = { bucketMs: MINUTE, windowMs: 15 * MINUTE };
const RDAY: Rolling = { bucketMs: HOUR, windowMs: 24 * HOUR };

const firstCounted = (r: Rolling, now: number) => Math.floor(now / r.bucketMs) - r.windowMs / r.bucketMs;

function live(b: Buckets, r: Rolling, now: number): [number, number][] {
  const lo = firstCounted(r, now);
  return Object.entries(b).map(([i, n]) => [Number(i), n] as [number, number]).filter(([i, n]) => i >= lo && n > 0).sort((a, c) => a[0] - c[0]);
}

/** ms until the window has room for one more send (0 if it has room now). */
function waitFor(b: Buckets, r: Rolling, limit: number, now: number): number {
  const counted = live(b, r, now);
  let used = counted.reduce((s, [, n]) => s + n, 0);
  if (used < limit) return 0;
  for (const [i, n] of counted) {
    used -= n;
    if (used < limit) return (i + 1) * r.bucketMs + r.windowMs - now;
  }
  return r.windowMs;
}

const senderKey = (id: string) => encodeURIComponent(id).replace(/\./g, '%2E');

export type SlotResult = { ok: true } | { ok: false; retryAfterMs: number; window: string };

/** Pure: may `sender` send one DM at `now`? If not, which window is full and for how long. */
export function dmVerdict(s: LimiterState, sender: string, limits: DmLimits, now: number): SlotResult {
  const mine = s.senders[senderKey(sender)] ?? { m: {}, h: {} };
  const checks: [string, Buckets, Rolling, number][] = [
    [`sender:${sender}:15m`, mine.m, R15, limits.perSender15m],
    [`sender:${sender}:day`, mine.h, RDAY, limits.perSenderDay],
    ['app:day', s.app, RDAY, limits.perAppDay],
  ];
  let worst: SlotResult = { ok: true };
  for (const [window, b, r, limit] of checks) {
    const w = waitFor(b, r, limit, now);
    if (w > 0 && (worst.ok || w > worst.retryAfterMs)) worst = { ok: false, retryAfterMs: Math.max(1000, w), window };
  }
  return worst;
}

/** Pure: the state after one send at `now`, with every bucket that no window counts any more removed. */
export function recordDm(s: LimiterState, sender: string, now: number): LimiterState {
  const prune = (b: Buckets, r: Rolling) => Object.fromEntries(live(b, r, now).map(([i, n]) => [String(i), n]));
  const bump = (b: Buckets, r: Rolling) => {
    const i = String(Math.floor(now / r.bucketMs));
    return { ...b, [i]: (b[i] ?? 0) + 1 };
  };
  const senders: LimiterState['senders'] = {};
  for (const [k, v] of Object.entries(s.senders)) {
    const m = prune(v.m, R15);
    const h = prune(v.h, RDAY);
    if (Object.keys(h).length) senders[k] = { m, h };
  }
  const k = senderKey(sender);
  const mine = senders[k] ?? { m: {}, h: {} };
  senders[k] = { m: bump(mine.m, R15), h: bump(mine.h, RDAY) };
  return { app: bump(prune(s.app, RDAY), RDAY), senders };
}

const stateOf = (d: CounterDoc | null): LimiterState => ({ app: d?.app ?? {}, senders: d?.senders ?? {} });

/**
 * Takes one slot in every window at once, or none and says how long to wait. O(1) per send: one
 * read and one conditional write of one document by _id; a lost race reads again.
 */
export async function acquireDmSlot(db: Db, senderId: string, limits: DmLimits, now = Date.now()): Promise<SlotResult> {
  const col = outreachCollections(db).counters;
  for (let attempt = 0; attempt < 200; attempt++) {
    const doc = await col.findOne({ _id: LIMITER_ID });
    const state = stateOf(doc);
    const verdict = dmVerdict(state, senderId, limits, now);
    if (!verdict.ok) return verdict;
    const next = recordDm(state, senderId, now);
    if (!doc) {
      try {
        await col.insertOne({ _id: LIMITER_ID, v: 1, ...next });
        return { ok: true };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    } else {
      const v = doc.v ?? 0;
      const r = await col.updateOne({ _id: LIMITER_ID, v }, { $set: { v: v + 1, app: next.app, senders: next.senders } });
      if (r.matchedCount) return { ok: true };
    }
    // Another worker wrote first: spread the retries a little so a crowd does not move in step.
    await new Promise((res) => setTimeout(res, Math.random() * Math.min(50, 2 + attempt * 2)));
  }
  throw new Error('DM limiter: too much contention on its document; the send will be retried');
}
