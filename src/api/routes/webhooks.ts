// X Account Activity webhook: the CRC challenge (GET) and signed deliveries (POST). Incoming DMs
// are routed like the poller's: to the sender's conversation, or the inbox.
import { COLLECTIONS, owned } from '../../store';
import { z } from 'zod';
import type { RouteContext } from '../app';
import { ApiError } from '../errors';
import { parse } from '../validate';
import { crcResponse, isValidWebhookSignature } from '../../x';
import { routeIncomingDms, type IncomingDm } from '../../outreach/routing';
import { createOptInFinder } from '../../campaigns/optin';
import { logger } from '../../log';
import { retryUpsertRace } from '../../store/upsert-race';

// X may add parameters to the CRC request (e.g. nonce): only crc_token is read.
const Crc = z.object({ crc_token: z.string().min(1).max(500) });
// X's payloads carry many fields we do not use: only the parts we read are checked.
const DmEvent = z.object({
  type: z.string(),
  id: z.string().regex(/^\d{1,20}$/),
  created_timestamp: z.string().regex(/^\d{1,15}$/).optional(),
  message_create: z.object({
    sender_id: z.string().regex(/^\d{1,20}$/),
    target: z.object({ recipient_id: z.string() }).optional(),
    message_data: z.object({ text: z.string().max(10_000) }),
  }).optional(),
});
/** Event ids already handled (a replayed delivery is a no-op). */
export const WEBHOOK_EVENTS = COLLECTIONS.webhookEvents;
const Delivery = z.object({ for_user_id: z.string().optional(), direct_message_events: z.array(DmEvent).max(1000).optional() });

export function toIncomingDms(payload: z.infer<typeof Delivery>): IncomingDm[] {
  const out: IncomingDm[] = [];
  for (const e of payload.direct_message_events ?? []) {
    if (e.type !== 'message_create' || !e.message_create) continue;
    const mc = e.message_create;
    out.push({
      id: e.id, text: mc.message_data.text, senderId: mc.sender_id,
      dmConversationId: mc.target ? [mc.sender_id, mc.target.recipient_id].sort().join('-') : undefined,
      createdAt: new Date(e.created_timestamp ? Number(e.created_timestamp) : Date.now()).toISOString(),
    });
  }
  return out;
}

export function mount({ publicRouter, deps, registry }: RouteContext): void {
  // A keyword DM from someone without a conversation opts them in, as through the poller.
  const optInFor = createOptInFinder({ db: deps.db, log: deps.log ?? logger });
  const secret = () => {
    const s = deps.config.X_API_SECRET;
    if (!s) throw new ApiError(503, 'not_configured', 'X webhooks need X_API_SECRET (the consumer secret)');
    return s;
  };
  registry.registerPath({
    method: 'get', path: '/webhooks/x', summary: 'X webhook CRC challenge', security: [], request: { query: Crc },
    responses: { 200: { description: '{ response_token }' } },
  });
  publicRouter.get('/webhooks/x', (req, res) => {
    const q = parse(Crc, req.query, 'query');
    res.json(crcResponse(q.crc_token, secret()));
  });

  registry.registerPath({
    method: 'post', path: '/webhooks/x', summary: 'X Account Activity delivery (signed with the consumer secret)', security: [],
    responses: { 200: { description: 'routed' }, 401: { description: 'bad signature' } },
  });
  publicRouter.post('/webhooks/x', async (req, res) => {
    const key = secret();
    if (!req.rawBody || !isValidWebhookSignature(req.rawBody, req.header('x-twitter-webhooks-signature'), key)) {
      // Who sent what size, never the content: an unsigned body is untrusted and may carry anything.
      deps.log?.warn({ ip: req.ip, bytes: req.rawBody?.length ?? 0 }, 'webhook delivery with a bad signature refused');
      throw new ApiError(401, 'bad_signature', 'x-twitter-webhooks-signature does not match the body');
    }
    const payload = parse(Delivery, req.body);
    const brand = payload.for_user_id ?? deps.config.X_BRAND_USER_ID;
    const counts: Record<string, number> = {};
    const seen = owned<{ _id: string; at: Date }>(deps.db, WEBHOOK_EVENTS);
    const fresh: IncomingDm[] = [];
    for (const dm of toIncomingDms(payload)) {
      // A replayed (or redelivered) event changes nothing: each event id is handled once.
      if (await seen.countDocuments({ _id: dm.id }, { limit: 1 })) counts.duplicate = (counts.duplicate ?? 0) + 1;
      else fresh.push(dm);
    }
    // As one batch, like the poller's: every STOP in it is recorded before any of its DMs is routed.
    await routeIncomingDms(deps.temporal, deps.db, fresh, { brandUserId: brand, via: 'webhook', taskQueue: deps.config.TASK_QUEUE, optInFor }, (dm, r) => {
      counts[r] = (counts[r] ?? 0) + 1;
    });
    // Marked after routing: a crash in between means a redelivery routes them again, which the
    // conversations de-duplicate by event id anyway.
    for (const dm of fresh) await retryUpsertRace(() => seen.updateOne({ _id: dm.id }, { $setOnInsert: { at: new Date() } }, { upsert: true }));
    res.json({ ok: true, ...counts });
  });
}
