// createXClient: the only place that talks to twitter-api-v2. Everything returns the product's
// own shapes (types.ts) and throws typed errors (errors.ts).
import { Agent as HttpAgent } from 'node:http';
import { TwitterApi, type TweetStream } from 'twitter-api-v2';
import { XBadRequestError, XRateLimitError, toXError } from './errors';
import {
  compareIds, normalizeDmEvent, normalizeTweet, normalizeUser,
  type RawDmEvent, type RawTweet, type RawUser,
} from './normalize';
import { createXPlugin } from './plugin';
import { RateLimitTracker, endpointKey, type EndpointBudgets } from './ratelimit';
import { sleep } from './sleep';
import { runStream, type StreamOptions } from './stream';
import type { BackoffPolicy } from './backoff';
import type { DmEvent, IncomingTweet, StreamRule, XUser } from './types';

export const TWEET_FIELDS = [
  'author_id', 'created_at', 'lang', 'conversation_id', 'referenced_tweets', 'entities', 'public_metrics',
] as const;
export const USER_FIELDS = [
  'public_metrics', 'verified', 'protected', 'location', 'created_at', 'description',
] as const;
const DM_FIELDS = ['id', 'text', 'event_type', 'created_at', 'sender_id', 'dm_conversation_id', 'participant_ids'];

export interface XClientOptions {
  baseUrl: string;
  bearerToken?: string;
  appKey?: string;
  appSecret?: string;
  accessToken?: string;
  accessSecret?: string;
  brandUserId?: string;
  /**
   * On a 429 (or a budget known to be spent), wait for the reset if it is at most this far away,
   * else throw XRateLimitError at once so the caller (a workflow) can sleep durably. Default 60 s.
   */
  rateLimitMaxWaitMs?: number;
  /**
   * Every REST request is abandoned after this long (default 15 s), so no caller can hang on X.
   * DM sends use `dmRequestTimeoutMs` (default 10 s): shorter than the send activity's heartbeat
   * timeout, so a send attempt is over before Temporal may start the next one.
   */
  requestTimeoutMs?: number;
  dmRequestTimeoutMs?: number;
  /** Defaults for stream(): keep-alive timeout and backoff (tests shrink these). */
  stream?: { keepAliveTimeoutMs?: number; backoff?: Partial<BackoffPolicy> };
}

export interface SearchOptions {
  sinceId?: string;
  /** ISO time; tweets created at or after it. */
  startTime?: string;
  /** Page size, 10–100 (X's bounds). */
  maxResults?: number;
  /** Stop after this many tweets in total. */
  limit?: number;
}

export interface XClient {
  addRules(rules: { value: string; tag: string }[]): Promise<StreamRule[]>;
  deleteRules(ids: string[]): Promise<{ deleted: number }>;
  listRules(): Promise<StreamRule[]>;
  /** Runs until opts.signal aborts (resolves) or a fatal error (auth, handler error) rejects. */
  stream(opts: StreamOptions): Promise<void>;
  searchRecent(query: string, opts?: SearchOptions): AsyncIterable<IncomingTweet>;
  lookupUsers(ids: string[]): Promise<XUser[]>;
  /**
   * Never waits for a rate limit (a 429 or a budget known to be spent throws XRateLimitError at
   * once) and gives up after `dmRequestTimeout` ms: the caller decides when to try again.
   */
  sendDm(participantId: string, text: string): Promise<{ dmEventId: string; dmConversationId: string }>;
  /** Publishes a tweet as the brand (user context); `inReplyTo` makes it a public reply to that tweet. */
  postTweet(text: string, o?: { inReplyTo?: string }): Promise<{ id: string; text: string }>;
  /** `noWait`: throw XRateLimitError instead of waiting out a short reset (the send protocol's lookups). */
  listDmEvents(opts?: { sinceId?: string; maxResults?: number; paginationToken?: string; noWait?: boolean }): Promise<{ events: DmEvent[]; nextToken?: string }>;
  /** DM events of the brand's one-to-one conversation with this person, newest first (one page). */
  listDmEventsWith(participantId: string, opts?: { maxResults?: number; paginationToken?: string; noWait?: boolean }): Promise<{ events: DmEvent[]; nextToken?: string }>;
  /** The DM send request timeout in ms (the send protocol derives its in-flight bound from it). */
  readonly dmRequestTimeoutMs: number;
  /** Last budgets X announced, per endpoint ("GET /2/tweets/search/recent"). */
  rateLimits(): Record<string, EndpointBudgets>;
  readonly brandUserId?: string;
}

