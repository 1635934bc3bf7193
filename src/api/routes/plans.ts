// Budget plans (issue #20): POST computes a plan from the stored scores and keeps it; the plans
// schedule recomputes standing plans as scores change and records what changed.
import { z } from 'zod';
import type { RouteContext } from '../app';
import { audit, requireRole } from '../auth';
import { ApiError } from '../errors';
import { Id, assertNoOperators, parse } from '../validate';
import { PlanInputError, PlanSpec, toPlanRequest } from '../../planning/spec';
import { createPlan } from '../../planning/service';
import { getPlan, listPlans } from '../../store/plans';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
const Params = z.strictObject({ id: Id });
const json = (description: string) => ({ description, content: { 'application/json': { schema: z.object({}).passthrough() } } });
const bad = { 400: { description: 'invalid request (the field is named)' }, 401: { description: 'no or unknown API key' }, 403: { description: 'role not allowed' } };

const view = ({ _id, lastRunKey: _k, ...rest }: Record<string, unknown> & { _id: string; lastRunKey?: unknown }) => ({ id: _id, ...rest });

export function mount({ router, deps, registry }: RouteContext): void {
  const planners = requireRole('marketer');

  registry.registerPath({
    method: 'post', path: '/plans', summary: 'Compute and keep a budget plan: chosen influencers, expected outcome with interval, efficiency curve, regional coverage',
    request: { body: { content: { 'application/json': { schema: PlanSpec } } } },
    responses: { 201: json('the plan'), ...bad },
  });
  router.post('/plans', planners, async (req, res) => {
    assertNoOperators(req.body ?? {});
    const spec = parse(PlanSpec, req.body ?? {});
    let request;
    try {
      request = toPlanRequest(spec);
    } catch (e) {
      if (e instanceof PlanInputError) throw new ApiError(400, 'invalid_request', `body.${e.message}`, [{ path: e.field, message: e.message }]);
      throw e;
    }
    const doc = await createPlan(deps.db, { name: spec.name, request, recompute: spec.recompute, who: req.principal!.who, now: new Date() })
      .catch((e: unknown) => { throw e instanceof PlanInputError ? new ApiError(400, 'invalid_request', `body.${e.message}`) : e; });
    await audit(deps.db, req.principal!.who, 'plan.create', { planId: doc._id, budget: request.budget, goal: request.goal, chosen: doc.result.chosen.length });
    res.status(201).location(`/plans/${doc._id}`).json(view(doc as never));
  });

  registry.registerPath({ method: 'get', path: '/plans', summary: 'Plans, newest first (summaries)', request: { query: ListQuery }, responses: { 200: json('plan summaries'), ...bad } });
  router.get('/plans', planners, async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const items = (await listPlans(deps.db, q)).map((p) => {
      const { _id, result, ...rest } = p as typeof p & { result?: { spent: number; outcome: unknown; chosen: { xUserId: string }[] } };
      return { id: _id, ...rest, spent: result?.spent ?? 0, outcome: result?.outcome ?? null, chosen: result?.chosen?.length ?? 0 };
    });
    res.json({ items, count: items.length });
  });

  registry.registerPath({ method: 'get', path: '/plans/{id}', summary: 'A plan with its latest result and what changed at the last recompute', request: { params: Params }, responses: { 200: json('the plan'), 404: { description: 'no such plan' }, ...bad } });
  router.get('/plans/:id', planners, async (req, res) => {
    const { id } = parse(Params, req.params, 'path');
    const doc = await getPlan(deps.db, id);
    if (!doc) throw new ApiError(404, 'not_found', `no plan ${id}`);
    res.json(view(doc as never));
  });
}
