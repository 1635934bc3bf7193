// API keys with roles, stored as SHA-256 hashes: a leaked database does not leak usable keys.
// Keys have a lifecycle (expiry, revocation, rotation with a grace period) and an identity that
// is unique: the key's id plus its name, never the name alone.
import { createHash, randomBytes } from 'node:crypto';
import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import type { RequestHandler } from 'express';
import { COLLECTIONS, owned } from '../store';
import { ApiError } from './errors';
import { recordAudit } from '../store/audit';

export const ROLES = ['admin', 'marketer', 'agent', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyDoc {
  /** The key's id (shown to admins; never the key). Bootstrap's is 'bootstrap-admin'. */
  _id: string;
  hash: string;
  name: string;
  role: Role;
  createdAt: Date;
  createdBy?: string;
  expiresAt?: Date;
  revokedAt?: Date;
  lastUsedAt?: Date;
  /** Rotation keeps the identity: the new key carries the id of the first key of the chain. */
  identityId?: string;
  rotatedTo?: string;
}

/** Who is calling: `who` (name#id) is what claims, replies and the audit trail record. */
export interface Principal { id: string; name: string; role: Role; who: string; via: 'key' | 'session' }

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const newKeyId = () => `key_${randomBytes(9).toString('base64url')}`;
const newSecret = () => `cf_${randomBytes(24).toString('base64url')}`;
export const identityOf = (d: Pick<ApiKeyDoc, '_id' | 'identityId' | 'name'>) => `${d.name}#${d.identityId ?? d._id}`;

export const apiKeys = (db: Db): Collection<ApiKeyDoc> => owned<ApiKeyDoc>(db, COLLECTIONS.apiKeys);

/** A key by its id; keys made before ids were strings have ObjectId _ids. */
export const keyById = (id: string): Filter<ApiKeyDoc> => (/^[0-9a-f]{24}$/.test(id) ? { _id: new ObjectId(id) as never } : { _id: id });

/**
 * Revokes a key at once (every API process reads the key's state on every call). Returns the key as
 * it now stands and whether this call revoked it; null for an unknown id. The API and the host CLI
 * both revoke through here, with the same audit entry.
 */
export async function revokeKey(db: Db, id: string, who: string): Promise<{ doc: ApiKeyDoc; revoked: boolean } | null> {
  const doc = await apiKeys(db).findOne(keyById(id));
  if (!doc) return null;
  const revokedAt = doc.revokedAt ?? new Date();
  if (!doc.revokedAt) await apiKeys(db).updateOne({ _id: doc._id }, { $set: { revokedAt } });
  await recordAudit(db, { who, action: 'api-key.revoke', keyId: String(doc._id), outcome: doc.revokedAt ? 'already revoked' : 'ok' });
  return { doc: { ...doc, revokedAt }, revoked: !doc.revokedAt };
}

export interface CreateKeyOptions { expiresAt?: Date; createdBy?: string; identityId?: string; id?: string }

/** Creates a key; returns the secret (shown once) and its id. */
export async function createApiKeyWithId(db: Db, name: string, role: Role, o: CreateKeyOptions = {}): Promise<{ key: string; id: string }> {
  const key = newSecret();
  const id = o.id ?? newKeyId();
  await apiKeys(db).insertOne({
    _id: id, hash: hashKey(key), name, role, createdAt: new Date(),
    ...(o.createdBy ? { createdBy: o.createdBy } : {}), ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}),
    ...(o.identityId ? { identityId: o.identityId } : {}),
  });
  return { key, id };
}

export async function createApiKey(db: Db, name: string, role: Role, o: CreateKeyOptions = {}): Promise<string> {
  return (await createApiKeyWithId(db, name, role, o)).key;
}

/**
 * Creates the first admin key when no admin key was ever made; returns it (to print once) or null.
 * One insert with a fixed _id: two processes starting at once cannot both win, and a crash leaves
 * either a usable key or nothing (the next start tries again). A lost key is recovered on the host
 * with `chirpflow keys create --role admin`.
 */
export async function bootstrapAdminKey(db: Db): Promise<string | null> {
  if (await apiKeys(db).countDocuments({ role: 'admin' }, { limit: 1 })) return null;
  try {
    return await createApiKey(db, 'bootstrap-admin', 'admin', { id: 'bootstrap-admin' });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return null;
    throw err;
  }
}

/** Why a key doc cannot be used now, or undefined when it can. */
export function keyProblem(d: Pick<ApiKeyDoc, 'revokedAt' | 'expiresAt'>, now: Date): string | undefined {
  if (d.revokedAt && d.revokedAt <= now) return 'revoked API key';
  if (d.expiresAt && d.expiresAt <= now) return 'expired API key';
  return undefined;
}

/** lastUsedAt is written at most this often per key: a busy key must not cost a write per request. */
const LAST_USED_EVERY_MS = 60_000;

/** The principal for a key secret; throws 401 with the reason. Reads the store every time, so a revocation holds at once in every API process. */
export async function principalForKey(db: Db, key: string): Promise<Principal> {
  const doc = await apiKeys(db).findOne({ hash: hashKey(key) });
  if (!doc) throw new ApiError(401, 'unauthenticated', 'unknown API key');
  const now = new Date();
  const problem = keyProblem(doc, now);
  if (problem) throw new ApiError(401, 'unauthenticated', problem);
  if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await apiKeys(db).updateOne({ _id: doc._id }, { $set: { lastUsedAt: now } });
  }
  return { id: doc.identityId ?? doc._id, name: doc.name, role: doc.role, who: identityOf(doc), via: 'key' };
}

declare module 'express-serve-static-core' {
  interface Request { principal?: Principal }
}

export const apiKeyOf = (req: { header(name: string): string | undefined }): string | undefined =>
  req.header('x-api-key') ?? req.header('authorization')?.replace(/^Bearer\s+/i, '');

/** `onFailure` runs before a 401 is answered (the failed-authentication rate limit counts it). */
export function authenticate(db: Db, o: { onFailure?: (req: Parameters<RequestHandler>[0]) => Promise<void> } = {}): RequestHandler {
  return async (req, _res, next) => {
    if (req.principal) return next(); // set by an earlier authenticator (e.g. a session cookie)
    try {
      const key = apiKeyOf(req);
      if (!key) throw new ApiError(401, 'unauthenticated', 'missing API key (x-api-key header)');
      req.principal = await principalForKey(db, key);
      next();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) await o.onFailure?.(req);
      next(err);
    }
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

/** An API action in the audit trail (the one writer is store/audit.ts). */
export async function audit(db: Db, who: string, action: string, detail: Record<string, unknown>): Promise<void> {
  await recordAudit(db, { ...detail, who, action });
}
