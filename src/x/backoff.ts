// X's reconnection rules for the filtered stream, as pure functions of the attempt number
// (1 = first retry). Each family restarts once a connection succeeds.

export interface BackoffPolicy {
  /** TCP/IP level errors: linear, 250 ms steps capped at 16 s. */
  networkStepMs: number;
  networkMaxMs: number;
  /** HTTP errors (5xx, 4xx other than 429): exponential from 5 s, capped at 320 s. */
  httpBaseMs: number;
  httpMaxMs: number;
  /** 429: exponential from 1 minute. */
  rateLimitBaseMs: number;
  rateLimitMaxMs: number;
}

export const X_BACKOFF: BackoffPolicy = {
  networkStepMs: 250,
  networkMaxMs: 16_000,
  httpBaseMs: 5_000,
  httpMaxMs: 320_000,
  rateLimitBaseMs: 60_000,
  rateLimitMaxMs: 15 * 60_000,
};

export type FailureKind = 'network' | 'http' | 'rateLimit';

export function backoffDelay(kind: FailureKind, attempt: number, p: BackoffPolicy = X_BACKOFF): number {
  const n = Math.max(1, attempt);
  switch (kind) {
    case 'network':
      return Math.min(p.networkStepMs * n, p.networkMaxMs);
    case 'http':
      return Math.min(p.httpBaseMs * 2 ** (n - 1), p.httpMaxMs);
    case 'rateLimit':
      return Math.min(p.rateLimitBaseMs * 2 ** (n - 1), p.rateLimitMaxMs);
  }
}
