// The emulator's state machine, independent of HTTP: the world, the tweet generator and its clock,
// the rule set, the stream hub, DMs, faults, and the record of everything emitted.
import { loadCorpus } from './corpus';
import { DEFAULT_REPLY_PROFILE, DmBook, type ReplyProfile } from './dms';
import { TweetGenerator, type GeneratorOptions } from './generator';
import { StreamHub, type Matched } from './hub';
import { RateLimiter, X_LIMITS, type LimitSpec } from './limits';
import { extractEntities, IdSource, type DmRecord, type EmittedRecord, type EmuRule, type EmuTweet, type EmuUser } from './model';
import { matchContext, matches, parseRule, type RuleNode } from './rules';
import { World } from './world';
import { plannedReply } from './optin';
import { Rng, hash32 } from './rng';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** Generated tweets per second; 0 = only injected tweets. */
  rate?: number;
  brand?: string;
  keepAliveMs?: number;
  /** CSV/JSONL of real tweets used instead of the template generator. */
  corpus?: string;
  replyProfile?: Partial<ReplyProfile>;
  users?: number;
  generator?: GeneratorOptions;
  rateLimits?: Record<string, LimitSpec>;
  maxStreamConnections?: number;
  maxRules?: number;
}

export interface Fault {
  /** Answer with this status instead of serving the request. */
  status?: 401 | 403 | 429 | 500 | 503;
  /** Delay the response by this much (alone or with a status). */
  slowMs?: number;
  /** How many matching requests the fault applies to. */
  count: number;
  /** Only requests whose path starts with this (e.g. "/2/tweets/search/stream"). */
  path?: string;
  /** For 429: seconds until x-rate-limit-reset. */
  resetInSec?: number;
  /** DM sends only: deliver the DM first, then answer with `status` (or 201) after `hangMs`. */
  deliver?: boolean;
  /** With `deliver`: hold the answer this long after delivering (past the client's timeout). */
  hangMs?: number;
  /** Apply to each matching request with this probability (seeded); `count` counts applications. */
  probability?: number;
}

interface CompiledRule extends EmuRule {
  node: RuleNode;
}

const TICK_MS = 10;

export class EmulatorCore {
  readonly seed: number;
  readonly brandName: string;
  world!: World;
  generator!: TweetGenerator;
  dms!: DmBook;
  readonly hub: StreamHub;
  readonly limiter: RateLimiter;
  rules: CompiledRule[] = [];
  readonly ruleIds = new IdSource(1_800_000_000_000_000_000n);
  emitted: EmittedRecord[] = [];
  faults: Fault[] = [];
  /** Draws for faults with a probability: the same seed and requests give the same faults. */
  faultRng: Rng;
  rate: number;
  readonly maxStreamConnections: number;
  readonly maxRules: number;
  private ticker?: NodeJS.Timeout;
  private lastTick = 0;
  private carry = 0;
  private corpusRows?: ReturnType<typeof loadCorpus>;
  generatedCount = 0;
  /** Tweets the brand published through POST /2/tweets (e.g. opt-in prompts), oldest first. */
  posted: EmuTweet[] = [];
  private readonly replyTimers = new Set<NodeJS.Timeout>();

  constructor(readonly opts: EmulatorOptions) {
    this.seed = opts.seed ?? 42;
    this.faultRng = new Rng(hash32(`${this.seed}:faults`));
    this.brandName = opts.brand ?? 'Acme';
    this.rate = opts.rate ?? 0;
    this.maxStreamConnections = opts.maxStreamConnections ?? 1;
    this.maxRules = opts.maxRules ?? 1000;
    if (opts.corpus) this.corpusRows = loadCorpus(opts.corpus);
    this.hub = new StreamHub(opts.keepAliveMs ?? 20_000);
    this.limiter = new RateLimiter({ ...X_LIMITS, ...opts.rateLimits });
    this.build();
    this.setRate(this.rate);
  }

  private build(): void {
    this.world = new World(this.seed, this.brandName, this.opts.users ?? 5000);
    this.generator = new TweetGenerator(this.world, this.seed, this.opts.generator, this.corpusRows);
    this.dms = new DmBook(this.world, this.seed, { ...DEFAULT_REPLY_PROFILE, ...this.opts.replyProfile });
  }

  setRate(rate: number): void {
    this.rate = rate;
    clearInterval(this.ticker);
    this.ticker = undefined;
    if (rate <= 0) return;
    this.lastTick = Date.now();
    this.carry = 0;
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = Math.min(1000, now - this.lastTick);
    this.lastTick = now;
    this.carry += (this.rate * elapsed) / 1000;
    const n = Math.floor(this.carry);
    if (n <= 0) return;
    this.carry -= n;
    const batch: Matched[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.generator.next(now);
      this.generatedCount++;
      const m = this.admit(t);
      if (m) batch.push(m);
    }
    this.publish(batch);
  }

