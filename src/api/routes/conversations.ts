// Conversations and their transcripts (read-only; the workflow writes them).
import { z } from 'zod';
import type { Filter } from 'mongodb';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { Id, parse } from '../validate';
import { STAGES } from '../../domain/conversation';
import { archivedTranscript, outreachCollections, type ConversationDoc } from '../../store/conversations';

const ListQuery = z.strictObject({
  campaign: Id.optional(),
  stage: z.enum(STAGES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
const ArchiveQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const ConversationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}-\d{1,20}$/, 'a conversation id (<campaignId>-<xUserId>)');

export function mount({ router, deps, registry }: RouteContext): void {
  const col = outreachCollections(deps.db).conversations;
  registry.registerPath({
    method: 'get', path: '/conversations', summary: 'List conversations (filters: campaign, stage)',
    request: { query: ListQuery }, responses: { 200: { description: 'conversations without transcripts' } },
  });
  router.get('/conversations', requireRole('agent', 'marketer', 'operator'), async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const filter: Filter<ConversationDoc> = {};
    if (q.campaign) filter.campaignId = q.campaign;
    if (q.stage) filter.stage = q.stage;
    const items = await col.find(filter, { projection: { transcript: 0 } }).sort({ updatedAt: -1 }).skip(q.offset).limit(q.limit).toArray();
    res.json({ items, count: items.length, offset: q.offset });
  });

  registry.registerPath({
    method: 'get', path: '/conversations/{id}', summary: 'One conversation with its recent transcript (older entries: /archive; count in transcriptArchived)',
    request: { params: z.object({ id: ConversationId }) }, responses: { 200: { description: 'the conversation' }, 404: { description: 'unknown' } },
  });
  router.get('/conversations/:id', requireRole('agent', 'marketer', 'operator'), async (req, res) => {
    const id = parse(ConversationId, req.params.id, 'params.id');
    const doc = await col.findOne({ _id: id });
    if (!doc) throw new ApiError(404, 'not_found', `no conversation ${id}`);
    doc.transcript.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    res.json(doc);
  });

  registry.registerPath({
    method: 'get', path: '/conversations/{id}/archive', summary: 'Older transcript entries of a conversation, oldest first',
    request: { params: z.object({ id: ConversationId }), query: ArchiveQuery },
    responses: { 200: { description: 'archived entries' }, 404: { description: 'unknown' } },
  });
  router.get('/conversations/:id/archive', requireRole('agent', 'marketer', 'operator'), async (req, res) => {
    const id = parse(ConversationId, req.params.id, 'params.id');
    const q = parse(ArchiveQuery, req.query, 'query');
    const doc = await col.findOne({ _id: id }, { projection: { transcriptArchived: 1 } });
    if (!doc) throw new ApiError(404, 'not_found', `no conversation ${id}`);
    const items = await archivedTranscript(deps.db, id, q);
    res.json({ items, count: items.length, offset: q.offset, total: doc.transcriptArchived ?? 0 });
  });
}
