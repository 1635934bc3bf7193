// DM sends whose outcome at X could not be established (the send protocol's 'unknown' rule: never
// sent again). Operators look here to decide whether to follow up by hand.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { parse } from '../validate';
import { outreachCollections } from '../../store/conversations';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export function mount({ router, deps, registry }: RouteContext): void {
  const col = outreachCollections(deps.db).sentMessages;
  registry.registerPath({
    method: 'get', path: '/outreach/unknown', summary: 'DMs that may or may not have reached X (never sent again)',
    request: { query: ListQuery }, responses: { 200: { description: 'ledger entries in state "unknown", newest first' } },
  });
  router.get('/outreach/unknown', requireRole('operator'), async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    // Rare by design, and the ledger has an index on state.
    const items = await col.find({ state: 'unknown' }).sort({ unknownAt: -1 }).skip(q.offset).limit(q.limit).toArray();
    res.json({
      items: items.map((d) => ({
        key: d._id, xUserId: d.xUserId, conversationId: d.conversationId, workflowId: d.workflowId, text: d.text,
        reason: d.unknownReason, at: d.unknownAt, attempts: d.attempts,
      })),
      count: items.length, offset: q.offset,
    });
  });
}
