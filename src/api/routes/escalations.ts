// Escalations: the people who said YES (or needed more help than the bot gives). A human claims
// one, answers (the conversation workflow sends each answer as a DM) and resolves it.
import { z } from 'zod';
import type { Filter } from 'mongodb';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { Id, assertNoOperators, parse } from '../validate';
import { outreachCollections, type EscalationDoc } from '../../store/conversations';
import { updateConversation } from '../../outreach/control';
import { agentReplyUpdate, claimUpdate, resolveUpdate } from '../../workflows/outreach';

const ListQuery = z.strictObject({
  campaign: Id.optional(),
  status: z.enum(['open', 'claimed', 'resolved']).optional(),
  priority: z.enum(['high', 'low']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const EscalationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}-\d{1,20}$/, 'an escalation id');
const Claim = z.strictObject({});
const Reply = z.strictObject({ text: z.string().trim().min(1).max(10_000) });
const Resolve = z.strictObject({ outcome: z.string().trim().min(1).max(100), note: z.string().max(2000).optional() });

export function mount({ router, deps, registry }: RouteContext): void {
  const col = outreachCollections(deps.db).escalations;
  const load = async (raw: string): Promise<EscalationDoc> => {
    const id = parse(EscalationId, raw, 'params.id');
    const doc = await col.findOne({ _id: id });
    if (!doc) throw new ApiError(404, 'not_found', `no escalation ${id}`);
    return doc;
  };
  const body = <T extends z.ZodType>(schema: T, b: unknown): z.infer<T> => {
    assertNoOperators(b ?? {});
    return parse(schema, b ?? {});
  };

  registry.registerPath({
    method: 'get', path: '/escalations', summary: 'List escalations (filters: campaign, status, priority)',
    request: { query: ListQuery }, responses: { 200: { description: 'escalations, high priority and oldest first' } },
  });
  router.get('/escalations', requireRole('agent', 'operator'), async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const filter: Filter<EscalationDoc> = {};
    if (q.campaign) filter.campaignId = q.campaign;
    if (q.status) filter.status = q.status;
    if (q.priority) filter.priority = q.priority;
    const items = await col.find(filter).sort({ priority: 1, createdAt: 1 }).limit(q.limit).toArray();
    res.json({ items, count: items.length });
  });

  registry.registerPath({
    method: 'get', path: '/escalations/{id}', summary: 'One escalation with its thread',
    request: { params: z.object({ id: EscalationId }) }, responses: { 200: { description: 'the escalation' }, 404: { description: 'unknown' } },
  });
  router.get('/escalations/:id', requireRole('agent', 'operator'), async (req, res) => { res.json(await load(req.params.id as string)); });

  const action = (name: string, summary: string, schema: z.ZodType) => registry.registerPath({
    method: 'post', path: `/escalations/{id}/${name}`, summary,
    request: { params: z.object({ id: EscalationId }), body: { content: { 'application/json': { schema } } } },
    responses: { 200: { description: 'done' }, 404: { description: 'unknown escalation' }, 409: { description: 'not possible now (claimed by someone else, ended...)' } },
  });

  action('claim', 'Claim an escalation (the caller becomes its agent)', Claim);
  router.post('/escalations/:id/claim', requireRole('agent'), async (req, res) => {
    body(Claim, req.body);
    const doc = await load(req.params.id as string);
    const r = await updateConversation(deps.temporal, doc.workflowId, claimUpdate, { agent: req.principal!.who });
    res.json({ id: doc._id, claimedBy: req.principal!.who, stage: r.stage });
  });

  action('reply', 'Answer the person; the conversation sends it as a DM', Reply);
  router.post('/escalations/:id/reply', requireRole('agent'), async (req, res) => {
    const b = body(Reply, req.body);
    const doc = await load(req.params.id as string);
    const r = await updateConversation(deps.temporal, doc.workflowId, agentReplyUpdate, { agent: req.principal!.who, text: b.text });
    res.status(r.status === 'sent' ? 200 : 409).json({ id: doc._id, ...r });
  });

  action('resolve', 'Resolve an escalation with an outcome; the conversation ends', Resolve);
  router.post('/escalations/:id/resolve', requireRole('agent'), async (req, res) => {
    const b = body(Resolve, req.body);
    const doc = await load(req.params.id as string);
    const r = await updateConversation(deps.temporal, doc.workflowId, resolveUpdate, { agent: req.principal!.who, outcome: b.outcome });
    res.json({ id: doc._id, outcome: b.outcome, stage: r.stage });
  });
}