interface Page<T> {
  data?: T[];
  includes?: { users?: RawUser[] };
  meta?: { next_token?: string; result_count?: number };
  errors?: { title?: string; detail?: string; details?: string[]; value?: string; id?: string; type?: string }[];
}

export function createXClient(opts: XClientOptions): XClient {
  const tracker = new RateLimitTracker();
  const httpAgent = opts.baseUrl.startsWith('http://') ? new HttpAgent({ keepAlive: true }) : undefined;
  const settings = { plugins: [createXPlugin(opts.baseUrl, tracker)], ...(httpAgent ? { httpAgent } : {}) };
  const hasUserAuth = !!(opts.appKey && opts.appSecret && opts.accessToken && opts.accessSecret);
  const userAuth = hasUserAuth
    ? { appKey: opts.appKey!, appSecret: opts.appSecret!, accessToken: opts.accessToken!, accessSecret: opts.accessSecret! }
    : undefined;
  // App-only (bearer) for rules, stream, search and lookups; user context (OAuth 1.0a) for DMs.
  const app = opts.bearerToken ? new TwitterApi(opts.bearerToken, settings) : userAuth ? new TwitterApi(userAuth, settings) : undefined;
  const user = userAuth ? new TwitterApi(userAuth, settings) : opts.bearerToken ? new TwitterApi(opts.bearerToken, settings) : undefined;
  const maxWait = opts.rateLimitMaxWaitMs ?? 60_000;
  const timeout = opts.requestTimeoutMs ?? 15_000;
  const dmTimeout = opts.dmRequestTimeoutMs ?? 10_000;

  const need = (c: TwitterApi | undefined, what: string): TwitterApi => {
    if (!c) throw new XBadRequestError(`X credentials missing for ${what}: set X_BEARER_TOKEN or the OAuth 1.0a keys`);
    return c;
  };

  /**
   * Never send a request we know will be refused; wait out short resets, throw on long ones.
   * `noWait` callers (DM sends, the send protocol's lookups) never sleep here: they throw at once.
   */
  async function call<T>(method: string, path: string, fn: () => Promise<T>, noWait = false): Promise<T> {
    const key = endpointKey(method, '/2/' + path);
    const wait = noWait ? 0 : maxWait;
    for (let attempt = 0; ; attempt++) {
      const blocked = tracker.blockedUntil(key);
      if (blocked !== undefined) {
        const ms = blocked - Date.now();
        if (ms > wait || attempt > 1) throw new XRateLimitError(`rate limit for ${key} spent until ${new Date(blocked).toISOString()}`, new Date(blocked));
        await sleep(ms + 50);
      }
      try {
        return await fn();
      } catch (err) {
        const xe = toXError(err);
        if (xe instanceof XRateLimitError && attempt === 0 && xe.resetAt.getTime() - Date.now() <= wait) {
          await sleep(Math.max(0, xe.resetAt.getTime() - Date.now()) + 50);
          continue;
        }
        throw xe;
      }
    }
  }

  const get = <T>(c: TwitterApi, path: string, query: Record<string, unknown>, noWait = false) =>
    call('GET', path, () => c.v2.get<T>(path, query as never, { timeout }), noWait);
  const post = <T>(c: TwitterApi, path: string, body: Record<string, unknown>) =>
    call('POST', path, () => c.v2.post<T>(path, body, { timeout }));

  async function listRules(): Promise<StreamRule[]> {
    const out: StreamRule[] = [];
    let token: string | undefined;
    do {
      const page = await get<Page<{ id: string; value: string; tag?: string }>>(need(app, 'stream rules'), 'tweets/search/stream/rules', token ? { pagination_token: token, max_results: 1000 } : { max_results: 1000 });
      for (const r of page.data ?? []) out.push({ id: String(r.id), value: r.value, tag: r.tag ?? '' });
      token = page.meta?.next_token;
    } while (token);
    return out;
  }

  async function* searchRecent(query: string, o: SearchOptions = {}): AsyncIterable<IncomingTweet> {
    const c = need(app, 'search');
    const size = Math.min(100, Math.max(10, o.maxResults ?? 100));
    let token: string | undefined;
    let n = 0;
    do {
      const q: Record<string, unknown> = {
        query, max_results: size, expansions: 'author_id',
        'tweet.fields': TWEET_FIELDS.join(','), 'user.fields': USER_FIELDS.join(','),
      };
      if (o.sinceId) q.since_id = o.sinceId;
      if (o.startTime && !o.sinceId) q.start_time = o.startTime;
      if (token) q.next_token = token;
      const page = await get<Page<RawTweet>>(c, 'tweets/search/recent', q);
      const users = new Map((page.includes?.users ?? []).map((u) => [String(u.id), normalizeUser(u)]));
      for (const t of page.data ?? []) {
        const tw = normalizeTweet(t, users);
        tw.via = 'search';
        yield tw;
        if (o.limit !== undefined && ++n >= o.limit) return;
      }
      token = page.meta?.next_token;
    } while (token);
  }

  const openStream = (): TweetStream =>
    need(app, 'the filtered stream').v2.searchStream({
      autoConnect: false,
      expansions: ['author_id'],
      'tweet.fields': [...TWEET_FIELDS],
      'user.fields': [...USER_FIELDS],
    } as never) as unknown as TweetStream;

  return {
    brandUserId: opts.brandUserId,
    dmRequestTimeoutMs: dmTimeout,
    rateLimits: () => tracker.all(),

    async addRules(rules) {
      if (!rules.length) return [];
      const res = await post<Page<{ id: string; value: string; tag?: string }>>(need(app, 'stream rules'), 'tweets/search/stream/rules', { add: rules });
      const created = (res.data ?? []).map((r) => ({ id: String(r.id), value: r.value, tag: r.tag ?? '' }));
      const errors = res.errors ?? [];
      const invalid = errors.filter((e) => e.title !== 'DuplicateRule');
      if (invalid.length) {
        const e = invalid[0]!;
        throw new XBadRequestError(`rule rejected by X: ${e.value ?? ''} — ${e.details?.join('; ') ?? e.detail ?? e.title ?? 'invalid'}`, 400, errors);
      }
      if (errors.length) {
        // Adding an existing rule is a no-op at X; hand back the rule that already exists so the
        // caller can record its id (idempotent retries).
        const existing = await listRules();
        for (const d of errors) {
          const found = existing.find((r) => r.id === String(d.id) || r.value === d.value);
          if (found) created.push(found);
        }
      }
      return created;
    },

    async deleteRules(ids) {
      if (!ids.length) return { deleted: 0 };
      const res = await post<{ meta?: { summary?: { deleted?: number } } }>(need(app, 'stream rules'), 'tweets/search/stream/rules', { delete: { ids } });
      return { deleted: res.meta?.summary?.deleted ?? 0 };
    },

    listRules,

    stream(so) {
      return runStream(
        { openStream, listRules, searchRecent: (q, o) => searchRecent(q, o) },
        {
          ...so,
          keepAliveTimeoutMs: so.keepAliveTimeoutMs ?? opts.stream?.keepAliveTimeoutMs,
          backoff: { ...opts.stream?.backoff, ...so.backoff },
        },
      );
    },

    searchRecent,

    async lookupUsers(ids) {
      const c = need(app, 'user lookup');
      const unique = [...new Set(ids)];
      const out: XUser[] = [];
      for (let i = 0; i < unique.length; i += 100) {
        const batch = unique.slice(i, i + 100);
        const res = await get<Page<RawUser>>(c, 'users', { ids: batch.join(','), 'user.fields': USER_FIELDS.join(',') });
        for (const u of res.data ?? []) out.push(normalizeUser(u));
      }
      return out;
    },

    async sendDm(participantId, text) {
      const c = need(user, 'sending DMs');
      const res = await call('POST', 'dm_conversations/with/0/messages', () =>
        c.v2.post('dm_conversations/with/:participant_id/messages', { text }, { params: { participant_id: participantId }, timeout: dmTimeout }), true);
      // The helper is typed as the inner object but returns X's raw body: { data: {...} }.
      const body = res as unknown as { data?: { dm_event_id?: string; dm_conversation_id?: string } };
      const d = body.data ?? (res as unknown as { dm_event_id?: string; dm_conversation_id?: string });
      if (!d.dm_event_id || !d.dm_conversation_id) throw toXError(Object.assign(new Error('X answered a DM send without ids'), { code: 502 }));
      return { dmEventId: String(d.dm_event_id), dmConversationId: String(d.dm_conversation_id) };
    },

    async postTweet(text, o = {}) {
      const c = need(user, 'posting tweets');
      const body: Record<string, unknown> = { text };
      if (o.inReplyTo) body.reply = { in_reply_to_tweet_id: o.inReplyTo };
      const res = await post<{ data?: { id?: string; text?: string } }>(c, 'tweets', body);
      if (!res.data?.id) throw toXError(Object.assign(new Error('X answered a tweet post without an id'), { code: 502 }));
      return { id: String(res.data.id), text: res.data.text ?? text };
    },

    async listDmEventsWith(participantId, o = {}) {
      const c = need(user, 'reading DMs');
      if (!/^\d{1,19}$/.test(participantId)) throw new XBadRequestError(`participant id must be a numeric X user id, got ${JSON.stringify(participantId)}`);
      const q: Record<string, unknown> = { max_results: Math.min(100, Math.max(1, o.maxResults ?? 100)), 'dm_event.fields': DM_FIELDS.join(',') };
      if (o.paginationToken) q.pagination_token = o.paginationToken;
      const res = await get<Page<RawDmEvent>>(c, `dm_conversations/with/${participantId}/dm_events`, q, o.noWait);
      const events = (res.data ?? []).map(normalizeDmEvent);
      return res.meta?.next_token ? { events, nextToken: res.meta.next_token } : { events };
    },

    async listDmEvents(o = {}) {
      const c = need(user, 'reading DMs');
      const size = Math.min(100, Math.max(1, o.maxResults ?? 100));
      const events: DmEvent[] = [];
      let token = o.paginationToken;
      // X has no since_id on /2/dm_events (newest first): page until we pass the id we already know.
      for (let page = 0; page < 50; page++) {
        const q: Record<string, unknown> = { max_results: size, 'dm_event.fields': DM_FIELDS.join(',') };
        if (token) q.pagination_token = token;
        const res = await get<Page<RawDmEvent>>(c, 'dm_events', q, o.noWait);
        token = res.meta?.next_token;
        let crossed = false;
        for (const e of res.data ?? []) {
          if (o.sinceId && compareIds(String(e.id), o.sinceId) <= 0) {
            crossed = true;
            break;
          }
          events.push(normalizeDmEvent(e));
        }
        if (!o.sinceId) return { events, ...(token ? { nextToken: token } : {}) };
        if (crossed || !token) return { events };
      }
      return { events, ...(token ? { nextToken: token } : {}) };
    },
  };
}
