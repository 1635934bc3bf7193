// The global suppression list: people who asked not to be messaged. Every campaign honours it.
// Only admins change it by hand, always with a reason, and every change is audited.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { audit, requireRole } from '../auth';
import { ApiError } from '../errors';
import { XUserId, assertNoOperators, parse } from '../validate';
import { addSuppression, outreachCollections, removeSuppression } from '../../store/conversations';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const Add = z.strictObject({ xUserId: XUserId, reason: z.string().trim().min(3).max(500) });
const Remove = z.strictObject({ reason: z.string().trim().min(3).max(500) });

export function mount({ router, deps, registry }: RouteContext): void {
  const col = outreachCollections(deps.db).suppressions;
  registry.registerPath({
    method: 'get', path: '/suppressions', summary: 'The suppression list', request: { query: ListQuery },
    responses: { 200: { description: 'suppressed people, newest first' } },
  });
  router.get('/suppressions', requireRole('operator'), async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const items = await col.find({}).sort({ at: -1 }).skip(q.offset).limit(q.limit).toArray();
    res.json({ items: items.map(({ _id, ...rest }) => ({ xUserId: _id, ...rest })), count: items.length });
  });

  registry.registerPath({
    method: 'post', path: '/suppressions', summary: 'Suppress a person (admin; audited)',
    request: { body: { content: { 'application/json': { schema: Add } } } },
    responses: { 201: { description: 'added' }, 200: { description: 'already suppressed' } },
  });
  router.post('/suppressions', requireRole(), async (req, res) => {
    assertNoOperators(req.body);
    const b = parse(Add, req.body);
    const added = await addSuppression(deps.db, { _id: b.xUserId, reason: b.reason, source: 'api', by: req.principal!.who });
    await audit(deps.db, req.principal!.who, 'suppression.add', { xUserId: b.xUserId, reason: b.reason, changed: added });
    res.status(added ? 201 : 200).json({ xUserId: b.xUserId, suppressed: true, added });
  });

  registry.registerPath({
    method: 'delete', path: '/suppressions/{xUserId}', summary: 'Remove a person from the list (admin; reason required; audited)',
    request: { params: z.object({ xUserId: XUserId }), body: { content: { 'application/json': { schema: Remove } } } },
    responses: { 200: { description: 'removed' }, 404: { description: 'not on the list' } },
  });
  router.delete('/suppressions/:xUserId', requireRole(), async (req, res) => {
    const xUserId = parse(XUserId, req.params.xUserId, 'params.xUserId');
    assertNoOperators(req.body ?? {});
    const b = parse(Remove, req.body ?? {});
    if (!(await removeSuppression(deps.db, xUserId))) throw new ApiError(404, 'not_found', `${xUserId} is not suppressed`);
    await audit(deps.db, req.principal!.who, 'suppression.remove', { xUserId, reason: b.reason });
    res.json({ xUserId, suppressed: false });
  });
}
