// Synthetic brand chatter: original tweets in a configurable tone mix, plus retweets, quotes and
// replies that attach preferentially to popular tweets, so cascades run several levels deep
// (retweets of retweets, replies to replies). Deterministic for a seed.
import { Rng, hash32 } from './rng';
import * as L from './lexicon';
import { extractEntities, type EmuTweet, type EmuUser } from './model';
import { syntheticUser, type World } from './world';
import type { CorpusRow } from './corpus';
import type { WorldDynamics } from './dynamics';

export interface ToneMix { positive: number; neutral: number; negative: number }
export interface KindMix { original: number; retweet: number; quote: number; reply: number }

export interface GeneratorOptions {
  tone?: Partial<ToneMix>;
  kinds?: Partial<KindMix>;
  /** Share of originals that do not mention the brand at all (noise the rules must filter out). */
  offTopic?: number;
  /** Share of originals in es/fr/de. */
  foreign?: number;
  /** People rise, fade and burst over periods (src/emulator/dynamics.ts); off unless given. */
  dynamics?: WorldDynamics;
}

const POOL = 400;
const CANDIDATES = 6;

export class TweetGenerator {
  private readonly rng: Rng;
  private readonly tone: ToneMix;
  private readonly kinds: KindMix;
  private readonly offTopic: number;
  private readonly foreign: number;
  /** Recent brand-related tweets that others may retweet, quote or reply to. */
  private pool: EmuTweet[] = [];
  private poolNext = 0;
  private readonly reach = new Map<string, number>();
  private readonly cands: EmuTweet[] = new Array(CANDIDATES);
  private readonly candWeights: number[] = new Array(CANDIDATES).fill(0);
  private corpusPos = 0;
  private readonly dynamics: WorldDynamics | undefined;

  constructor(private readonly world: World, seed: number, opts: GeneratorOptions = {}, private readonly corpus?: CorpusRow[]) {
    this.rng = new Rng(hash32(`${seed}:tweets`));
    this.tone = { positive: 0.3, neutral: 0.4, negative: 0.3, ...opts.tone };
    this.kinds = { original: 0.55, retweet: 0.3, quote: 0.07, reply: 0.08, ...opts.kinds };
    this.offTopic = opts.offTopic ?? 0.15;
    this.foreign = opts.foreign ?? 0.08;
    this.dynamics = opts.dynamics;
  }

  next(now = Date.now()): EmuTweet {
    const r = this.rng;
    const k = this.kinds;
    const kind = this.pool.length < 5 ? 0 : r.weighted([k.original, k.retweet, k.quote, k.reply]);
    const author = this.world.users.get(this.dynamics ? this.dynamics.pickAuthor(r) : r.pick(this.world.userIds))!;
    if (kind === 0 || author.id === this.world.brand.id) return this.original(author, now);
    const parent = this.pickParent();
    const parentAuthor = this.world.users.get(parent.author_id)!;
    if (kind === 1) return this.retweet(author, parent, parentAuthor, now);
    if (kind === 2) return this.quote(author, parent, parentAuthor, now);
    return this.reply(author, parent, parentAuthor, now);
  }

  /**
   * Preferential attachment: weight by the parent author's reach and the tweet's engagement.
   * Weighing the whole pool per tweet was the generator's hot spot; a weighted draw among a few
   * uniformly sampled candidates keeps the rich-get-richer shape at a fraction of the cost.
   */
  private pickParent(): EmuTweet {
    const n = this.pool.length;
    const cands = this.cands;
    const weights = this.candWeights;
    for (let i = 0; i < CANDIDATES; i++) {
      const t = this.pool[this.rng.int(n)]!;
      cands[i] = t;
      const m = t.public_metrics;
      weights[i] = (this.reach.get(t.id) ?? 1) + 2 * (m.retweet_count + m.quote_count + m.reply_count);
      if (this.dynamics) weights[i] *= this.dynamics.appeal(t.author_id);
    }
    return cands[this.rng.weighted(weights)]!;
  }

  private remember(t: EmuTweet): void {
    const followers = this.world.users.get(t.author_id)?.public_metrics.followers_count ?? 1;
    this.reach.set(t.id, 1 + Math.log10(1 + followers));
    if (this.pool.length < POOL) {
      this.pool.push(t);
      return;
    }
    const old = this.pool[this.poolNext]!;
    this.reach.delete(old.id);
    this.pool[this.poolNext] = t;
    this.poolNext = (this.poolNext + 1) % POOL;
  }

  private base(author: EmuUser, text: string, lang: string, now: number): EmuTweet {
    const id = this.world.tweetIds.next();
    const entities = extractEntities(text, (n) => this.world.byUsername.get(n));
    const t: EmuTweet = {
      id,
      text,
      author_id: author.id,
      created_at: this.iso(now),
      lang,
      conversation_id: id,
      public_metrics: { retweet_count: 0, reply_count: 0, like_count: Math.floor(this.rng.logNormal(0.5, 1.5)) - 1, quote_count: 0 },
      edit_history_tweet_ids: [id],
    };
    if (t.public_metrics.like_count < 0) t.public_metrics.like_count = 0;
    if (entities) t.entities = entities;
    return t;
  }

