// Browser sessions: an API key pasted once is exchanged for a random session token held in an
// HttpOnly, SameSite=Strict cookie. Only the token's SHA-256 is stored (as the session's _id, so a
// lookup is by _id, cheap on FerretDB too). State-changing calls made with the cookie must carry
// the session's CSRF token in a header, which a cross-site page cannot read or set. API-key
// clients are unaffected: they never send the cookie.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Request, RequestHandler, Response } from 'express';
import { apiKeyOf, apiKeys, identityOf, keyProblem, type ApiKeyDoc, type Principal, type Role } from './auth';
import { ApiError } from './errors';
import { COLLECTIONS, owned } from '../store';

export const SESSION_COOKIE = 'cf_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSIONS = COLLECTIONS.webSessions;
export const SESSION_TTL_MS = 12 * 3600_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionDoc {
  _id: string; // sha256(token)
  keyHash: string; // the API key it came from: revoking the key ends its sessions
  name: string;
  role: Role;
  csrf: string;
  createdAt: Date;
  expiresAt: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sessions = (db: Db) => owned<SessionDoc>(db, SESSIONS);

/** The key a session came from, while it is usable (not revoked, not expired). */
async function usableKey(db: Db, keyHash: string, now: Date): Promise<ApiKeyDoc | null> {
  const k = await apiKeys(db).findOne({ hash: keyHash });
  return k && !keyProblem(k, now) ? k : null;
}

const principalOf = (k: ApiKeyDoc): Principal => ({ id: k.identityId ?? k._id, name: k.name, role: k.role, who: identityOf(k), via: 'session' });

/** Cookie header → map (no dependency for one header; values are URL-decoded). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const k = part.slice(0, i).trim();
    try { out[k] = decodeURIComponent(part.slice(i + 1).trim()); } catch { /* malformed value: ignore */ }
  }
  return out;
}

/** Exchanges a valid, unrevoked API key for a new session; null when the key is unknown. */
export async function createSession(db: Db, key: string, now = new Date()): Promise<{ token: string; doc: SessionDoc & { principal: Principal } } | null> {
  const keyHash = sha256(key);
  const k = await usableKey(db, keyHash, now);
  if (!k) return null;
  const token = randomBytes(32).toString('base64url');
  const doc: SessionDoc = {
    _id: sha256(token), keyHash, name: k.name, role: k.role, csrf: randomBytes(24).toString('base64url'),
    createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  await sessions(db).insertOne(doc);
  // Expired sessions are otherwise removed only when presented; sign-ins sweep the rest.
  await sessions(db).deleteMany({ expiresAt: { $lt: now } });
  return { token, doc: { ...doc, principal: principalOf(k) } };
}

/** The live session a request's cookie names, or null (none, expired, or its key revoked). */
export async function findSession(db: Db, req: Request, now = new Date()): Promise<(SessionDoc & { principal: Principal }) | null> {
  const token = parseCookies(req.header('cookie'))[SESSION_COOKIE];
  if (!token || token.length > 128) return null;
  const doc = await sessions(db).findOne({ _id: sha256(token) });
  if (!doc) return null;
  if (doc.expiresAt.getTime() <= now.getTime()) {
    await sessions(db).deleteOne({ _id: doc._id });
    return null;
  }
  const key = await usableKey(db, doc.keyHash, now);
  return key ? { ...doc, principal: principalOf(key) } : null;
}

/**
 * Authenticates requests that carry no API key but a session cookie (before `authenticate`, which
 * then keeps the principal). Requests with a key are left to `authenticate`: key clients are unchanged.
 */
export function sessionAuth(db: Db): RequestHandler {
  return async (req, _res, next) => {
    if (req.principal || apiKeyOf(req) || !req.header('cookie')) return next();
    const s = await findSession(db, req);
    if (!s) return next();
    checkCsrf(req, s);
    req.principal = s.principal;
    next();
  };
}

export async function deleteSession(db: Db, doc: SessionDoc): Promise<void> {
  await sessions(db).deleteOne({ _id: doc._id });
}

/** Cookie-authenticated writes need the CSRF header, and a same-origin Origin when one is sent. */
export function checkCsrf(req: Request, doc: SessionDoc): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.header('origin');
  if (origin && origin !== `${req.protocol}://${req.header('host')}`) {
    throw new ApiError(403, 'csrf', 'cross-origin request refused');
  }
  const got = Buffer.from(req.header(CSRF_HEADER) ?? '');
  const want = Buffer.from(doc.csrf);
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    throw new ApiError(403, 'csrf', `missing or wrong ${CSRF_HEADER} header (required with a session cookie)`);
  }
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
