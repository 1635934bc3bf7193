// X's documented rate limits (Pro tier) per endpoint, with fixed windows, and the headers X sends.
// Limits are configurable so tests and demos can provoke 429s without waiting 15 minutes.

export interface LimitSpec {
  /** Requests per 15-minute window. */
  window: number;
  windowMs?: number;
  /** 24-hour per-user cap (DM sends). */
  userDay?: number;
  /** 24-hour per-app cap (DM sends). */
  appDay?: number;
}

export const X_LIMITS: Record<string, LimitSpec> = {
  'GET /2/tweets/search/stream': { window: 50 },
  'GET /2/tweets/search/stream/rules': { window: 450 },
  'POST /2/tweets/search/stream/rules': { window: 100 },
  'GET /2/tweets/search/recent': { window: 450 },
  'GET /2/users': { window: 300 },
  'GET /2/users/:id': { window: 300 },
  'POST /2/dm_conversations/with/:id/messages': { window: 200, userDay: 1000, appDay: 15000 },
  'GET /2/dm_events': { window: 300 },
  'POST /2/tweets': { window: 100, appDay: 10000 },
  'GET /2/dm_conversations/with/:id/dm_events': { window: 300 },
};

const WINDOW_MS = 15 * 60_000;
const DAY_MS = 24 * 3_600_000;

interface Counter { used: number; resetAt: number }

export interface LimitVerdict {
  ok: boolean;
  headers: Record<string, string>;
  resetAt: number;
}

export class RateLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly limits: Record<string, LimitSpec> = X_LIMITS, private readonly now: () => number = Date.now) {}

  private counter(key: string, periodMs: number): Counter {
    const t = this.now();
    let c = this.counters.get(key);
    if (!c || c.resetAt <= t) {
      c = { used: 0, resetAt: t + periodMs };
      this.counters.set(key, c);
    }
    return c;
  }

  /** Counts one request against every budget of the endpoint; refuses when any is spent. */
  check(endpoint: string): LimitVerdict | undefined {
    const spec = this.limits[endpoint];
    if (!spec) return undefined;
    const budgets: [Counter, number, string][] = [[this.counter(endpoint, spec.windowMs ?? WINDOW_MS), spec.window, 'x-rate-limit']];
    if (spec.userDay !== undefined) budgets.push([this.counter(`${endpoint}#user`, DAY_MS), spec.userDay, 'x-user-limit-24hour']);
    if (spec.appDay !== undefined) budgets.push([this.counter(`${endpoint}#app`, DAY_MS), spec.appDay, 'x-app-limit-24hour']);
    const refused = budgets.filter(([c, limit]) => c.used >= limit);
    // A refused request consumes nothing; an accepted one consumes from every budget.
    if (!refused.length) for (const [c] of budgets) c.used++;
    const headers: Record<string, string> = {};
    for (const [c, limit, prefix] of budgets) {
      headers[`${prefix}-limit`] = String(limit);
      headers[`${prefix}-remaining`] = String(Math.max(0, limit - c.used));
      headers[`${prefix}-reset`] = String(Math.ceil(c.resetAt / 1000));
    }
    if (refused.length) return { ok: false, headers, resetAt: Math.max(...refused.map(([c]) => c.resetAt)) };
    return { ok: true, headers, resetAt: budgets[0]![0].resetAt };
  }

  reset(): void {
    this.counters.clear();
  }
}

/** X's problem JSON. */
export function xProblem(status: number, title: string, detail: string, type = 'about:blank'): { title: string; detail: string; type: string; status: number } {
  return { title, detail, type, status };
}
