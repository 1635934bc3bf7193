// Which hashtags and keywords have trend series, busiest first: the dashboard's trend picker.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { parse } from '../validate';
import { analytics } from '../../store/analytics';

const Query = z.strictObject({
  kind: z.enum(['hashtag', 'keyword']).optional(),
  hours: z.coerce.number().int().min(1).max(24 * 30).default(48),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/analytics/trends/keys', summary: 'Hashtags and keywords with trend data in the window, by volume',
    request: { query: Query }, responses: { 200: { description: '{ keys: [{ kind, key, count }] }' } },
  });
  router.get('/analytics/trends/keys', requireRole('marketer', 'operator'), async (req, res) => {
    const q = parse(Query, req.query, 'query');
    const since = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - (q.hours - 1) * 3_600_000);
    const match: Record<string, unknown> = { hour: { $gte: since } };
    if (q.kind) match.kind = q.kind;
    const rows = await analytics(deps.db).trends.aggregate<{ _id: { kind: string; key: string }; count: number }>([
      { $match: match }, { $group: { _id: { kind: '$kind', key: '$key' }, count: { $sum: '$count' } } },
    ]).toArray();
    rows.sort((a, b) => b.count - a.count || a._id.key.localeCompare(b._id.key));
    res.json({ keys: rows.slice(0, q.limit).map((r) => ({ kind: r._id.kind, key: r._id.key, count: r.count })) });
  });
}
