// Rate limits per API key and per client address, shared by every API process through the store.
// Writes are held to a tighter budget than reads; failed authentications (key guessing, sign-in)
// to the tightest. Each limit is counted over a sliding 60 seconds (an estimate,
// ./sliding-window.ts), not per clock minute. A refused call gets 429 with Retry-After: the
// seconds until a call would be allowed again. A limit of 0 turns that limiter off.
import type { Db } from 'mongodb';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { MongoRateLimitStore } from './rate-limit-store';

export interface RateLimitSettings {
  /** Per key, per minute, for reads (GET/HEAD). */
  readsPerMin: number;
  /** Per key, per minute, for state-changing calls. */
  writesPerMin: number;
  /** Per client address, per minute, everything. */
  perIpPerMin: number;
  /** Per client address, per minute, failed authentications. */
  authFailuresPerMin: number;
}

const MINUTE = 60_000;
const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);
const clientAddress = (ip: string | undefined) => ipKeyGenerator(ip ?? 'unknown');

type Req = Parameters<RequestHandler>[0];
type Res = Parameters<RequestHandler>[1];

function refuse(res: Res, name: string, resetTime: Date | undefined): void {
  const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + MINUTE) - Date.now()) / 1000));
  res.setHeader('Retry-After', String(seconds));
  res.status(429).json({ error: { code: 'rate_limited', message: `too many requests (${name}): retry in ${seconds} s` } });
}

function limiter(db: Db, name: string, limit: number, o: { key: (req: Req) => string; skip?: (req: Req) => boolean }): RequestHandler | undefined {
  if (!(limit > 0)) return undefined;
  const store = new MongoRateLimitStore(db, name);
  // Ended windows of clients that never came back; cheap enough every few minutes.
  setInterval(() => { void store.prune().catch(() => undefined); }, 5 * MINUTE).unref();
  return rateLimit({
    windowMs: MINUTE, limit, store, standardHeaders: 'draft-7', legacyHeaders: false,
    keyGenerator: o.key, skip: o.skip, passOnStoreError: true,
    // Our key functions do call ipKeyGenerator (through clientAddress); the check reads source text.
    validate: { keyGeneratorIpFallback: false },
    handler: (req, res) => refuse(res, name, (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime),
  });
}

/**
 * Failed authentications per address: only failures count (one read per request, a write per
 * failure, recorded before the 401 is sent), and once spent every call from that address waits,
 * so guessing keys stops. `record` is handed to whatever authenticates (API keys, sign-in).
 */
export function authFailureLimit(db: Db, limit: number): { guard?: RequestHandler; record: (req: Req) => Promise<void> } {
  if (!(limit > 0)) return { record: async () => undefined };
  const store = new MongoRateLimitStore(db, 'auth-fail');
  store.init({ windowMs: MINUTE, limit });
  setInterval(() => { void store.prune().catch(() => undefined); }, 5 * MINUTE).unref();
  return {
    guard: (req, res, next) => {
      store.get(clientAddress(req.ip)).then((info) => {
        if (info && info.totalHits >= limit) return refuse(res, 'auth-fail', info.resetTime);
        next();
      }, () => next()); // a store outage must not take the API down
    },
    record: async (req) => { await store.increment(clientAddress(req.ip)).catch(() => undefined); },
  };
}

/** Before authentication: everything per address. */
export function addressLimits(db: Db, s: RateLimitSettings): RequestHandler[] {
  return [limiter(db, 'ip', s.perIpPerMin, { key: (req) => clientAddress(req.ip) })].filter((h): h is RequestHandler => !!h);
}

/** After authentication: per key identity, writes tighter than reads. */
export function keyLimits(db: Db, s: RateLimitSettings): RequestHandler[] {
  const who = (req: Req) => req.principal?.id ?? clientAddress(req.ip);
  return [
    limiter(db, 'key-read', s.readsPerMin, { key: who, skip: (req) => isWrite(req.method) }),
    limiter(db, 'key-write', s.writesPerMin, { key: who, skip: (req) => !isWrite(req.method) }),
  ].filter((h): h is RequestHandler => !!h);
}
