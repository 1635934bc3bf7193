// Prospects waiting for a human decision before first contact (policy `review`).
import { z } from 'zod';
import type { Filter } from 'mongodb';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { Id, XUserId, assertNoOperators, parse } from '../validate';
import { outreachCollections, type ConversationDoc } from '../../store/conversations';
import { updateConversation } from '../../outreach/control';
import { outreachWorkflowId, reviewUpdate } from '../../workflows/outreach/contract';
import { DomainError } from '../../errors';

const ListQuery = z.strictObject({
  campaign: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const Reject = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });
const Approve = z.strictObject({});
const Bulk = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  xUserIds: z.array(XUserId).min(1).max(200),
  reason: z.string().trim().min(1).max(500).optional(),
});

export function mount({ router, deps, registry }: RouteContext): void {
  const col = outreachCollections(deps.db).conversations;
  registry.registerPath({
    method: 'get', path: '/prospects', summary: 'Prospects waiting for review', request: { query: ListQuery },
    responses: { 200: { description: 'pending prospects, oldest first' } },
  });
  router.get('/prospects', requireRole('marketer', 'operator'), async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const filter: Filter<ConversationDoc> = { stage: 'pending-review' };
    if (q.campaign) filter.campaignId = q.campaign;
    const items = await col.find(filter, { projection: { transcript: 0 } }).sort({ createdAt: 1 }).limit(q.limit).toArray();
    res.json({ items, count: items.length });
  });

  const decide = async (xUserId: string, decision: 'approve' | 'reject', by: string, reason?: string) =>
    updateConversation(deps.temporal, outreachWorkflowId(xUserId), reviewUpdate, { decision, by, reason });

  for (const decision of ['approve', 'reject'] as const) {
    const schema = decision === 'approve' ? Approve : Reject;
    registry.registerPath({
      method: 'post', path: `/prospects/{xUserId}/${decision}`, summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a prospect`,
      request: { params: z.object({ xUserId: XUserId }), body: { content: { 'application/json': { schema } } } },
      responses: { 200: { description: 'the conversation stage after the decision' }, 404: { description: 'no conversation' }, 409: { description: 'not waiting for review' } },
    });
    router.post(`/prospects/:xUserId/${decision}`, requireRole('marketer'), async (req, res) => {
      const xUserId = parse(XUserId, req.params.xUserId, 'params.xUserId');
      assertNoOperators(req.body ?? {});
      const body = parse(schema, req.body ?? {}) as { reason?: string };
      const r = await decide(xUserId, decision, req.principal!.who, body.reason);
      res.json({ xUserId, decision, stage: r.stage });
    });
  }

  registry.registerPath({
    method: 'post', path: '/prospects/review', summary: 'Approve or reject many prospects at once',
    request: { body: { content: { 'application/json': { schema: Bulk } } } },
    responses: { 200: { description: 'one result per prospect' } },
  });
  router.post('/prospects/review', requireRole('marketer'), async (req, res) => {
    assertNoOperators(req.body);
    const body = parse(Bulk, req.body);
    const results = [];
    for (const xUserId of new Set(body.xUserIds)) {
      try {
        const r = await decide(xUserId, body.decision, req.principal!.who, body.reason);
        results.push({ xUserId, ok: true, stage: r.stage });
      } catch (err) {
        if (!(err instanceof ApiError || err instanceof DomainError)) throw err;
        results.push({ xUserId, ok: false, error: err.message });
      }
    }
    res.json({ decision: body.decision, results });
  });
}
