// The control API under /_emulator: what tests and demos use to steer the world — inject tweets
// and DMs, read logs, inject faults, change the rate, reset, export and import state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { EmulatorCore, StateSnapshot } from './core';
import { HttpError, readJson, sendJson } from './http';
import { behaviourOf, DEFAULT_REPLY_PROFILE } from './dms';
import { compareIds } from './ids';
import { badTweetLine } from './bad-lines';

const id = z.string().regex(/^\d{1,19}$/, 'a numeric id');

const userSchema = z.object({
  id,
  username: z.string().regex(/^[A-Za-z0-9_]{1,15}$/, '1–15 letters, digits or _').optional(),
  name: z.string().max(50).optional(),
  verified: z.boolean().optional(),
  protected: z.boolean().optional(),
  location: z.string().max(100).optional(),
  description: z.string().max(160).optional(),
  created_at: z.string().datetime().optional(),
  public_metrics: z.object({
    followers_count: z.number().int().min(0),
    following_count: z.number().int().min(0),
    listed_count: z.number().int().min(0),
    tweet_count: z.number().int().min(0),
  }).optional(),
  dmOpen: z.boolean().optional(),
}).strict();

const tweetSchema = z.object({
  text: z.string().min(1).max(4000),
  id: id.optional(),
  author: userSchema.optional(),
  authorId: id.optional(),
  lang: z.string().regex(/^[a-z]{2,3}$/, 'an ISO language code').optional(),
  createdAt: z.string().datetime().optional(),
  referencedTweets: z.array(z.object({ type: z.enum(['retweeted', 'quoted', 'replied_to']), id })).max(3).optional(),
  publicMetrics: z.object({
    retweet_count: z.number().int().min(0), reply_count: z.number().int().min(0),
    like_count: z.number().int().min(0), quote_count: z.number().int().min(0),
  }).partial().optional(),
}).strict();

const dmSchema = z.object({ from: id, text: z.string().min(1).max(10_000) }).strict();

const faultSchema = z.object({
  status: z.union([z.literal(401), z.literal(403), z.literal(429), z.literal(500), z.literal(503)]).optional(),
  slowMs: z.number().int().min(0).max(120_000).optional(),
  count: z.number().int().min(1).max(1_000_000).default(1),
  path: z.string().startsWith('/').optional(),
  resetInSec: z.number().int().min(0).max(86_400).optional(),
  deliver: z.boolean().optional(),
  hangMs: z.number().int().min(0).max(600_000).optional(),
  probability: z.number().min(0).max(1).optional(),
}).strict()
  .refine((f) => f.status !== undefined || f.slowMs !== undefined || f.deliver, 'give status, slowMs and/or deliver')
  .refine((f) => !f.deliver || f.status === undefined || f.status >= 500, { message: 'deliver goes with a 5xx status (or none)', path: ['status'] })
  .refine((f) => f.hangMs === undefined || f.deliver, { message: 'hangMs needs deliver: true', path: ['hangMs'] });

const dmOptionsSchema = z.object({
  visibleAfterMs: z.number().int().min(0).max(600_000).optional(),
  rewriteLinks: z.boolean().optional(),
}).strict();

const streamFaultSchema = z.object({
  action: z.enum(['drop', 'stall', 'resume', 'malformed', 'oversized', 'burst', 'invalid-id', 'missing-author']),
  /** Lines to write (malformed/oversized) or tweets to generate at once (burst). */
  count: z.number().int().min(1).max(1_000_000).default(1),
  /** Size of an oversized line in bytes. */
  bytes: z.number().int().min(1).max(64 * 1024 * 1024).default(2 * 1024 * 1024),
}).strict().refine((f) => f.action === 'burst' || f.count <= 1000, { message: 'count above 1000 is only allowed for burst', path: ['count'] });

const rateSchema = z.object({ rate: z.number().min(0).max(200_000) }).strict();

const profileSchema = z.object({
  yes: z.number().min(0), help: z.number().min(0), stop: z.number().min(0), free: z.number().min(0), none: z.number().min(0),
  minDelayMs: z.number().int().min(0), maxDelayMs: z.number().int().min(0), unsolicitedPerMinute: z.number().min(0),
}).partial().strict();

const stateSchema = z.object({
  version: z.literal(1),
  seed: z.number(),
  brand: z.string(),
  nextTweetId: id,
  nextRuleId: id,
  nextDmId: id,
  rules: z.array(z.object({ id, value: z.string(), tag: z.string().optional() })),
  users: z.array(z.object({ id, username: z.string() }).passthrough()),
  tweets: z.array(z.object({ id, text: z.string(), author_id: id }).passthrough()),
  dms: z.array(z.object({ id }).passthrough()),
  emitted: z.array(z.object({ id }).passthrough()),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'body';
    throw new HttpError(400, { title: 'Invalid Request', detail: `${where}: ${issue.message}`, type: 'about:blank', status: 400 });
  }
  return r.data;
}

