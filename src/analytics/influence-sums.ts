// What the influence of one person needs from the tweets, as sums that merge: per scope (everyone,
// a campaign, a campaign keyword) their tweets, retweets received, mentions and retweets sent,
// sentiment labels, deepest cascade and top tweet; the mentions they received per scope; and the
// deepest cascade below their own amplifications of stored tweets. Built in one pass over the
// tweets (src/analytics/influence-job.ts), spilled per chunk, merged again by the chunk.
import { mentionsKeyword } from '../domain/analytics';
import type { TweetDoc } from '../store/tweets';
import type { InfluenceDoc, Sentiment } from '../store/analytics';

export type SumsTweet = Pick<TweetDoc, '_id' | 'text' | 'authorId' | 'createdAt' | 'campaigns' | 'referencedTweets' | 'hashtags' | 'mentions' | 'metrics' | 'sentiment'>;

export interface Scope { key: string; scope: InfluenceDoc['scope']; campaignId: string | null; keyword: string | null }

/** How far down retweet-of-retweet chains we look: deeper cascades are vanishingly rare. */
export const MAX_CASCADE_LEVELS = 8;

/** A campaign's keywords: tracked keywords and hashtags (as #tag), lower-cased, deduplicated. */
export function campaignKeywords(c: { tracking?: { keywords?: string[]; hashtags?: string[] } }): string[] {
  const kw = (c.tracking?.keywords ?? []).map((k) => k.toLowerCase());
  const tags = (c.tracking?.hashtags ?? []).map((h) => `#${h.replace(/^#/, '').toLowerCase()}`);
  return [...new Set([...kw, ...tags])];
}

