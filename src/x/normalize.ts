// X v2 JSON → the product's shapes. Tolerant of missing optional fields (X omits what it lacks);
// returns undefined for payloads that are not tweets so callers can count and skip them.
import type { DmEvent, DmEventType, IncomingTweet, MatchingRule, ReferencedTweetType, XUser } from './types';

export interface RawUser {
  id: string;
  name?: string;
  username?: string;
  verified?: boolean;
  protected?: boolean;
  location?: string;
  description?: string;
  created_at?: string;
  public_metrics?: Partial<XUser['publicMetrics']>;
}

export interface RawTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  lang?: string;
  conversation_id?: string;
  referenced_tweets?: { type: string; id: string }[];
  entities?: {
    hashtags?: { tag: string }[];
    mentions?: { username: string }[];
    urls?: { url?: string; expanded_url?: string }[];
  };
  public_metrics?: { retweet_count?: number; reply_count?: number; like_count?: number; quote_count?: number };
}

export function normalizeUser(u: RawUser): XUser {
  const m = u.public_metrics ?? {};
  const user: XUser = {
    id: String(u.id),
    username: u.username ?? '',
    name: u.name ?? u.username ?? '',
    verified: u.verified === true,
    protected: u.protected === true,
    publicMetrics: {
      followers_count: m.followers_count ?? 0,
      following_count: m.following_count ?? 0,
      listed_count: m.listed_count ?? 0,
      tweet_count: m.tweet_count ?? 0,
    },
  };
  if (u.location !== undefined) user.location = u.location;
  if (u.description !== undefined) user.description = u.description;
  if (u.created_at !== undefined) user.createdAt = u.created_at;
  return user;
}

const REF_TYPES = new Set<string>(['retweeted', 'quoted', 'replied_to']);

export function normalizeTweet(t: RawTweet, usersById?: Map<string, XUser>, rules?: MatchingRule[]): IncomingTweet {
  const out: IncomingTweet = {
    id: String(t.id),
    text: t.text,
    authorId: t.author_id ?? '',
    createdAt: t.created_at ?? '',
  };
  if (t.lang !== undefined) out.lang = t.lang;
  if (t.conversation_id !== undefined) out.conversationId = t.conversation_id;
  if (t.referenced_tweets?.length) {
    out.referencedTweets = t.referenced_tweets
      .filter((r) => REF_TYPES.has(r.type))
      .map((r) => ({ type: r.type as ReferencedTweetType, id: String(r.id) }));
  }
  const e = t.entities;
  if (e) {
    const entities: NonNullable<IncomingTweet['entities']> = {};
    if (e.hashtags?.length) entities.hashtags = e.hashtags.map((h) => h.tag);
    if (e.mentions?.length) entities.mentions = e.mentions.map((m) => m.username);
    if (e.urls?.length) entities.urls = e.urls.map((u) => u.expanded_url ?? u.url ?? '').filter(Boolean);
    out.entities = entities;
  }
  const pm = t.public_metrics;
  if (pm) {
    out.publicMetrics = {
      retweet_count: pm.retweet_count ?? 0,
      reply_count: pm.reply_count ?? 0,
      like_count: pm.like_count ?? 0,
      quote_count: pm.quote_count ?? 0,
    };
  }
  const author = t.author_id ? usersById?.get(t.author_id) : undefined;
  if (author) out.author = author;
  if (rules?.length) out.matchingRules = rules;
  return out;
}

export interface RawStreamPayload {
  data?: RawTweet;
  includes?: { users?: RawUser[] };
  matching_rules?: { id: string | number; tag?: string }[];
}

/** X's ids are 64-bit snowflakes: decimal, at most 19 digits. */
const SNOWFLAKE = /^[0-9]{1,19}$/;

/**
 * Why a tweet cannot be taken (undefined: it can): an id that is not a snowflake would break every
 * id comparison and resume point downstream; a tweet without an author has no one to attribute.
 */
export function invalidTweetReason(t: Pick<IncomingTweet, 'id' | 'authorId'>): 'invalid_id' | 'missing_author' | undefined {
  if (typeof t.id !== 'string' || !SNOWFLAKE.test(t.id)) return 'invalid_id';
  if (typeof t.authorId !== 'string' || !SNOWFLAKE.test(t.authorId)) return 'missing_author';
  return undefined;
}

/** A filtered-stream line → IncomingTweet, or undefined when it does not carry a tweet. */
export function normalizeStreamPayload(p: RawStreamPayload): IncomingTweet | undefined {
  const d = p?.data;
  if (!d || typeof d !== 'object' || typeof d.id !== 'string' || typeof d.text !== 'string') return undefined;
  let users: Map<string, XUser> | undefined;
  const inc = p.includes?.users;
  if (inc?.length) {
    users = new Map();
    for (const u of inc) if (u && u.id) users.set(String(u.id), normalizeUser(u));
  }
  const rules = p.matching_rules?.map((r) => ({ id: String(r.id), tag: r.tag ?? '' }));
  return normalizeTweet(d, users, rules);
}

export interface RawDmEvent {
  id: string;
  event_type?: string;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
  created_at?: string;
  participant_ids?: string[];
}

export function normalizeDmEvent(e: RawDmEvent): DmEvent {
  const out: DmEvent = {
    id: String(e.id),
    eventType: (e.event_type ?? 'MessageCreate') as DmEventType,
    text: e.text ?? '',
    senderId: e.sender_id ?? '',
    dmConversationId: e.dm_conversation_id ?? '',
    createdAt: e.created_at ?? '',
  };
  if (e.participant_ids) out.participantIds = e.participant_ids;
  return out;
}

export { compareIds } from '../domain/ids';
