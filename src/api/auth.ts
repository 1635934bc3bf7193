// API keys with roles, stored as SHA-256 hashes: a leaked database does not leak usable keys.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import type { RequestHandler } from 'express';
import { COLLECTIONS } from '../store';
import { ApiError } from './errors';
import { checkCsrf, findSession } from './session';

export const ROLES = ['admin', 'marketer', 'agent', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyDoc { hash: string; name: string; role: Role; createdAt: Date; revokedAt?: Date }

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createApiKey(db: Db, name: string, role: Role): Promise<string> {
  const key = `cf_${randomBytes(24).toString('base64url')}`;
  await db.collection<ApiKeyDoc>(COLLECTIONS.apiKeys).insertOne({ hash: hashKey(key), name, role, createdAt: new Date() });
  return key;
}

/** Creates the first admin key when none exists; returns it (to print once) or null. */
export async function bootstrapAdminKey(db: Db): Promise<string | null> {
  const meta = db.collection<{ _id: string; at: Date }>(COLLECTIONS.meta);
  // The unique _id makes this safe when two processes start at once.
  const claimed = await meta.updateOne({ _id: 'bootstrap-admin' }, { $setOnInsert: { at: new Date() } }, { upsert: true });
  if (claimed.upsertedCount === 0) return null;
  return createApiKey(db, 'bootstrap-admin', 'admin');
}

declare module 'express-serve-static-core' {
  interface Request { principal?: { name: string; role: Role } }
}

export function authenticate(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const key = req.header('x-api-key') ?? req.header('authorization')?.replace(/^Bearer\s+/i, '');
    if (!key) {
      // A browser session (cookie) stands in for the key; its writes must carry the CSRF header.
      const session = await findSession(db, req);
      if (!session) return next(new ApiError(401, 'unauthenticated', 'missing API key (x-api-key header)'));
      checkCsrf(req, session);
      req.principal = { name: session.name, role: session.role };
      return next();
    }
    const doc = await db.collection<ApiKeyDoc>(COLLECTIONS.apiKeys).findOne({ hash: hashKey(key), revokedAt: { $exists: false } });
    if (!doc) return next(new ApiError(401, 'unauthenticated', 'unknown or revoked API key'));
    req.principal = { name: doc.name, role: doc.role };
    next();
  };
}

/** Admin may do everything; otherwise the caller's role must be listed. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.principal?.role;
    if (role === 'admin' || (role && roles.includes(role))) return next();
    next(new ApiError(403, 'forbidden', `requires role ${['admin', ...roles].join(' or ')}`));
  };
}

export async function audit(db: Db, who: string, action: string, detail: Record<string, unknown>): Promise<void> {
  await db.collection(COLLECTIONS.audit).insertOne({ at: new Date(), who, action, ...detail });
}
