// Customer profiles: what ingest learned about a person (X's numbers, running polarity and
// subjectivity, per-campaign presence). Read-only.
import { z } from 'zod';
import type { NextFunction, Request, Response } from 'express';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { Id, XUserId, parse } from '../validate';
import { profiles } from '../../store/profiles';
import type { ProfileDoc } from '../../domain/campaign';

const ListQuery = z.strictObject({
  campaignId: Id.optional(),
  qualified: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  skip: z.coerce.number().int().min(0).max(100_000).default(0),
});
const Params = z.strictObject({ xUserId: XUserId });

function handler(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => { fn(req, res).catch(next); };
}

export function profileView(p: ProfileDoc) {
  const { _id, recentTweetIds: _r, rev: _v, polarity, subjectivity, ...rest } = p;
  return { xUserId: _id, ...rest, polarity: polarity.mean, subjectivity: subjectivity.mean, scoredTweets: polarity.n };
}

export function mount({ router, deps, registry }: RouteContext): void {
  const role = requireRole('marketer', 'agent', 'operator');

  registry.registerPath({
    method: 'get', path: '/profiles', summary: 'List customer profiles (optionally of one campaign, qualified only)', tags: ['profiles'],
    request: { query: ListQuery }, responses: { 200: { description: '{ profiles }' } },
  });
  router.get('/profiles', role, handler(async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const filter: Record<string, unknown> = {};
    if (q.campaignId) filter.campaignIds = q.campaignId;
    if (q.qualified && q.campaignId) filter[`campaigns.${q.campaignId}.qualifiedAt`] = { $exists: q.qualified === 'true' };
    const list = await profiles(deps.db).find(filter).sort({ lastSeen: -1 }).skip(q.skip).limit(q.limit).toArray();
    res.json({ profiles: list.map(profileView) });
  }));

  registry.registerPath({
    method: 'get', path: '/profiles/{xUserId}', summary: 'Read one customer profile', tags: ['profiles'],
    request: { params: Params }, responses: { 200: { description: 'the profile' }, 404: { description: 'unknown person' } },
  });
  router.get('/profiles/:xUserId', role, handler(async (req, res) => {
    const { xUserId } = parse(Params, req.params, 'path');
    const p = await profiles(deps.db).findOne({ _id: xUserId });
    if (!p) throw new ApiError(404, 'not_found', `no profile for ${xUserId}`);
    res.json(profileView(p));
  }));
}