/** Does a tweet match a keyword (a "#tag" keyword matches the tweet's hashtags). */
export function tweetMatches(t: Pick<TweetDoc, 'text' | 'hashtags'>, keyword: string): boolean {
  if (keyword.startsWith('#')) {
    const tag = keyword.slice(1);
    return (t.hashtags ?? []).some((h) => h.replace(/^#/, '').toLowerCase() === tag) || mentionsKeyword(t.text ?? '', keyword);
  }
  return mentionsKeyword(t.text ?? '', keyword);
}

/** The scopes a tweet counts in: everyone, each of its campaigns, each of their keywords it matches. */
export function scopesOf(t: Pick<SumsTweet, 'campaigns' | 'text' | 'hashtags'>, keywordsOf: ReadonlyMap<string, readonly string[]>): Scope[] {
  const out: Scope[] = [{ key: 'all', scope: 'all', campaignId: null, keyword: null }];
  for (const c of t.campaigns ?? []) {
    out.push({ key: `c:${c}`, scope: 'campaign', campaignId: c, keyword: null });
    for (const k of keywordsOf.get(c) ?? []) if (tweetMatches(t, k)) out.push({ key: `c:${c}|k:${k}`, scope: 'keyword', campaignId: c, keyword: k });
  }
  return out;
}

const isRetweet = (t: Pick<SumsTweet, 'referencedTweets'>) => (t.referencedTweets ?? []).some((r) => r.type === 'retweeted');

/**
 * Retweet-cascade heights of every tweet (layers of retweets/quotes below it, as
 * domain/analytics/cascadeDepths counts them, at most MAX_CASCADE_LEVELS), and which tweets
 * amplify a stored tweet of a known person (directly or through such amplifications): the
 * cascade of those counts for their author in every scope. Memory: one entry per reference.
 */
export class CascadeHeights {
  private readonly refs = new Map<string, string[]>();
  private readonly parent = new Map<string, string>();
  private readonly heights = new Map<string, number>();
  /** Referenced tweets that are stored: true when their author is a known person. */
  private stored = new Map<string, boolean>();
  private readonly amplifies = new Map<string, boolean>();

  addReferences(id: string, refs: readonly { type: string; id: string }[]): void {
    if (!refs.length) return;
    this.refs.set(id, refs.map((r) => r.id));
    const p = refs.find((r) => r.type === 'retweeted')?.id ?? refs.find((r) => r.type === 'quoted')?.id;
    if (p !== undefined && p !== id) this.parent.set(id, p);
  }

  /** `lookup` answers which referenced ids are stored, with their authors; `known` whether an author has a profile. */
  async resolve(lookup: (ids: string[]) => Promise<{ _id: string; authorId: string }[]>, known: (authorId: string) => boolean): Promise<void> {
    const ids = new Set<string>();
    for (const list of this.refs.values()) for (const r of list) ids.add(r);
    this.stored = new Map((await lookup([...ids])).map((t) => [t._id, known(t.authorId)]));
    for (const [child, first] of this.parent) {
      // Walk up from every amplification: a tweet d layers above it is at least d high.
      let cur: string | undefined = first;
      for (let d = 1; cur !== undefined && d <= MAX_CASCADE_LEVELS && this.stored.has(cur); d++) {
        if ((this.heights.get(cur) ?? 0) < d) this.heights.set(cur, d);
        const next = this.parent.get(cur);
        cur = next === child ? undefined : next;
      }
    }
  }

  height(id: string): number {
    return this.heights.get(id) ?? 0;
  }

  /** Every tweet with a cascade below it, and its height (after resolve). */
  raised(): IterableIterator<[string, number]> {
    return this.heights.entries();
  }

  /** References a stored tweet of a known person, or one that does so in turn (cycles cut). */
  amplifiesKnown(id: string, depth = 0): boolean {
    const memo = this.amplifies.get(id);
    if (memo !== undefined) return memo;
    if (depth > MAX_CASCADE_LEVELS) return false;
    const r = (this.refs.get(id) ?? []).some((ref) => this.stored.has(ref) && (this.stored.get(ref) === true || this.amplifiesKnown(ref, depth + 1)));
    if (depth === 0) this.amplifies.set(id, r);
    return r;
  }
}

export interface TopTweet { id: string; text: string; createdAt: number | null; retweets: number; likes: number; engagement: number }

export interface ScopeSums {
  scope: Scope;
  tweets: number;
  retweets: number;
  mentionsSent: number;
  retweetsSent: number;
  labels: Record<Sentiment, number>;
  /** Deepest cascade below a tweet of the person in this scope. */
  height: number;
  /** Their most engaging original tweet (ties: the later id). */
  top: TopTweet | null;
}

/** The stored (JSON) form of a person's sums. */
export interface PersonSumsRecord { id: string; s: ScopeSums[]; m: Record<string, number>; a: number }

const better = (x: TopTweet, cur: TopTweet | null) => !cur || x.engagement > cur.engagement || (x.engagement === cur.engagement && x.id > cur.id);

export class PersonSums {
  readonly scopes = new Map<string, ScopeSums>();
  readonly mentions = new Map<string, number>();
  /** Deepest cascade below the person's amplifications of known people's tweets (counts in every scope). */
  amplifiedHeight = 0;

  constructor(readonly id: string) {}

  static emptyScope(scope: Scope): ScopeSums {
    return { scope, tweets: 0, retweets: 0, mentionsSent: 0, retweetsSent: 0, labels: { positive: 0, neutral: 0, negative: 0 }, height: 0, top: null };
  }

  /**
   * One of the person's own tweets, in each of its scopes. Its cascade height is added later with
   * addHeight (heights are known only once every tweet has been read); both orders give the same sums.
   */
  addOwn(t: SumsTweet, scopes: readonly Scope[], height = 0, amplifiesKnown = false): void {
    const rt = isRetweet(t);
    const top: TopTweet | null = rt ? null : {
      id: t._id, text: t.text, createdAt: t.createdAt ? new Date(t.createdAt).getTime() : null, retweets: t.metrics?.retweet_count ?? 0, likes: t.metrics?.like_count ?? 0,
      engagement: (t.metrics?.retweet_count ?? 0) + (t.metrics?.like_count ?? 0) + (t.metrics?.quote_count ?? 0),
    };
    const label = t.sentiment?.label as Sentiment | undefined;
    for (const s of scopes) {
      const e = this.scopes.get(s.key) ?? this.scopes.set(s.key, PersonSums.emptyScope(s)).get(s.key)!;
      e.tweets++;
      e.retweets += t.metrics?.retweet_count ?? 0;
      e.mentionsSent += t.mentions?.length ?? 0;
      if (rt) e.retweetsSent++;
      if (label !== undefined && label in e.labels) e.labels[label]++;
      if (height > e.height) e.height = height;
      if (top && better(top, e.top)) e.top = top;
    }
    if (amplifiesKnown && height > this.amplifiedHeight) this.amplifiedHeight = height;
  }

  /** The cascade height below one of the person's tweets (already added with addOwn), in its scopes. */
  addHeight(scopes: readonly Scope[], height: number, amplifiesKnown: boolean): void {
    for (const s of scopes) {
      const e = this.scopes.get(s.key) ?? this.scopes.set(s.key, PersonSums.emptyScope(s)).get(s.key)!;
      if (height > e.height) e.height = height;
    }
    if (amplifiesKnown && height > this.amplifiedHeight) this.amplifiedHeight = height;
  }

  /** A tweet of someone else mentioning this person, in each of its scopes. */
  addMention(scopes: readonly Scope[]): void {
    for (const s of scopes) this.mentions.set(s.key, (this.mentions.get(s.key) ?? 0) + 1);
  }

  toRecord(): PersonSumsRecord {
    return { id: this.id, s: [...this.scopes.values()], m: Object.fromEntries(this.mentions), a: this.amplifiedHeight };
  }

  /** Adds a spilled record (sums of other tweets of the same person). */
  merge(r: PersonSumsRecord): void {
    for (const x of r.s) {
      const e = this.scopes.get(x.scope.key);
      if (!e) { this.scopes.set(x.scope.key, { ...x, labels: { ...x.labels } }); continue; }
      e.tweets += x.tweets;
      e.retweets += x.retweets;
      e.mentionsSent += x.mentionsSent;
      e.retweetsSent += x.retweetsSent;
      for (const l of ['positive', 'neutral', 'negative'] as const) e.labels[l] += x.labels[l];
      if (x.height > e.height) e.height = x.height;
      if (x.top && better(x.top, e.top)) e.top = x.top;
    }
    for (const [k, n] of Object.entries(r.m)) this.mentions.set(k, (this.mentions.get(k) ?? 0) + n);
    if (r.a > this.amplifiedHeight) this.amplifiedHeight = r.a;
  }

  static merged(records: readonly PersonSumsRecord[]): Map<string, PersonSums> {
    const out = new Map<string, PersonSums>();
    for (const r of records) (out.get(r.id) ?? out.set(r.id, new PersonSums(r.id)).get(r.id)!).merge(r);
    return out;
  }
}

/**
 * What the plan keeps of every tweet it reads, for the cascades: by tweet id, its author (an index
 * into the plan's ids, -1 when not planned) and its set of scopes (an index). The cascades then
 * know which referenced tweets are stored without reading them again (the store's answer to
 * `{_id: {$in}}` decodes every document it returns). Ids that are canonical decimals of up to 19
 * digits (X's tweet ids) are kept exactly in typed arrays: 42 bytes a tweet at 1M, the table's
 * slack included (a Map from the id strings to a number alone: 61); any other id in a Map.
 */
export class TweetTable {
  private hi = new Float64Array(0);
  private lo = new Uint32Array(0);
  private authors = new Int32Array(0);
  private sets = new Int32Array(0);
  private used = 0;
  private readonly other = new Map<string, [number, number]>();

  constructor(capacity = 1 << 16) {
    this.alloc(capacity);
  }

  get size(): number { return this.used + this.other.size; }

  private alloc(capacity: number): void {
    this.hi = new Float64Array(capacity).fill(-1); // -1: an empty slot
    this.lo = new Uint32Array(capacity);
    this.authors = new Int32Array(capacity);
    this.sets = new Int32Array(capacity);
  }

  /** [digits before the last nine, the last nine] of a canonical decimal id; null for any other id. */
  private static split(id: string): [number, number] | null {
    const n = id.length;
    if (n === 0 || n > 19 || (n > 1 && id.charCodeAt(0) === 48)) return null;
    for (let i = 0; i < n; i++) { const c = id.charCodeAt(i); if (c < 48 || c > 57) return null; }
    return n <= 9 ? [0, Number(id)] : [Number(id.slice(0, n - 9)), Number(id.slice(n - 9))];
  }

  private slot(hi: number, lo: number): number {
    const mask = this.hi.length - 1;
    let h = Math.imul(lo ^ Math.imul(hi >>> 0, 0x9e3779b1) ^ Math.floor(hi / 4294967296), 0x85ebca6b);
    h ^= h >>> 13;
    for (let i = h & mask; ; i = (i + 1) & mask) if (this.hi[i] === -1 || (this.hi[i] === hi && this.lo[i] === lo)) return i;
  }

  set(id: string, author: number, set: number): void {
    const k = TweetTable.split(id);
    if (!k) { this.other.set(id, [author, set]); return; }
    let i = this.slot(k[0], k[1]);
    if (this.hi[i] === -1) {
      if (2 * (this.used + 1) > this.hi.length) { this.grow(); i = this.slot(k[0], k[1]); }
      this.used++;
      this.hi[i] = k[0];
      this.lo[i] = k[1];
    }
    this.authors[i] = author;
    this.sets[i] = set;
  }

  /** [author, set] of a tweet read, or undefined. */
  get(id: string): [number, number] | undefined {
    const k = TweetTable.split(id);
    if (!k) return this.other.get(id);
    const i = this.slot(k[0], k[1]);
    return this.hi[i] === -1 ? undefined : [this.authors[i]!, this.sets[i]!];
  }

  private grow(): void {
    const { hi, lo, authors, sets } = this;
    this.alloc(hi.length * 2);
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === -1) continue;
      const i = this.slot(hi[j]!, lo[j]!);
      this.hi[i] = hi[j]!;
      this.lo[i] = lo[j]!;
      this.authors[i] = authors[j]!;
      this.sets[i] = sets[j]!;
    }
  }
}
