// Escalations: the people who said YES (or needed more help than the bot gives). A human claims
// one, answers (the conversation workflow sends each answer as a DM) and resolves it. Each action
// is idempotent under its Idempotency-Key and goes to the escalation's own conversation only.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Request, Response } from 'express';
import type { Filter } from 'mongodb';
import type { UpdateDefinition } from '@temporalio/common';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError, ErrorBody } from '../errors';
import { Id, assertNoOperators, parse } from '../validate';
import { outreachCollections, recordResolutionNote, type EscalationDoc } from '../../store/conversations';
import { IDEMPOTENCY_KEY_RE, readAction, type AgentActionKind } from '../../store/agent-actions';
import { actionState, performAction, type ActionView } from '../../outreach/agent-actions';
import { agentReplyUpdate, claimUpdate, resolveUpdate } from '../../workflows/outreach/contract';

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
const IdempotencyKey = z.string().regex(IDEMPOTENCY_KEY_RE, '1-128 characters of letters, digits, ".", "_", ":" or "-"');
const ActionId = z.string().regex(/^(claim|reply|resolve):[A-Za-z0-9._:-]{1,128}$/, 'an action id (<kind>:<Idempotency-Key>)');
const ActionBody = z.object({
  id: ActionId, kind: z.enum(['claim', 'reply', 'resolve']),
  state: z.enum(['queued', 'held', 'sent', 'unknown', 'failed', 'done']).openapi({ description: "replies: queued, held, sent, unknown, failed; claim and resolve: queued, done, failed" }),
  dmEventId: z.string().optional(), reason: z.string().optional(), at: z.string().openapi({ format: 'date-time' }),
});
const Accepted = z.object({ id: EscalationId, idempotencyKey: IdempotencyKey, action: ActionBody });
const QuickAnswer = Accepted.extend({ stage: z.string() });
/** Claim and resolve wait this long for the conversation's answer before answering 202. */
const QUICK_ANSWER_MS = 10_000;

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

  const actionIdOfPath = (raw: string): string => parse(ActionId, raw, 'params.actionId');
  const view = (r: ActionView) => ({ id: r.id, kind: r.kind, state: r.state, ...(r.dmEventId ? { dmEventId: r.dmEventId } : {}), ...(r.reason ? { reason: r.reason } : {}), at: r.at });
  const act = async <Ret, Arg>(req: Request, res: Response, kind: AgentActionKind, schema: z.ZodType, def: UpdateDefinition<Ret, [Arg]>, arg: (b: never, agent: string) => Arg) => {
    const key = idempotencyKey(req);
    const b = body(schema, req.body) as Record<string, unknown>;
    const doc = await load(req.params.id as string);
    const agent = req.principal!.who;
    res.set('Idempotency-Key', key);
    const r = await performAction(deps.temporal, deps.db, {
      escalation: doc, kind, key, agent, body: b, def, arg: arg(b as never, agent), answerWithinMs: kind === 'reply' ? 0 : QUICK_ANSWER_MS,
    });
    return { doc, key, r, b };
  };
  const accepted = (res: Response, doc: EscalationDoc, key: string, r: ActionView) => {
    res.status(202).location(`/escalations/${doc._id}/actions/${r.id}`).json({ id: doc._id, idempotencyKey: key, action: view(r) });
  };
  /** Claim and resolve answer 200 with the result; still queued behind a send: 202 like a reply. */
  const quick = (res: Response, doc: EscalationDoc, key: string, r: ActionView, extra: Record<string, unknown>) => {
    if (r.state === 'failed') throw new ApiError(409, 'conflict', r.reason ?? `${r.kind} failed`);
    if (r.state !== 'done') return accepted(res, doc, key, r);
    res.location(`/escalations/${doc._id}/actions/${r.id}`).json({ id: doc._id, ...extra, stage: r.result?.stage, idempotencyKey: key, action: view(r) });
  };

  const action = (name: string, summary: string, schema: z.ZodType, ok: Record<number, { description: string; content?: object }>) => registry.registerPath({
    method: 'post', path: `/escalations/{id}/${name}`, summary,
    request: { params: z.object({ id: EscalationId }), headers: z.object({ 'idempotency-key': IdempotencyKey.optional() }), body: { content: { 'application/json': { schema } } } },
    responses: {
      ...ok,
      400: { description: 'invalid body or Idempotency-Key' },
      404: { description: 'unknown escalation' },
      409: { description: 'not possible now (claimed by someone else...) or a stale escalation (resolved, its conversation ended, a newer conversation with the person)', content: { 'application/json': { schema: ErrorBody } } },
      422: { description: 'the Idempotency-Key was already used for a different request', content: { 'application/json': { schema: ErrorBody } } },
      503: { description: 'the conversation did not take the action in time: send again with the same Idempotency-Key' },
    },
  });
  const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

  action('claim', 'Claim an escalation (the caller becomes its agent); idempotent with an Idempotency-Key', Claim, {
    200: { description: 'claimed', content: json(QuickAnswer.extend({ claimedBy: z.string() })) },
    202: { description: 'taken, still queued in the conversation', content: json(Accepted) },
  });
  router.post('/escalations/:id/claim', requireRole('agent'), async (req, res) => {
    const { doc, key, r } = await act(req, res, 'claim', Claim, claimUpdate, (_b: object, agent) => ({ agent }));
    quick(res, doc, key, r, { claimedBy: req.principal!.who });
  });

  action('reply', 'Answer the person: 202 at once with the action (the conversation sends it as a DM); read it back at Location', Reply, {
    202: { description: 'the action, taken by the conversation (or already known under this Idempotency-Key)', content: json(Accepted) },
  });
  router.post('/escalations/:id/reply', requireRole('agent'), async (req, res) => {
    const { doc, key, r } = await act(req, res, 'reply', Reply, agentReplyUpdate, (b: z.infer<typeof Reply>, agent) => ({ agent, text: b.text }));
    accepted(res, doc, key, r);
  });

  action('resolve', 'Resolve an escalation with an outcome; the conversation ends. Idempotent with an Idempotency-Key', Resolve, {
    200: { description: 'resolved', content: json(QuickAnswer.extend({ outcome: z.string() })) },
    202: { description: 'taken, still queued in the conversation', content: json(Accepted) },
  });
  router.post('/escalations/:id/resolve', requireRole('agent'), async (req, res) => {
    const { doc, key, r, b } = await act(req, res, 'resolve', Resolve, resolveUpdate, (b: z.infer<typeof Resolve>, agent) => ({ agent, outcome: b.outcome }));
    // Taken by the conversation (done, or queued behind a send): the note is kept with the escalation.
    if (typeof b.note === 'string' && r.state !== 'failed') await recordResolutionNote(deps.db, doc._id, b.note);
    quick(res, doc, key, r, { outcome: b.outcome });
  });

  registry.registerPath({
    method: 'get', path: '/escalations/{id}/actions/{actionId}', summary: 'Where an agent action stands: queued, held (by the DM limiter or X), sent, unknown, failed (claim/resolve: done)',
    request: { params: z.object({ id: EscalationId, actionId: ActionId }) },
    responses: { 200: { description: 'the action', content: json(ActionBody) }, 404: { description: 'unknown escalation or action' } },
  });
  router.get('/escalations/:id/actions/:actionId', requireRole('agent', 'operator'), async (req, res) => {
    const doc = await load(req.params.id as string);
    const actionId = actionIdOfPath(req.params.actionId as string);
    const a = await readAction(deps.db, `${doc._id}:${actionId}`);
    if (!a) throw new ApiError(404, 'not_found', `no action ${actionId} on escalation ${doc._id}`);
    res.json(view(await actionState(deps.temporal, deps.db, a)));
  });
}

/** The client's key (validated), or a new one the client can send again to retry. */
function idempotencyKey(req: Request): string {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return randomUUID();
  return parse(IdempotencyKey, raw, 'headers.Idempotency-Key');
}