  private isoAt = NaN;
  private isoStr = '';
  /** Tweets of one tick share a timestamp; format it once. */
  private iso(now: number): string {
    if (now !== this.isoAt) {
      this.isoAt = now;
      this.isoStr = new Date(now).toISOString();
    }
    return this.isoStr;
  }

  private fill(template: string): string {
    const r = this.rng;
    const b = this.world.brand;
    return template
      .replace(/\{brand\}/g, b.name)
      .replace(/\{handle\}/g, '@' + b.username)
      .replace(/\{tag\}/g, r.chance(0.6) ? '#' + b.username : '')
      .replace(/\{product\}/g, () => r.pick(L.PRODUCTS))
      .replace(/\{feature\}/g, () => r.pick(L.FEATURES))
      .replace(/\{usecase\}/g, () => r.pick(L.USECASES))
      .replace(/\{emo_pos\}/g, () => r.pick(L.EMO_POS))
      .replace(/\{emo_neg\}/g, () => r.pick(L.EMO_NEG))
      .replace(/\s+/g, ' ')
      .trim();
  }

  private original(author: EmuUser, now: number): EmuTweet {
    const r = this.rng;
    if (this.corpus) return this.fromCorpus(now);
    if (r.chance(this.offTopic)) {
      const t = this.base(author, r.pick(L.OFF_TOPIC), 'en', now);
      t.tone = 'off_topic';
      return t;
    }
    const toneIdx = r.weighted([this.tone.positive, this.tone.neutral, this.tone.negative]);
    const tone = (['positive', 'neutral', 'negative'] as const)[toneIdx]!;
    let lang = 'en';
    let templates: string[] = tone === 'positive' ? L.POSITIVE : tone === 'neutral' ? L.NEUTRAL : L.NEGATIVE;
    if (r.chance(this.foreign)) {
      lang = r.pick(Object.keys(L.FOREIGN));
      templates = L.FOREIGN[lang]![tone];
    }
    const t = this.base(author, this.fill(r.pick(templates)), lang, now);
    t.tone = tone;
    this.remember(t);
    return t;
  }

  private fromCorpus(now: number): EmuTweet {
    const rows = this.corpus!;
    const row = rows[this.corpusPos++ % rows.length]!;
    let author: EmuUser | undefined;
    if (row.username) {
      const known = this.world.byUsername.get(row.username.toLowerCase());
      author = known ? this.world.users.get(known) : undefined;
      if (!author) {
        const id = String(3_000_000_000 + (hash32(`${this.world.seed}:corpus:${row.username}`) % 1_000_000_000));
        author = this.world.addUser(syntheticUser(this.world.seed, id, row.username, row.location));
      }
    } else author = this.world.users.get(this.rng.pick(this.world.userIds))!;
    const t = this.base(author, row.text, row.lang ?? 'en', now);
    if (row.tone) t.tone = row.tone;
    this.remember(t);
    return t;
  }

  private rootText(parent: EmuTweet): string {
    let t = parent;
    for (let i = 0; i < 20 && t.referenced_tweets?.[0]?.type === 'retweeted'; i++) {
      const up = this.world.tweetsById.get(t.referenced_tweets[0].id);
      if (!up) break;
      t = up;
    }
    return t.text;
  }

  private bump(parent: EmuTweet, field: 'retweet_count' | 'quote_count' | 'reply_count'): void {
    parent.public_metrics[field]++;
  }

  private retweet(author: EmuUser, parent: EmuTweet, parentAuthor: EmuUser, now: number): EmuTweet {
    const t = this.base(author, `RT @${parentAuthor.username}: ${this.rootText(parent)}`, parent.lang, now);
    t.referenced_tweets = [{ type: 'retweeted', id: parent.id }];
    t.public_metrics.like_count = 0;
    if (parent.tone) t.tone = parent.tone;
    this.bump(parent, 'retweet_count');
    this.remember(t);
    return t;
  }

  private quote(author: EmuUser, parent: EmuTweet, parentAuthor: EmuUser, now: number): EmuTweet {
    const url = `https://x.com/${parentAuthor.username}/status/${parent.id}`;
    const t = this.base(author, `${this.rng.pick(L.QUOTE_COMMENTS)} ${url}`, parent.lang, now);
    t.referenced_tweets = [{ type: 'quoted', id: parent.id }];
    this.bump(parent, 'quote_count');
    this.remember(t);
    return t;
  }

  private reply(author: EmuUser, parent: EmuTweet, parentAuthor: EmuUser, now: number): EmuTweet {
    const b = this.world.brand.username;
    const mentionBrand = this.rng.chance(0.5) ? ` @${b}` : '';
    const t = this.base(author, `@${parentAuthor.username}${mentionBrand} ${this.rng.pick(L.REPLY_TEXTS)}`, 'en', now);
    t.referenced_tweets = [{ type: 'replied_to', id: parent.id }];
    t.conversation_id = parent.conversation_id;
    this.bump(parent, 'reply_count');
    this.remember(t);
    return t;
  }
}
