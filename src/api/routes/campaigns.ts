// Campaigns: create, list, read, update, start / pause / resume / stop, stats. Marketers and admins.
import { z } from 'zod';
import type { NextFunction, Request, Response } from 'express';
import type { RouteContext } from '../app';
import { audit, requireRole } from '../auth';
import { ApiError, ErrorBody } from '../errors';
import { Id, assertNoOperators, parse } from '../validate';
import { CAMPAIGN_STATUSES, CreateCampaignSchema, UpdateCampaignSchema } from '../../domain/campaign';
import { getCampaign, listCampaigns } from '../../store/campaigns';
import {
  CampaignStateError, campaignStats, createCampaign, pauseCampaign, resumeCampaign, startCampaign, stopCampaign,
  updateCampaign, type TemporalCtx,
} from '../../campaigns/service';

const ListQuery = z.strictObject({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  skip: z.coerce.number().int().min(0).max(100_000).default(0),
});
const Params = z.strictObject({ id: Id });

const ok = (description: string) => ({ description, content: { 'application/json': { schema: z.object({}).passthrough() } } });
const errors = {
  400: { description: 'invalid input (the reason names the field)', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'no such campaign', content: { 'application/json': { schema: ErrorBody } } },
  409: { description: 'not allowed in the campaign\'s current status', content: { 'application/json': { schema: ErrorBody } } },
};

/** Maps service errors onto HTTP. */
function wrap(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch((e: unknown) => {
      if (e instanceof CampaignStateError) next(new ApiError(e.code === 'not_found' ? 404 : e.code === 'rule_limit' ? 400 : 409, e.code, e.message));
      else next(e);
    });
  };
}

export function mount({ router, deps, registry }: RouteContext): void {
  const t: TemporalCtx = { client: deps.temporal, taskQueue: deps.config.TASK_QUEUE, access: deps.config.X_ACCESS_LEVEL };
  const role = requireRole('marketer');
  const readers = requireRole('marketer', 'operator');
  const idParam = (req: Request) => parse(Params, req.params, 'path').id;

  registry.registerPath({
    method: 'post', path: '/campaigns', summary: 'Create a campaign (draft)', tags: ['campaigns'],
    request: { body: { content: { 'application/json': { schema: CreateCampaignSchema } } } },
    responses: { 201: ok('the campaign'), 400: errors[400], 413: { description: 'body too large' } },
  });
  router.post('/campaigns', role, wrap(async (req, res) => {
    assertNoOperators(req.body);
    const input = parse(CreateCampaignSchema, req.body);
    const c = await createCampaign(deps.db, input, req.principal!.who);
    await audit(deps.db, req.principal!.who, 'campaign.create', { campaignId: c._id });
    res.status(201).json(view(c));
  }));

  registry.registerPath({
    method: 'get', path: '/campaigns', summary: 'List campaigns, newest first', tags: ['campaigns'],
    request: { query: ListQuery }, responses: { 200: ok('{ campaigns }'), 400: errors[400] },
  });
  router.get('/campaigns', readers, wrap(async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const list = await listCampaigns(deps.db, { limit: q.limit, skip: q.skip, ...(q.status ? { status: q.status } : {}) });
    res.json({ campaigns: list.map(view) });
  }));

  registry.registerPath({
    method: 'get', path: '/campaigns/{id}', summary: 'Read a campaign', tags: ['campaigns'],
    request: { params: Params }, responses: { 200: ok('the campaign'), 404: errors[404] },
  });
  router.get('/campaigns/:id', readers, wrap(async (req, res) => {
    const c = await getCampaign(deps.db, idParam(req));
    if (!c) throw new ApiError(404, 'not_found', `no campaign ${req.params.id}`);
    res.json(view(c));
  }));

  registry.registerPath({
    method: 'patch', path: '/campaigns/{id}', summary: 'Update settings (apply to conversations started afterwards)', tags: ['campaigns'],
    request: { params: Params, body: { content: { 'application/json': { schema: UpdateCampaignSchema } } } },
    responses: { 200: ok('the campaign'), ...errors },
  });
  router.patch('/campaigns/:id', role, wrap(async (req, res) => {
    const id = idParam(req);
    assertNoOperators(req.body);
    const update = parse(UpdateCampaignSchema, req.body);
    const c = await updateCampaign(deps.db, t, id, update);
    await audit(deps.db, req.principal!.who, 'campaign.update', { campaignId: id, fields: Object.keys(update) });
    res.json(view(c));
  }));

  const actions = { start: startCampaign, pause: pauseCampaign, resume: resumeCampaign, stop: stopCampaign } as const;
  for (const [action, fn] of Object.entries(actions)) {
    registry.registerPath({
      method: 'post', path: `/campaigns/{id}/${action}`, summary: `${action[0]!.toUpperCase()}${action.slice(1)} the campaign`, tags: ['campaigns'],
      request: { params: Params }, responses: { 200: ok('the campaign'), ...errors },
    });
    router.post(`/campaigns/:id/${action}`, role, wrap(async (req, res) => {
      const id = idParam(req);
      if (req.body && typeof req.body === 'object' && Object.keys(req.body as object).length) {
        throw new ApiError(400, 'invalid_request', `body: ${action} takes no body`);
      }
      const c = await fn(deps.db, t, id);
      await audit(deps.db, req.principal!.who, `campaign.${action}`, { campaignId: id });
      res.json(view(c));
    }));
  }

  registry.registerPath({
    method: 'get', path: '/campaigns/{id}/stats', summary: 'Tweets, qualified, contacted, replies, YES, HELP-limit, STOP, no-response, escalations, outcomes; per variant', tags: ['campaigns'],
    request: { params: Params }, responses: { 200: ok('the stats'), 404: errors[404] },
  });
  router.get('/campaigns/:id/stats', readers, wrap(async (req, res) => {
    res.json(await campaignStats(deps.db, idParam(req)));
  }));
}

/** The API shape of a campaign: `id` instead of Mongo's `_id`. */
function view<T extends { _id: string }>(c: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = c;
  return { id: _id, ...rest };
}