  /**
   * Generates `count` tweets at once, then streams the matching ones as fast as the socket takes
   * them (slices of 2,000, yielding between slices). Measures a client's ceiling independently
   * of the generator's speed. Resolves with the number of matching tweets once all are written.
   */
  burst(count: number): Promise<number> {
    const now = Date.now();
    const matched: Matched[] = [];
    for (let i = 0; i < count; i++) {
      const t = this.generator.next(now);
      this.generatedCount++;
      const m = this.admit(t);
      if (m) matched.push(m);
    }
    return new Promise((resolve) => {
      let i = 0;
      const step = () => {
        this.publish(matched.slice(i, i + 2000));
        i += 2000;
        if (i < matched.length) setImmediate(step);
        else resolve(matched.length);
      };
      step();
    });
  }

  /** Stores the tweet and returns it with its matching rules (undefined when none match). */
  private admit(t: EmuTweet): Matched | undefined {
    this.world.addTweet(t);
    const author = this.world.users.get(t.author_id)!;
    author.public_metrics.tweet_count++;
    if (!this.rules.length) return undefined;
    const ctx = this.contextOf(t, author);
    let hit: EmuRule[] | undefined;
    for (const r of this.rules) if (matches(r.node, ctx)) (hit ??= []).push({ id: r.id, value: r.value, tag: r.tag });
    return hit ? { tweet: t, author, rules: hit } : undefined;
  }

  contextOf(t: EmuTweet, author?: EmuUser) {
    const a = author ?? this.world.users.get(t.author_id) ?? { username: '', verified: false };
    const parentId = t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
    const parent = parentId ? this.world.tweetsById.get(parentId) : undefined;
    const replyTo = parent ? this.world.users.get(parent.author_id)?.username : undefined;
    return matchContext(t, a, replyTo);
  }

  private publish(batch: Matched[]): void {
    if (!batch.length) return;
    const deliveredTo = this.hub.broadcast(batch);
    const at = Date.now();
    for (const m of batch) this.emitted.push({ id: m.tweet.id, ruleIds: m.rules.map((r) => r.id), deliveredTo, at });
    if (this.emitted.length > 2_000_000) this.emitted.splice(0, this.emitted.length - 1_000_000);
  }

