// Streamed CSV / JSON exports: a campaign's prospects and conversations, and all customer profiles.
import { z } from 'zod';
import type { NextFunction, Request, Response } from 'express';
import type { RouteContext } from '../app';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { Id, parse } from '../validate';
import { getCampaign } from '../../store/campaigns';
import { profiles } from '../../store/profiles';
import { streamExport, type Column } from '../export-stream';
import type { ProfileDoc } from '../../domain/campaign';
import { outreachCollections, type ConversationDoc } from '../../store/conversations';

const Format = z.strictObject({ format: z.enum(['csv', 'json']).default('csv') });
const Params = z.strictObject({ id: Id });

const profileColumns: Column<ProfileDoc>[] = [
  { name: 'xUserId', get: (p) => p._id },
  { name: 'username', get: (p) => p.username },
  { name: 'name', get: (p) => p.name },
  { name: 'followers', get: (p) => p.followers },
  { name: 'following', get: (p) => p.following },
  { name: 'listed', get: (p) => p.listed },
  { name: 'tweetCount', get: (p) => p.tweetCount },
  { name: 'verified', get: (p) => p.verified },
  { name: 'protected', get: (p) => p.protected },
  { name: 'location', get: (p) => p.location },
  { name: 'polarity', get: (p) => p.polarity?.mean },
  { name: 'subjectivity', get: (p) => p.subjectivity?.mean },
  { name: 'tweetsSeen', get: (p) => p.tweetsSeen },
  { name: 'campaigns', get: (p) => p.campaignIds },
  { name: 'firstSeen', get: (p) => p.firstSeen },
  { name: 'lastSeen', get: (p) => p.lastSeen },
  { name: 'lastContactAt', get: (p) => p.lastContactAt },
];

const prospectColumns = (campaignId: string): Column<ProfileDoc>[] => [
  ...profileColumns.filter((c) => c.name !== 'campaigns'),
  { name: 'campaignTweets', get: (p) => p.campaigns?.[campaignId]?.tweets },
  { name: 'qualifiedAt', get: (p) => p.campaigns?.[campaignId]?.qualifiedAt },
  { name: 'notQualifiedBecause', get: (p) => p.campaigns?.[campaignId]?.lastReasons },
  { name: 'outreachStartedAt', get: (p) => p.campaigns?.[campaignId]?.outreachStartedAt },
];

const conversationColumns: Column<ConversationDoc>[] = [
  { name: 'conversationId', get: (c) => c._id },
  { name: 'xUserId', get: (c) => c.xUserId },
  { name: 'username', get: (c) => c.username },
  { name: 'name', get: (c) => c.name },
  { name: 'policy', get: (c) => c.policy },
  { name: 'stage', get: (c) => c.stage },
  { name: 'helpCount', get: (c) => c.helpCount },
  { name: 'remindersSent', get: (c) => c.remindersSent },
  { name: 'endReason', get: (c) => c.endReason },
  { name: 'escalationId', get: (c) => c.escalationId },
  { name: 'tweetId', get: (c) => c.tweet?.id },
  { name: 'messages', get: (c) => c.transcript?.length ?? 0 },
  { name: 'transcript', get: (c) => c.transcript?.map((e) => ({ at: e.at, from: e.from, text: e.text, template: e.template, variant: e.variant, intent: e.intent })) },
  { name: 'createdAt', get: (c) => c.createdAt },
  { name: 'updatedAt', get: (c) => c.updatedAt },
];

function handler(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => { fn(req, res).catch(next); };
}

const csvOrJson = { 200: { description: 'streamed rows', content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.array(z.object({}).passthrough()) } } } };

export function mount({ router, deps, registry }: RouteContext): void {
  const role = requireRole('marketer');
  const campaignOf = async (req: Request) => {
    const { id } = parse(Params, req.params, 'path');
    if (!(await getCampaign(deps.db, id))) throw new ApiError(404, 'not_found', `no campaign ${id}`);
    return id;
  };

  registry.registerPath({
    method: 'get', path: '/campaigns/{id}/prospects/export', summary: 'Export the people a campaign found (CSV or JSON, streamed)', tags: ['exports'],
    request: { params: Params, query: Format }, responses: csvOrJson,
  });
  router.get('/campaigns/:id/prospects/export', role, handler(async (req, res) => {
    const id = await campaignOf(req);
    const { format } = parse(Format, req.query, 'query');
    const cursor = profiles(deps.db).find({ campaignIds: id }, { projection: { recentTweetIds: 0 } }).sort({ _id: 1 });
    await streamExport(res, cursor as never, prospectColumns(id), format, `prospects-${id}`);
  }));

  registry.registerPath({
    method: 'get', path: '/campaigns/{id}/conversations/export', summary: 'Export a campaign\'s conversations with transcripts (CSV or JSON, streamed)', tags: ['exports'],
    request: { params: Params, query: Format }, responses: csvOrJson,
  });
  router.get('/campaigns/:id/conversations/export', role, handler(async (req, res) => {
    const id = await campaignOf(req);
    const { format } = parse(Format, req.query, 'query');
    const cursor = outreachCollections(deps.db).conversations.find({ campaignId: id }).sort({ _id: 1 });
    await streamExport(res, cursor, conversationColumns, format, `conversations-${id}`);
  }));

  registry.registerPath({
    method: 'get', path: '/profiles/export', summary: 'Export all customer profiles (CSV or JSON, streamed)', tags: ['exports'],
    request: { query: Format }, responses: csvOrJson,
  });
  router.get('/profiles/export', role, handler(async (req, res) => {
    const { format } = parse(Format, req.query, 'query');
    const cursor = profiles(deps.db).find({}, { projection: { recentTweetIds: 0 } }).sort({ _id: 1 });
    await streamExport(res, cursor as never, profileColumns, format, 'profiles');
  }));
}
