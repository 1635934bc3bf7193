// The X API v2 endpoints Chirpflow uses, with X's JSON shapes, error shapes and rate-limit headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore, Fault } from './core';
import { HttpError, delay, readJson, sendJson } from './http';
import { xProblem } from './limits';
import { projectTweet, projectUser, projectionFrom } from './project';
import { matches, parseRule, RuleSyntaxError } from './rules';
import type { EmuTweet } from './model';
import { compareIds } from './ids';

const INVALID = 'https://api.twitter.com/2/problems/invalid-request';

function invalid(param: string, value: string, message: string): HttpError {
  return new HttpError(400, {
    errors: [{ parameters: { [param]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: INVALID,
  });
}

/** Route key in the same form as the rate-limit table ("POST /2/dm_conversations/with/:id/messages"). */
export function routeKey(method: string, path: string): string {
  // Keep the version segment ("/2") as is; only ids after it vary.
  return `${method} /2${path.slice(2).replace(/\/\d+(?=\/|$)/g, '/:id')}`;
}

function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(name, raw, `The \`${name}\` query parameter value [${raw}] is not between ${min} and ${max}`);
  return n;
}

function idParam(q: URLSearchParams, name: string): string | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,19}$/.test(raw)) throw invalid(name, raw, `The \`${name}\` query parameter value [${raw}] is not valid`);
  return raw;
}

