// The sliding-window estimate behind the API's rate limits: calls in the last minute are estimated
// from two fixed windows, the current one and the one before, weighting the earlier one by the
// part of it still inside the sliding minute (the earlier window's calls are taken as spread
// evenly). A client can no longer spend its limit at the end of one fixed minute and again at the
// start of the next: the second burst is refused, because the first still counts almost in full.
// Pure, so the numbers are tested without a database.

export interface WindowCounts {
  /** Calls counted in the window before the current one. */
  prev: number;
  /** Calls counted in the current window (this one included, after an increment). */
  cur: number;
  /** Start of the current window and its length, epoch ms. */
  start: number;
  windowMs: number;
  now: number;
}

/** Below this, a difference is floating-point noise (a whole number of calls is at stake). */
const EPSILON = 1e-9;

/** The estimated calls in the sliding window ending now. */
export function estimate(c: WindowCounts): number {
  const inside = 1 - Math.min(1, Math.max(0, (c.now - c.start) / c.windowMs));
  return c.prev * inside + c.cur;
}

/** The estimate as the whole number of calls express-rate-limit compares with the limit (rounded up). */
export function hits(c: WindowCounts): number {
  return Math.max(0, Math.ceil(estimate(c) - EPSILON));
}

/**
 * When one more call would be within `limit`: now if it already is; else, within the current
 * window, once enough of the earlier window has slid out; else in the next window, once enough of
 * the current one has (assuming no call until then; calls that were refused still count). Epoch ms,
 * rounded up so that a call made at that time is allowed.
 */
export function allowedAgainAt(c: WindowCounts, limit: number): number {
  const budget = limit - 1; // the estimate must be at most this before one more call
  if (estimate(c) <= budget + EPSILON) return c.now;
  const at = c.cur <= budget
    ? c.start + c.windowMs * (1 - (budget - c.cur) / c.prev) // c.prev > 0 here, else the estimate would fit
    : c.start + c.windowMs * (2 - Math.max(0, budget) / c.cur);
  return Math.max(c.now, Math.ceil(at));
}

/** When every counted call has slid out of the window (nothing is counted any more). */
export function clearAt(c: WindowCounts): number {
  if (c.cur > 0) return c.start + 2 * c.windowMs;
  return c.prev > 0 ? c.start + c.windowMs : c.now;
}

/**
 * The reset time a store reports: when the next call would be allowed if that is later than now
 * (the limit is spent: Retry-After), else when the count is back to zero. Without a known limit,
 * the latter.
 */
export function resetAt(c: WindowCounts, limit: number | undefined): number {
  const again = limit !== undefined && limit > 0 ? allowedAgainAt(c, limit) : c.now;
  return again > c.now ? again : clearAt(c);
}