export async function handleControl(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname.slice('/_emulator'.length) || '/';
  try {
    if (method === 'GET' && path === '/health') return sendJson(res, 200, { ok: true });
    if (method === 'GET' && path === '/stats') {
      return sendJson(res, 200, {
        rate: core.rate, generated: core.generatedCount, tweets: core.world.tweets.length, users: core.world.users.size,
        rules: core.rules.length, emitted: core.emitted.length, streamConnections: core.hub.conns.size,
        dms: core.dms.events.length, faults: core.faults, brand: core.world.brand,
      });
    }
    if (method === 'POST' && path === '/tweets') {
      const input = parse(tweetSchema, await readJson(req));
      if (input.authorId && !input.author && !core.world.users.has(input.authorId)) {
        throw new HttpError(400, { title: 'Invalid Request', detail: `authorId: unknown user ${input.authorId}; send "author" to create one`, type: 'about:blank', status: 400 });
      }
      try {
        const { tweet, matchedRuleIds } = core.inject(input);
        return sendJson(res, 201, { id: tweet.id, tweet, matchedRuleIds });
      } catch (e) {
        throw new HttpError(400, { title: 'Invalid Request', detail: (e as Error).message, type: 'about:blank', status: 400 });
      }
    }
    if (method === 'GET' && path === '/emitted') {
      const since = url.searchParams.get('since_id');
      const items = since ? core.emitted.filter((e) => compareIds(e.id, since) > 0) : core.emitted;
      return sendJson(res, 200, { count: items.length, emitted: items });
    }
    if (method === 'GET' && path === '/posted') return sendJson(res, 200, { brandUserId: core.world.brand.id, posted: core.posted });
    if (method === 'GET' && path === '/rules') return sendJson(res, 200, { rules: core.rules.map(({ node: _n, ...r }) => r) });
    if (method === 'POST' && path === '/dms') {
      const { from, text } = parse(dmSchema, await readJson(req));
      if (!core.world.users.has(from)) throw new HttpError(400, { title: 'Invalid Request', detail: `from: unknown user ${from}`, type: 'about:blank', status: 400 });
      return sendJson(res, 201, core.dms.receive(from, text, 'injected'));
    }
    if (method === 'GET' && path === '/dms') {
      const events = core.dms.events;
      return sendJson(res, 200, {
        brandUserId: core.world.brand.id,
        sent: events.filter((e) => e.sender_id === core.world.brand.id),
        received: events.filter((e) => e.sender_id !== core.world.brand.id),
        duplicates: events.filter((e) => e.duplicateOf?.length),
      });
    }
    if (method === 'PUT' && path === '/reply-profile') {
      const p = { ...core.dms.profile, ...parse(profileSchema, await readJson(req)) };
      core.dms.setProfile(p);
      return sendJson(res, 200, p);
    }
    const who = /^\/users\/(\d+)$/.exec(path);
    if (method === 'GET' && who) {
      const u = core.world.users.get(who[1]!);
      if (!u) return sendJson(res, 404, { title: 'Not Found', detail: `no user ${who[1]}`, type: 'about:blank', status: 404 });
      return sendJson(res, 200, { user: u, dmBehaviour: behaviourOf(core.seed, u.id, { ...DEFAULT_REPLY_PROFILE, ...core.dms.profile }) });
    }
    if (method === 'POST' && path === '/faults') {
      const f = parse(faultSchema, await readJson(req));
      core.faults.push(f);
      return sendJson(res, 201, { faults: core.faults });
    }
    if (method === 'DELETE' && path === '/faults') {
      core.faults = [];
      return sendJson(res, 200, { faults: [] });
    }
    if (method === 'PUT' && path === '/dm-options') {
      core.dms.options = { ...core.dms.options, ...parse(dmOptionsSchema, await readJson(req)) };
      return sendJson(res, 200, core.dms.options);
    }
    if (method === 'POST' && path === '/stream') {
      const f = parse(streamFaultSchema, await readJson(req));
      let affected = core.hub.conns.size;
      if (f.action === 'drop') affected = core.hub.dropAll();
      else if (f.action === 'stall') core.hub.stallAll(true);
      else if (f.action === 'resume') core.hub.stallAll(false);
      else if (f.action === 'burst') return sendJson(res, 200, { action: f.action, matched: await core.burst(f.count), connections: affected });
      else if (f.action === 'invalid-id' || f.action === 'missing-author') for (let i = 0; i < f.count; i++) core.hub.writeRaw(badTweetLine(core, f.action, i));
      else if (f.action === 'malformed') for (let i = 0; i < f.count; i++) core.hub.writeRaw('{"data":{"id":"1","text":' + '\r\n');
      else for (let i = 0; i < f.count; i++) core.hub.writeRaw('{"data":{"id":"1","text":"' + 'x'.repeat(f.bytes) + '\r\n');
      return sendJson(res, 200, { action: f.action, connections: affected });
    }
    if (method === 'PUT' && path === '/rate') {
      const { rate } = parse(rateSchema, await readJson(req));
      core.setRate(rate);
      return sendJson(res, 200, { rate });
    }
    if (method === 'POST' && path === '/reset') {
      core.reset();
      return sendJson(res, 200, { ok: true });
    }
    if (method === 'GET' && path === '/state') return sendJson(res, 200, core.exportState());
    if (method === 'PUT' && path === '/state') {
      const s = parse(stateSchema, await readJson(req));
      try {
        core.importState(s as unknown as StateSnapshot);
      } catch (e) {
        throw new HttpError(400, { title: 'Invalid Request', detail: `state: ${(e as Error).message}`, type: 'about:blank', status: 400 });
      }
      return sendJson(res, 200, { ok: true, tweets: core.world.tweets.length, rules: core.rules.length });
    }
    sendJson(res, 404, { title: 'Not Found', detail: `no control route ${method} ${url.pathname}`, type: 'about:blank', status: 404 });
  } catch (e) {
    if (e instanceof HttpError) return sendJson(res, e.status, e.body);
    throw e;
  }
}
