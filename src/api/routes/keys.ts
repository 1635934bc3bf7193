// API key management (admin only). Keys are shown once, at creation.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { ROLES, audit, createApiKey, requireRole } from '../auth';
import { parse } from '../validate';

const CreateKey = z.strictObject({ name: z.string().min(1).max(100), role: z.enum(ROLES) });

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'post', path: '/api-keys', summary: 'Create an API key (admin)',
    request: { body: { content: { 'application/json': { schema: CreateKey } } } },
    responses: { 201: { description: 'the key, shown once' } },
  });
  router.post('/api-keys', requireRole(), async (req, res) => {
    const body = parse(CreateKey, req.body);
    const key = await createApiKey(deps.db, body.name, body.role);
    await audit(deps.db, req.principal!.name, 'api-key.create', { name: body.name, role: body.role });
    res.status(201).json({ name: body.name, role: body.role, key });
  });
  router.get('/whoami', (req, res) => { res.json(req.principal); });
}
