// API key management (admin only): list, create (optionally expiring), revoke, rotate. A key's
// secret is shown once, at creation; listings never include it (nor its hash).
import { z } from 'zod';
import type { RouteContext } from '../app';
import { ROLES, apiKeys, audit, createApiKeyWithId, identityOf, keyById, requireRole, revokeKey, type ApiKeyDoc } from '../auth';
import { ApiError } from '../errors';
import { parse } from '../validate';

const MAX_EXPIRY_DAYS = 3650;
const CreateKey = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(/^[^\u0000-\u001f#]+$/, 'a name without control characters or #'),
  role: z.enum(ROLES),
  /** Days until the key stops working; omitted = never. */
  expiresInDays: z.number().positive().max(MAX_EXPIRY_DAYS).optional(),
});
const Rotate = z.strictObject({
  /** How long the old key keeps working, so clients can switch (default one day, at most 30). */
  graceSeconds: z.number().int().min(0).max(30 * 86_400).default(86_400),
});
const KeyId = z.string().regex(/^(key_[A-Za-z0-9_-]{12}|bootstrap-admin|[0-9a-f]{24})$/, 'an API key id');

/** What an admin may see of a key. */
export const keyView = (d: ApiKeyDoc) => ({
  id: String(d._id), name: d.name, role: d.role, identity: identityOf(d), createdAt: d.createdAt,
  lastUsedAt: d.lastUsedAt ?? null, expiresAt: d.expiresAt ?? null, revokedAt: d.revokedAt ?? null,
  ...(d.rotatedTo ? { rotatedTo: d.rotatedTo } : {}),
});


export function mount({ router, deps, registry }: RouteContext): void {
  const col = apiKeys(deps.db);
  const load = async (raw: string) => {
    const id = parse(KeyId, raw, 'params.id');
    const d = await col.findOne(keyById(id));
    if (!d) throw new ApiError(404, 'not_found', `no API key ${id}`);
    return d;
  };

  registry.registerPath({ method: 'get', path: '/api-keys', summary: 'List API keys (admin; never the secrets)', responses: { 200: { description: 'keys' } } });
  router.get('/api-keys', requireRole(), async (_req, res) => {
    const items = await col.find({}, { projection: { hash: 0 } }).sort({ createdAt: -1 }).limit(1000).toArray();
    res.json({ items: items.map(keyView), count: items.length });
  });

  registry.registerPath({
    method: 'post', path: '/api-keys', summary: 'Create an API key (admin); the secret is shown once',
    request: { body: { content: { 'application/json': { schema: CreateKey } } } },
    responses: { 201: { description: 'the key, shown once' } },
  });
  router.post('/api-keys', requireRole(), async (req, res) => {
    const body = parse(CreateKey, req.body);
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : undefined;
    const { key, id } = await createApiKeyWithId(deps.db, body.name, body.role, { expiresAt, createdBy: req.principal!.who });
    await audit(deps.db, req.principal!.who, 'api-key.create', { keyId: id, name: body.name, role: body.role, outcome: 'ok' });
    res.status(201).json({ id, name: body.name, role: body.role, expiresAt: expiresAt ?? null, key });
  });

  registry.registerPath({
    method: 'delete', path: '/api-keys/{id}', summary: 'Revoke an API key at once (admin)',
    request: { params: z.object({ id: KeyId }) }, responses: { 200: { description: 'revoked' }, 404: { description: 'unknown key' } },
  });
  router.delete('/api-keys/:id', requireRole(), async (req, res) => {
    const id = parse(KeyId, req.params.id as string, 'params.id');
    const r = await revokeKey(deps.db, id, req.principal!.who);
    if (!r) throw new ApiError(404, 'not_found', `no API key ${id}`);
    res.json(keyView(r.doc));
  });

  registry.registerPath({
    method: 'post', path: '/api-keys/{id}/rotate', summary: 'Rotate a key (admin): a new secret for the same identity; the old one works for a grace period',
    request: { params: z.object({ id: KeyId }), body: { content: { 'application/json': { schema: Rotate } } } },
    responses: { 201: { description: 'the new key, shown once' }, 404: { description: 'unknown key' }, 409: { description: 'revoked, expired or already rotated' } },
  });
  router.post('/api-keys/:id/rotate', requireRole(), async (req, res) => {
    const body = parse(Rotate, req.body ?? {});
    const old = await load(req.params.id as string);
    const now = new Date();
    if (old.revokedAt || (old.expiresAt && old.expiresAt <= now)) throw new ApiError(409, 'conflict', 'the key is revoked or expired: create a new one');
    if (old.rotatedTo) throw new ApiError(409, 'conflict', `the key was already rotated to ${old.rotatedTo}`);
    const { key, id } = await createApiKeyWithId(deps.db, old.name, old.role, {
      identityId: old.identityId ?? String(old._id), expiresAt: old.expiresAt, createdBy: req.principal!.who,
    });
    const graceEnds = new Date(now.getTime() + body.graceSeconds * 1000);
    const oldEnds = old.expiresAt && old.expiresAt < graceEnds ? old.expiresAt : graceEnds;
    await col.updateOne({ _id: old._id }, { $set: { expiresAt: oldEnds, rotatedTo: id } });
    await audit(deps.db, req.principal!.who, 'api-key.rotate', { keyId: String(old._id), newKeyId: id, outcome: 'ok' });
    res.status(201).json({ id, name: old.name, role: old.role, identity: identityOf({ _id: id, identityId: old.identityId ?? String(old._id), name: old.name }), key, oldKeyValidUntil: oldEnds });
  });

  router.get('/whoami', (req, res) => {
    const p = req.principal!;
    res.json({ id: p.id, name: p.name, role: p.role, who: p.who });
  });
}