  /** Control API: a tweet with its author, through the same path as generated ones. */
  inject(input: {
    text: string; author?: Partial<EmuUser> & { id: string }; authorId?: string; lang?: string; id?: string;
    referencedTweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[]; createdAt?: string;
    publicMetrics?: Partial<EmuTweet['public_metrics']>;
  }): { tweet: EmuTweet; matchedRuleIds: string[] } {
    let author: EmuUser | undefined;
    if (input.author) {
      const prev = this.world.users.get(input.author.id);
      author = this.world.addUser({
        username: `user${input.author.id.slice(-8)}`, name: input.author.username ?? `User ${input.author.id}`,
        verified: false, protected: false, description: '', created_at: '2020-01-01T00:00:00.000Z',
        public_metrics: { followers_count: 0, following_count: 0, listed_count: 0, tweet_count: 0 },
        dmOpen: true,
        ...prev,
        ...input.author,
      } as EmuUser);
    } else {
      author = this.world.users.get(input.authorId ?? '') ?? this.world.users.get(this.world.userIds[1]!)!;
    }
    const id = input.id ?? this.world.tweetIds.next();
    if (input.id && this.world.tweetsById.has(input.id)) throw new Error(`tweet ${input.id} already exists`);
    const parent = input.referencedTweets?.find((r) => r.type === 'replied_to');
    const t: EmuTweet = {
      id,
      text: input.text,
      author_id: author.id,
      created_at: input.createdAt ?? new Date().toISOString(),
      lang: input.lang ?? 'en',
      conversation_id: (parent && this.world.tweetsById.get(parent.id)?.conversation_id) ?? id,
      public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, ...input.publicMetrics },
      edit_history_tweet_ids: [id],
    };
    if (input.referencedTweets?.length) t.referenced_tweets = input.referencedTweets;
    const entities = extractEntities(t.text, (n) => this.world.byUsername.get(n));
    if (entities) t.entities = entities;
    const m = this.admit(t);
    if (m) this.publish([m]);
    return { tweet: t, matchedRuleIds: m ? m.rules.map((r) => r.id) : [] };
  }

  /**
   * POST /2/tweets as the brand. X refuses the same text twice from one account (403), and a reply
   * to a tweet it cannot see (404 here). A reply schedules its addressee's simulated answer.
   */
  postFromBrand(text: string, inReplyTo?: string): { tweet?: EmuTweet; error?: { status: 403 | 404; detail: string } } {
    const brand = this.world.brand;
    if (this.posted.some((t) => t.text === text)) return { error: { status: 403, detail: 'You are not allowed to create a Tweet with duplicate content.' } };
    const parent = inReplyTo ? this.world.tweetsById.get(inReplyTo) : undefined;
    if (inReplyTo && !parent) return { error: { status: 404, detail: `Could not find tweet with in_reply_to_tweet_id: [${inReplyTo}].` } };
    const { tweet } = this.inject({ text, authorId: brand.id, ...(parent ? { referencedTweets: [{ type: 'replied_to' as const, id: parent.id }], lang: parent.lang } : {}) });
    this.posted.push(tweet);
    if (parent && parent.author_id !== brand.id) this.answerLater(tweet, parent);
    return { tweet };
  }

  /** The addressee of a brand reply answers it publicly, per their seeded behaviour. */
  private answerLater(post: EmuTweet, parent: EmuTweet): void {
    const plan = plannedReply(this.seed, parent.author_id, this.dms.profile, { prompt: post.text, lang: parent.lang, brandUsername: this.world.brand.username });
    if (!plan) return;
    const timer = setTimeout(() => {
      this.replyTimers.delete(timer);
      if (!this.world.users.has(parent.author_id)) return;
      this.inject({ text: plan.text, authorId: parent.author_id, lang: parent.lang, referencedTweets: [{ type: 'replied_to', id: post.id }] });
    }, plan.delayMs);
    timer.unref();
    this.replyTimers.add(timer);
  }

  addRules(add: { value: string; tag?: string }[], dryRun: boolean): {
    created: EmuRule[]; errors: Record<string, unknown>[]; invalid: number;
  } {
    const created: CompiledRule[] = [];
    const errors: Record<string, unknown>[] = [];
    let invalid = 0;
    for (const r of add) {
      try {
        const node = parseRule(r.value);
        const dup = this.rules.find((x) => x.value === r.value) ?? created.find((x) => x.value === r.value);
        if (dup) {
          errors.push({ value: r.value, id: dup.id, title: 'DuplicateRule', type: 'https://api.twitter.com/2/problems/duplicate-rules' });
          continue;
        }
        created.push({ id: this.ruleIds.next(), value: r.value, ...(r.tag ? { tag: r.tag } : {}), node });
      } catch (e) {
        invalid++;
        errors.push({
          value: r.value, details: [(e as Error).message], title: 'UnprocessableEntity',
          type: 'https://api.twitter.com/2/problems/invalid-rules',
        });
      }
    }
    if (!invalid && this.rules.length + created.length > this.maxRules) {
      invalid = created.length;
      errors.push({ title: 'RulesCapExceeded', detail: `Rule cap of ${this.maxRules} reached`, type: 'https://api.twitter.com/2/problems/rule-cap' });
    }
    // All or nothing, as X does when any rule is invalid.
    if (!invalid && !dryRun) this.rules.push(...created);
    return { created: invalid ? [] : created.map(({ node: _n, ...r }) => r), errors, invalid };
  }

  deleteRules(ids: string[]): { deleted: number; notDeleted: number } {
    const before = this.rules.length;
    const drop = new Set(ids);
    this.rules = this.rules.filter((r) => !drop.has(r.id));
    const deleted = before - this.rules.length;
    return { deleted, notDeleted: ids.length - deleted };
  }

  /** Consumes a matching fault, if any. */
  takeFault(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.count > 0 && (!f.path || path.startsWith(f.path))
      && (f.probability === undefined || this.faultRng.next() < f.probability));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.count--;
    if (f.count <= 0) this.faults.splice(i, 1);
    return f;
  }

  private clearReplyTimers(): void {
    for (const t of this.replyTimers) clearTimeout(t);
    this.replyTimers.clear();
  }

  reset(): void {
    this.hub.dropAll();
    this.dms.close();
    this.clearReplyTimers();
    this.posted = [];
    this.rules = [];
    this.emitted = [];
    this.faults = [];
    this.faultRng = new Rng(hash32(`${this.seed}:faults`));
    this.limiter.reset();
    this.generatedCount = 0;
    this.build();
  }

  exportState(): StateSnapshot {
    return {
      version: 1,
      seed: this.seed,
      brand: this.brandName,
      nextTweetId: this.world.tweetIds.peek(),
      nextRuleId: this.ruleIds.peek(),
      nextDmId: this.dms.ids.peek(),
      rules: this.rules.map(({ node: _n, ...r }) => r),
      users: [...this.world.users.values()],
      tweets: this.world.tweets,
      dms: this.dms.events,
      emitted: this.emitted,
    };
  }

  importState(s: StateSnapshot): void {
    this.reset();
    this.world.tweetIds.set(s.nextTweetId);
    this.ruleIds.set(s.nextRuleId);
    this.dms.ids.set(s.nextDmId);
    this.rules = s.rules.map((r) => ({ ...r, node: parseRule(r.value) }));
    for (const u of s.users) this.world.addUser(u);
    for (const t of s.tweets) this.world.addTweet(t);
    this.dms.events = s.dms;
    this.emitted = s.emitted;
  }

  close(): void {
    clearInterval(this.ticker);
    this.hub.close();
    this.dms.close();
    this.clearReplyTimers();
  }
}

export interface StateSnapshot {
  version: 1;
  seed: number;
  brand: string;
  nextTweetId: string;
  nextRuleId: string;
  nextDmId: string;
  rules: EmuRule[];
  users: EmuUser[];
  tweets: EmuTweet[];
  dms: DmRecord[];
  emitted: EmittedRecord[];
}
