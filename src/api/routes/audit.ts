// The audit trail, readable by admins: filters by who, action and time; paged newest first.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { parse } from '../validate';
import { listAudit } from '../../store/audit';

const AuditQuery = z.strictObject({
  who: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(200).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  before: z.string().regex(/^[0-9a-f]{24}$/, 'the `next` value of the previous page').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/audit', summary: 'Audit trail (admin): API calls that change state, DMs sent and received',
    request: { query: AuditQuery }, responses: { 200: { description: '{ items, next? } newest first' } },
  });
  router.get('/audit', requireRole(), async (req, res) => {
    const q = parse(AuditQuery, req.query, 'query');
    res.json(await listAudit(deps.db, q));
  });
}
