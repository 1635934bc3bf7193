// The global suppression list: people who asked not to be messaged. Every campaign honours it.
// Only admins change it by hand, always with a reason, and every change is audited.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { audit, requireRole } from '../auth';
import { ApiError } from '../errors';
import { XUserId, assertNoOperators, parse } from '../validate';
import { addSuppression, removeSuppression } from '../../store/conversations';
import { listSuppressions, type SuppressionCursor, type SuppressionQuery } from '../../store/suppressions-search';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'the `next` value of the previous page').optional()
    .openapi({ description: 'the `next` of the previous page: the entries after it, newest first' }),
  xUserId: XUserId.optional().openapi({ description: 'one person, by X user id' }),
  handle: z.string().trim().regex(/^@?[A-Za-z0-9_]{1,15}$/, 'a handle: 1-15 letters, digits or _, with or without @').optional()
    .openapi({ description: 'people by X handle, case-insensitive (profiles known to Chirpflow)' }),
  match: z.enum(['prefix', 'exact']).optional().openapi({ description: 'with `handle`: its beginning (default) or the whole handle' }),
});
const Entry = z.object({
  xUserId: z.string(), handle: z.string().optional(), reason: z.string(), source: z.string(),
  by: z.string().optional(), campaignId: z.string().optional(), tweetId: z.string().optional(), at: z.string(),
}).openapi('Suppression');
const Page = z.object({
  items: z.array(Entry), count: z.number().int(),
  next: z.string().optional().openapi({ description: 'present when more may follow: pass it as `after`' }),
}).openapi('SuppressionPage');

/** The `next` cursor: the last entry's time and id, opaque to clients. */
const encodeCursor = (c: SuppressionCursor) => Buffer.from(JSON.stringify([c.at.getTime(), c.id])).toString('base64url');
function decodeCursor(s: string): SuppressionCursor {
  try {
    const [t, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(t) && typeof id === 'string' && id.length > 0 && id.length <= 200) return { at: new Date(t as number), id };
  } catch { /* reported below */ }
  throw new ApiError(400, 'invalid_request', 'query.after: the `next` value of the previous page');
}

function toQuery(q: z.infer<typeof ListQuery>): SuppressionQuery {
  if (q.xUserId && q.handle) throw new ApiError(400, 'invalid_request', 'query: search by xUserId or by handle, not both');
  if (q.match && !q.handle) throw new ApiError(400, 'invalid_request', 'query.match: only with handle');
  if (q.xUserId && q.after) throw new ApiError(400, 'invalid_request', 'query.after: not with xUserId (one person is one page)');
  return {
    limit: q.limit, after: q.after ? decodeCursor(q.after) : undefined, xUserId: q.xUserId,
    handle: q.handle ? { text: q.handle.replace(/^@/, ''), exact: q.match === 'exact' } : undefined,
  };
}
const Add = z.strictObject({ xUserId: XUserId, reason: z.string().trim().min(3).max(500) });
const Remove = z.strictObject({ reason: z.string().trim().min(3).max(500) });

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/suppressions',
    summary: 'The suppression list, newest first, a page at a time; one person by id, or people by handle',
    description: 'Paged by cursor (`next` -> `after`): entries added while paging never shift or repeat a page. '
      + 'A handle search reads up to 5,000 entries per call and may return fewer matches than `limit` (even none) with a `next` to go on.',
    request: { query: ListQuery },
    responses: {
      200: { description: 'suppressed people, newest first', content: { 'application/json': { schema: Page } } },
      400: { description: 'a bad parameter, named in the message' },
    },
  });
  router.get('/suppressions', requireRole('operator'), async (req, res) => {
    const page = await listSuppressions(deps.db, toQuery(parse(ListQuery, req.query, 'query')));
    // auditPending is ingest's write-ahead flag (see SuppressionDoc), not part of an entry.
    const items = page.items.map(({ _id, auditPending: _flag, ...rest }) => ({ xUserId: _id, ...rest }));
    res.json({ items, count: items.length, ...(page.next ? { next: encodeCursor(page.next) } : {}) });
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
