// Field selection as X does it: only id/text (+edit_history_tweet_ids) and id/name/username by
// default; everything else only when asked for in tweet.fields / user.fields.
import type { EmuTweet, EmuUser } from './model';

export interface Projection {
  tweetFields: string[];
  userFields: string[];
  expandAuthor: boolean;
  /** Stable key so connections asking for the same shape share one serialised line. */
  key: string;
}

const TWEET_FIELDS = new Set(['author_id', 'created_at', 'lang', 'conversation_id', 'referenced_tweets', 'entities', 'public_metrics', 'edit_history_tweet_ids']);
const USER_FIELDS = new Set(['created_at', 'description', 'location', 'protected', 'public_metrics', 'verified']);

const list = (v: string | null): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function projectionFrom(q: URLSearchParams): Projection {
  const tweetFields = list(q.get('tweet.fields')).filter((f) => TWEET_FIELDS.has(f)).sort();
  const userFields = list(q.get('user.fields')).filter((f) => USER_FIELDS.has(f)).sort();
  const expandAuthor = list(q.get('expansions')).includes('author_id');
  return { tweetFields, userFields, expandAuthor, key: `${tweetFields.join(',')}|${userFields.join(',')}|${expandAuthor}` };
}

export function projectTweet(t: EmuTweet, p: Projection): Record<string, unknown> {
  const o: Record<string, unknown> = { id: t.id, text: t.text, edit_history_tweet_ids: t.edit_history_tweet_ids };
  for (const f of p.tweetFields) {
    const v = (t as unknown as Record<string, unknown>)[f];
    if (v !== undefined) o[f] = v;
  }
  return o;
}

export function projectUser(u: EmuUser, p: Projection): Record<string, unknown> {
  const o: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
  for (const f of p.userFields) {
    const v = (u as unknown as Record<string, unknown>)[f];
    if (v !== undefined) o[f] = v;
  }
  return o;
}
