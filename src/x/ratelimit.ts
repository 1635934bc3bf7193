// Rate-limit bookkeeping: what X told us about each endpoint's budgets, so we never send a
// request we already know will be refused, and the budgets are visible as gauges.
import { xMetrics } from './metrics';

export interface Budget {
  limit: number;
  remaining: number;
  /** Unix seconds. */
  reset: number;
}

export interface EndpointBudgets {
  window?: Budget;
  userDay?: Budget;
  appDay?: Budget;
}

type Headers = Record<string, string | string[] | undefined>;

function budget(h: Headers, prefix: string): Budget | undefined {
  const limit = h[`${prefix}-limit`];
  const remaining = h[`${prefix}-remaining`];
  const reset = h[`${prefix}-reset`];
  if (typeof limit !== 'string' || typeof remaining !== 'string' || typeof reset !== 'string') return undefined;
  const b = { limit: Number(limit), remaining: Number(remaining), reset: Number(reset) };
  return Number.isFinite(b.limit) && Number.isFinite(b.remaining) && Number.isFinite(b.reset) ? b : undefined;
}

/** Every budget the response headers announce (15-minute window, 24-hour user and app caps). */
export function budgetsFromHeaders(h: Headers): EndpointBudgets {
  return {
    window: budget(h, 'x-rate-limit'),
    userDay: budget(h, 'x-user-limit-24hour'),
    appDay: budget(h, 'x-app-limit-24hour'),
  };
}

/** "POST /2/dm_conversations/with/123/messages" → "POST /2/dm_conversations/with/:id/messages". */
export function endpointKey(method: string, pathname: string): string {
  // A base URL with a path prefix (a proxy, the emulator mounted elsewhere) must not split keys.
  const v2 = pathname.indexOf('/2/');
  const path = v2 > 0 ? pathname.slice(v2) : pathname;
  const ids = path.startsWith('/2/') ? '/2' + path.slice(2).replace(/\/\d+(?=\/|$)/g, '/:id') : path.replace(/\/\d+(?=\/|$)/g, '/:id');
  return `${method.toUpperCase()} ${ids}`;
}

export class RateLimitTracker {
  private readonly budgets = new Map<string, EndpointBudgets>();

  record(endpoint: string, headers: Headers): void {
    const b = budgetsFromHeaders(headers);
    if (!b.window && !b.userDay && !b.appDay) return;
    const prev = this.budgets.get(endpoint) ?? {};
    const next = { window: b.window ?? prev.window, userDay: b.userDay ?? prev.userDay, appDay: b.appDay ?? prev.appDay };
    this.budgets.set(endpoint, next);
    for (const [window, v] of [['15m', next.window], ['24h_user', next.userDay], ['24h_app', next.appDay]] as const) {
      if (!v) continue;
      xMetrics.remaining.set({ endpoint, window }, v.remaining);
      xMetrics.limit.set({ endpoint, window }, v.limit);
      xMetrics.reset.set({ endpoint, window }, v.reset);
    }
  }

  get(endpoint: string): EndpointBudgets | undefined {
    return this.budgets.get(endpoint);
  }

  all(): Record<string, EndpointBudgets> {
    return Object.fromEntries(this.budgets);
  }

  /**
   * If a known budget for this endpoint is spent and has not reset yet, the time it resets (ms);
   * otherwise undefined. The latest exhausted reset wins: a spent 24-hour cap outlasts the window.
   */
  blockedUntil(endpoint: string, now = Date.now()): number | undefined {
    const b = this.budgets.get(endpoint);
    if (!b) return undefined;
    let until: number | undefined;
    for (const v of [b.window, b.userDay, b.appDay]) {
      if (v && v.remaining <= 0 && v.reset * 1000 > now) until = Math.max(until ?? 0, v.reset * 1000);
    }
    return until;
  }
}
