// Rising influencers: next-period influence forecasts from the stored history (docs/planning.md).
import { z } from 'zod';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { parse } from '../validate';
import { RISING_MAX, risingInfluencers } from '../../analytics/rising';

const RisingQuery = z.strictObject({
  limit: z.coerce.number({ error: `a whole number from 1 to ${RISING_MAX}` }).int(`a whole number from 1 to ${RISING_MAX}`)
    .min(1, `a whole number from 1 to ${RISING_MAX}`).max(RISING_MAX, `a whole number from 1 to ${RISING_MAX}`).default(50),
});

const RisingItem = z.object({
  xUserId: z.string(),
  username: z.string().nullable(),
  current: z.number().describe('influence score in the latest stored period'),
  predicted: z.number().describe('forecast for the next period'),
  low: z.number().describe('10th percentile of the forecast'),
  high: z.number().describe('90th percentile of the forecast'),
  trend: z.enum(['rising', 'steady', 'fading']),
});
export const RisingResponse = z.object({
  period: z.string().nullable().describe('start date (UTC) of the latest stored period; null before the first snapshot'),
  items: z.array(RisingItem).describe('largest predicted gain first'),
});

export function mount({ router, deps, registry }: RouteContext): void {
  registry.registerPath({
    method: 'get', path: '/influencers/rising', summary: 'People whose influence is forecast to grow most next period, with an 80 % interval',
    request: { query: RisingQuery },
    responses: {
      200: { description: 'forecasts, largest predicted gain first', content: { 'application/json': { schema: RisingResponse } } },
      400: { description: 'invalid parameter' }, 401: { description: 'no or unknown API key' }, 403: { description: 'role not allowed' },
    },
  });
  router.get('/influencers/rising', requireRole('marketer', 'operator'), async (req, res) => {
    const q = parse(RisingQuery, req.query, 'query');
    res.json(RisingResponse.parse(await risingInfluencers(deps.db, q.limit)));
  });
}
