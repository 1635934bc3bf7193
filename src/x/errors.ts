// Typed X errors. Activities decide retry policy from `retryable` and, for rate limits, `resetAt`,
// instead of parsing HTTP codes themselves.

export abstract class XError extends Error {
  abstract readonly retryable: boolean;
  constructor(message: string, readonly status?: number, readonly detail?: unknown) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401: credentials missing or rejected. Retrying will not help. */
export class XAuthError extends XError {
  readonly retryable = false;
}
/** 403: the app or user may not do this (e.g. DMs closed, protected account). */
export class XForbiddenError extends XError {
  readonly retryable = false;
}
/** 429: budget spent; do not call again before `resetAt`. */
export class XRateLimitError extends XError {
  readonly retryable = true;
  constructor(message: string, readonly resetAt: Date, status = 429, detail?: unknown) {
    super(message, status, detail);
  }
}
/** 404: the user/tweet/conversation does not exist (any more). */
export class XNotFoundError extends XError {
  readonly retryable = false;
}
/**
 * 5xx, timeouts, dropped connections: safe to retry with backoff. For a write (a DM send) X may
 * still have acted on the request, unless `notSent` (the connection was never made).
 */
export class XTransientError extends XError {
  readonly retryable = true;
  constructor(message: string, status?: number, detail?: unknown, readonly notSent = false) {
    super(message, status, detail);
  }
}

/** Connection errors that prove the request never reached X (no DNS answer, nobody listening). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** 400: the request itself is wrong (bad rule syntax, text too long...). */
export class XBadRequestError extends XError {
  readonly retryable = false;
}

interface ErrorLike {
  code?: number;
  data?: { title?: string; detail?: string; errors?: { message?: string }[] };
  rateLimit?: { reset?: number; day?: { reset?: number; remaining?: number }; userDay?: { reset?: number; remaining?: number } };
  headers?: Record<string, string | string[] | undefined>;
  message?: string;
}

function describe(e: ErrorLike): string {
  const d = e.data;
  if (d?.detail) return d.title ? `${d.title}: ${d.detail}` : d.detail;
  if (d?.errors?.[0]?.message) return d.errors[0].message;
  return e.message ?? 'X request failed';
}

/**
 * When a 429 lifts. X reports the 15-minute window in x-rate-limit-reset; if the 24-hour budget is
 * the one spent, its reset is later and is the one that matters.
 */
export function rateLimitResetAt(e: ErrorLike, now = Date.now()): Date {
  const rl = e.rateLimit;
  const candidates: number[] = [];
  if (rl?.reset) candidates.push(rl.reset);
  if (rl?.userDay && rl.userDay.remaining === 0 && rl.userDay.reset) candidates.push(rl.userDay.reset);
  if (rl?.day && rl.day.remaining === 0 && rl.day.reset) candidates.push(rl.day.reset);
  const h = e.headers?.['x-rate-limit-reset'];
  if (!candidates.length && typeof h === 'string' && /^\d+$/.test(h)) candidates.push(Number(h));
  // Without any header X documents a 15-minute window; assume the worst rather than hammer.
  return candidates.length ? new Date(Math.max(...candidates) * 1000) : new Date(now + 15 * 60_000);
}

/** Map whatever twitter-api-v2 threw to one of our typed errors. */
export function toXError(err: unknown): XError {
  if (err instanceof XError) return err;
  const e = (err ?? {}) as ErrorLike & { type?: string };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const msg = describe(e);
  if (code === undefined) {
    const sys = (e as { requestError?: { code?: string } }).requestError?.code ?? (e as { code?: unknown }).code;
    return new XTransientError(`X request failed: ${msg}`, undefined, err, typeof sys === 'string' && NOT_SENT_CODES.has(sys));
  }
  if (code === 401) return new XAuthError(msg, code, e.data);
  if (code === 403) return new XForbiddenError(msg, code, e.data);
  if (code === 404) return new XNotFoundError(msg, code, e.data);
  if (code === 429) return new XRateLimitError(msg, rateLimitResetAt(e), code, e.data);
  if (code >= 500 || code === 408) return new XTransientError(msg, code, e.data);
  return new XBadRequestError(msg, code, e.data);
}