export async function handleApi(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const auth = req.headers.authorization ?? '';
  if (!/^(Bearer\s+\S+|OAuth\s+.+)/i.test(auth)) {
    sendJson(res, 401, xProblem(401, 'Unauthorized', 'Unauthorized'));
    return;
  }
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const key = routeKey(method, path);

  const taken = core.takeFault(path);
  if (taken?.slowMs) await delay(taken.slowMs);
  // A deliver-first fault acts after the DM is sent (sendDm); elsewhere it is no fault at all.
  const fault = taken?.deliver ? undefined : taken;
  if (fault?.status === 429) {
    const reset = String(Math.ceil(Date.now() / 1000) + (fault.resetInSec ?? 1));
    sendJson(res, 429, xProblem(429, 'Too Many Requests', 'Too Many Requests'), {
      'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset,
    });
    return;
  }
  if (fault?.status === 401 || fault?.status === 403) {
    sendJson(res, fault.status, fault.status === 401 ? xProblem(401, 'Unauthorized', 'Unauthorized') : xProblem(403, 'Forbidden', 'Injected fault: Forbidden'));
    return;
  }
  if (fault?.status) {
    const title = fault.status === 503 ? 'Service Unavailable' : 'Internal Server Error';
    sendJson(res, fault.status, xProblem(fault.status, title, `Injected fault: ${title}`));
    return;
  }

  const verdict = core.limiter.check(key);
  const rl = verdict?.headers ?? {};
  if (verdict && !verdict.ok) {
    sendJson(res, 429, xProblem(429, 'Too Many Requests', 'Too Many Requests'), rl);
    return;
  }

  try {
    if (method === 'GET' && path === '/2/tweets/search/stream') return openStream(core, req, res, url, rl);
    if (path === '/2/tweets/search/stream/rules') {
      if (method === 'GET') return sendJson(res, 200, listRules(core, url.searchParams), rl);
      if (method === 'POST') return await postRules(core, req, res, url, rl);
    }
    if (method === 'GET' && path === '/2/tweets/search/recent') return sendJson(res, 200, searchRecent(core, url.searchParams), rl);
    if (method === 'GET' && path === '/2/users') return sendJson(res, 200, lookupUsers(core, url.searchParams), rl);
    const userMatch = /^\/2\/users\/(\d+)$/.exec(path);
    if (method === 'GET' && userMatch) {
      const u = core.world.users.get(userMatch[1]!);
      if (!u) return sendJson(res, 200, { errors: [{ value: userMatch[1], detail: `Could not find user with id: [${userMatch[1]}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'id', resource_id: userMatch[1], type: 'https://api.twitter.com/2/problems/resource-not-found' }] }, rl);
      return sendJson(res, 200, { data: projectUser(u, projectionFrom(url.searchParams)) }, rl);
    }
    const dmMatch = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(path);
    if (method === 'POST' && dmMatch) return await sendDm(core, req, res, dmMatch[1]!, rl, taken?.deliver ? taken : undefined);
    if (method === 'POST' && path === '/2/tweets') return await postTweet(core, req, res, rl);
    if (method === 'GET' && path === '/2/dm_events') return sendJson(res, 200, listDmEvents(core, url.searchParams), rl);
    const withMatch = /^\/2\/dm_conversations\/with\/(\d{1,19})\/dm_events$/.exec(path);
    if (method === 'GET' && withMatch) return sendJson(res, 200, listDmEvents(core, url.searchParams, withMatch[1]!), rl);
    sendJson(res, 404, xProblem(404, 'Not Found Error', `No route for ${method} ${path}`, 'https://api.twitter.com/2/problems/resource-not-found'));
  } catch (e) {
    if (e instanceof HttpError) return sendJson(res, e.status, e.body, rl);
    throw e;
  }
}

function openStream(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL, rl: Record<string, string>): void {
  if (core.hub.conns.size >= core.maxStreamConnections) {
    sendJson(res, 429, {
      title: 'ConnectionException',
      detail: 'This stream is currently at the maximum allowed connection limit.',
      connection_issue: 'TooManyConnections',
      type: 'https://api.twitter.com/2/problems/streaming-connection',
    }, rl);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked', ...rl });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  core.hub.add(res, projectionFrom(url.searchParams));
}

function listRules(core: EmulatorCore, q: URLSearchParams) {
  const ids = q.get('ids')?.split(',').filter(Boolean);
  const max = intParam(q, 'max_results', 1000, 1, 1000);
  let rules = ids ? core.rules.filter((r) => ids.includes(r.id)) : core.rules;
  const token = q.get('pagination_token');
  if (token) rules = rules.filter((r) => compareIds(r.id, token) > 0);
  const page = rules.slice(0, max).map(({ node: _n, ...r }) => r);
  const meta: Record<string, unknown> = { sent: new Date().toISOString(), result_count: page.length };
  if (rules.length > max) meta.next_token = page[page.length - 1]!.id;
  return page.length ? { data: page, meta } : { meta };
}

interface RulesBody {
  add?: { value?: unknown; tag?: unknown }[];
  delete?: { ids?: unknown[]; values?: unknown[] };
}

async function postRules(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL, rl: Record<string, string>): Promise<void> {
  const body = (await readJson(req)) as RulesBody;
  const sent = new Date().toISOString();
  const dryRun = url.searchParams.get('dry_run') === 'true';
  if (body && Array.isArray(body.add)) {
    const add = body.add.map((r) => ({ value: typeof r?.value === 'string' ? r.value : '', tag: typeof r?.tag === 'string' ? r.tag : undefined }));
    if (!add.length) throw invalid('add', '[]', 'add must contain at least one rule');
    const { created, errors, invalid: bad } = core.addRules(add, dryRun);
    const summary = { created: created.length, not_created: add.length - created.length, valid: add.length - bad, invalid: bad };
    const out: Record<string, unknown> = { meta: { sent, summary } };
    if (created.length) out.data = created;
    if (errors.length) out.errors = errors;
    // Invalid rules make the whole request fail; duplicates alone do not.
    return sendJson(res, bad ? 400 : 201, bad ? { ...out, title: 'Invalid Request', detail: 'One or more rules are invalid.', type: 'https://api.twitter.com/2/problems/invalid-rules' } : out, rl);
  }
  if (body && body.delete && typeof body.delete === 'object') {
    const ids = (body.delete.ids ?? []).map(String);
    const values = (body.delete.values ?? []).map(String);
    const byValue = core.rules.filter((r) => values.includes(r.value)).map((r) => r.id);
    const all = [...ids, ...byValue];
    const r = dryRun ? { deleted: core.rules.filter((x) => all.includes(x.id)).length, notDeleted: 0 } : core.deleteRules(all);
    const out: Record<string, unknown> = { meta: { sent, summary: { deleted: r.deleted, not_deleted: r.notDeleted } } };
    if (r.notDeleted) {
      out.errors = all.filter((id) => !core.rules.some((x) => x.id === id)).slice(0, r.notDeleted).map((id) => ({
        errors: [{ parameters: {}, message: 'Rule does not exist' }], title: 'Invalid Request', type: INVALID, detail: `Rule ${id} does not exist`,
      }));
    }
    return sendJson(res, 200, out, rl);
  }
  throw invalid('body', JSON.stringify(body).slice(0, 100), 'body must contain "add" or "delete"');
}

function searchRecent(core: EmulatorCore, q: URLSearchParams) {
  const query = q.get('query');
  if (!query) throw invalid('query', '', 'The `query` query parameter can not be empty');
  let node;
  try {
    node = parseRule(query);
  } catch (e) {
    if (e instanceof RuleSyntaxError) throw invalid('query', query, `There were errors processing your request: ${e.message}`);
    throw e;
  }
  const max = intParam(q, 'max_results', 10, 10, 100);
  const sinceId = idParam(q, 'since_id');
  const untilId = idParam(q, 'until_id');
  const token = q.get('next_token') ?? q.get('pagination_token');
  if (token && !/^\d{1,19}$/.test(token)) throw invalid('next_token', token, 'The `next_token` query parameter value is not valid');
  const startTime = q.get('start_time');
  const endTime = q.get('end_time');
  for (const [n, v] of [['start_time', startTime], ['end_time', endTime]] as const) {
    if (v && Number.isNaN(Date.parse(v))) throw invalid(n, v, `Invalid ${n}`);
  }
  const proj = projectionFrom(q);
  const w = core.world;
  const lo = sinceId ? w.indexAfter(sinceId) : 0;
  const upper = token ?? untilId;
  let hi = upper ? w.indexAfter(upper) - 1 : w.tweets.length - 1;
  if (upper && hi >= 0 && w.tweets[hi]!.id === upper) hi--;
  const found: EmuTweet[] = [];
  let i = hi;
  for (; i >= lo && found.length < max; i--) {
    const t = w.tweets[i]!;
    if (startTime && t.created_at < new Date(startTime).toISOString()) break;
    if (endTime && t.created_at >= new Date(endTime).toISOString()) continue;
    if (matches(node, core.contextOf(t))) found.push(t);
  }
  // Is there anything matching further back? Only promise a next page when there is.
  let more = false;
  for (let j = i; j >= lo && found.length === max; j--) {
    const t = w.tweets[j]!;
    if (startTime && t.created_at < new Date(startTime).toISOString()) break;
    if (matches(node, core.contextOf(t))) { more = true; break; }
  }
  if (!found.length) return { meta: { result_count: 0 } };
  const meta: Record<string, unknown> = { newest_id: found[0]!.id, oldest_id: found[found.length - 1]!.id, result_count: found.length };
  if (more) meta.next_token = found[found.length - 1]!.id;
  const out: Record<string, unknown> = { data: found.map((t) => projectTweet(t, proj)), meta };
  if (proj.expandAuthor) {
    const ids = [...new Set(found.map((t) => t.author_id))];
    out.includes = { users: ids.map((id) => w.users.get(id)).filter((u) => u !== undefined).map((u) => projectUser(u, proj)) };
  }
  return out;
}

function lookupUsers(core: EmulatorCore, q: URLSearchParams) {
  const raw = q.get('ids') ?? '';
  const ids = raw.split(',').filter(Boolean);
  if (!ids.length || ids.length > 100) throw invalid('ids', raw, 'The number of values in the `ids` query parameter list [' + ids.length + '] is not between 1 and 100');
  for (const id of ids) if (!/^\d{1,19}$/.test(id)) throw invalid('ids', id, `The \`ids\` query parameter value [${id}] is not valid`);
  const proj = projectionFrom(q);
  const data = [];
  const errors = [];
  for (const id of ids) {
    const u = core.world.users.get(id);
    if (u) data.push(projectUser(u, proj));
    else errors.push({ value: id, detail: `Could not find user with ids: [${id}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'ids', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found' });
  }
  const out: Record<string, unknown> = {};
  if (data.length) out.data = data;
  if (errors.length) out.errors = errors;
  return out;
}

async function sendDm(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, participant: string, rl: Record<string, string>, after?: Fault): Promise<void> {
  const body = (await readJson(req)) as { text?: unknown; attachments?: unknown };
  if (!/^\d{1,19}$/.test(participant)) throw invalid('participant_id', participant, `The \`participant_id\` path parameter value [${participant}] is not valid`);
  if (typeof body?.text !== 'string' || !body.text.length) throw invalid('text', String(body?.text ?? ''), 'text is required when no attachments are given');
  if (body.text.length > 10_000) throw invalid('text', body.text.slice(0, 20), 'text is longer than 10000 characters');
  if (participant === core.world.brand.id) throw invalid('participant_id', participant, 'You cannot send a Direct Message to yourself');
  const user = core.world.users.get(participant);
  if (!user) {
    throw new HttpError(404, xProblem(404, 'Not Found Error', `Could not find user with id: [${participant}].`, 'https://api.twitter.com/2/problems/resource-not-found'));
  }
  if (user.dmOpen === false) {
    throw new HttpError(403, xProblem(403, 'Forbidden', 'You are not permitted to send messages to this user.', 'about:blank'));
  }
  const e = core.dms.sendFromBrand(participant, body.text);
  // X's bad days: the DM went out, but the answer is lost (5xx) or comes after the client gave up.
  if (after?.hangMs) await delay(after.hangMs);
  if (after?.status) {
    const title = after.status === 503 ? 'Service Unavailable' : 'Internal Server Error';
    return sendJson(res, after.status, xProblem(after.status, title, `Injected fault after delivery: ${title}`));
  }
  if (res.destroyed) return;
  sendJson(res, 201, { data: { dm_conversation_id: e.dm_conversation_id, dm_event_id: e.id } }, rl);
}

async function postTweet(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, rl: Record<string, string>): Promise<void> {
  const body = (await readJson(req)) as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
  if (typeof body?.text !== 'string' || !body.text.trim()) throw invalid('text', String(body?.text ?? ''), 'text is required');
  if ([...body.text].length > 280) throw invalid('text', body.text.slice(0, 20), 'text is longer than 280 characters');
  const to = body.reply?.in_reply_to_tweet_id;
  if (body.reply !== undefined && (typeof to !== 'string' || !/^\d{1,19}$/.test(to))) throw invalid('reply.in_reply_to_tweet_id', String(to), 'reply.in_reply_to_tweet_id must be a tweet id');
  const r = core.postFromBrand(body.text, to as string | undefined);
  if (r.error) throw new HttpError(r.error.status, xProblem(r.error.status, r.error.status === 403 ? 'Forbidden' : 'Not Found Error', r.error.detail));
  const t = r.tweet!;
  sendJson(res, 201, { data: { id: t.id, text: t.text, edit_history_tweet_ids: t.edit_history_tweet_ids } }, rl);
}

/** GET /2/dm_events, or with `withUser` GET /2/dm_conversations/with/:id/dm_events (one conversation). */
function listDmEvents(core: EmulatorCore, q: URLSearchParams, withUser?: string) {
  const max = intParam(q, 'max_results', 100, 1, 100);
  const token = q.get('pagination_token');
  if (token && !/^\d{1,19}$/.test(token)) throw invalid('pagination_token', token, 'The `pagination_token` query parameter value is not valid');
  const types = q.get('event_types');
  if (types && types !== 'MessageCreate') return { meta: { result_count: 0 } };
  const fields = new Set((q.get('dm_event.fields') ?? '').split(',').filter(Boolean));
  const { items, next } = core.dms.page(max, token ?? undefined, withUser);
  const data = items.map((e) => {
    const o: Record<string, unknown> = { id: e.id, event_type: e.event_type, text: e.text };
    if (fields.has('sender_id')) o.sender_id = e.sender_id;
    if (fields.has('dm_conversation_id')) o.dm_conversation_id = e.dm_conversation_id;
    if (fields.has('created_at')) o.created_at = e.created_at;
    if (fields.has('participant_ids')) o.participant_ids = e.participant_ids;
    return o;
  });
  const meta: Record<string, unknown> = { result_count: data.length };
  if (next) meta.next_token = next;
  if (token) meta.previous_token = token;
  return data.length ? { data, meta } : { meta };
}
