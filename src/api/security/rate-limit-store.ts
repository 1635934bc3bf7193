// A store for express-rate-limit kept in MongoDB, so every API process shares one count. Counts
// are kept per client key and fixed window (one document each, incremented atomically with an
// upsert); a call is judged on the sliding-window estimate over the current window and the one
// before (./sliding-window.ts), so the limit cannot be spent twice across a window's edge.
//
// Why two fixed-window counters rather than a list of call times per client: an increment stays
// one atomic upsert of a small document (the closed earlier window is read once per client and
// window, beside the window's first upsert); a list of times would rewrite a document of up to
// `limit` entries (1,200-3,000 here) on every call. The price is an estimate: the earlier window's calls are taken
// as spread evenly, so a client may be held up to two windows, and calls bunched at the end of a
// window weigh less than they should late in the next one (never enough to let the limit be spent
// twice at the edge). Keyed by `_id` only (FerretDB 1.x answers other queries by reading the
// whole collection); the window before the previous one is deleted when a new window starts.
import type { Collection, Db } from 'mongodb';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { COLLECTIONS, owned } from '../../store';
import { hits, resetAt, type WindowCounts } from './sliding-window';
import { retryUpsertRace } from '../../store/upsert-race';

/** Clients whose previous window's count a process keeps. */
const CLOSED_WINDOWS_KEPT = 10_000;

/** One client's calls in one fixed window; `resetAt` is the window's end. */
interface Hit { _id: string; hits: number; resetAt: Date }

export class MongoRateLimitStore implements Store {
  private windowMs = 60_000;
  private limit: number | undefined;
  private readonly col: Collection<Hit>;
  /** Shared across processes, so the local-keys check of express-rate-limit does not apply. */
  readonly localKeys = false;

  /** `now` is the clock (epoch ms); tests pass their own to stand at a window's edge. */
  constructor(db: Db, readonly prefix: string, private readonly now: () => number = Date.now) {
    this.col = owned<Hit>(db, COLLECTIONS.rateLimits);
  }

  /** Takes the window and, when it is a number, the limit (Retry-After says when a call is allowed again). */
  init(options: Pick<Options, 'windowMs'> & Partial<Pick<Options, 'limit'>>): void {
    this.windowMs = options.windowMs;
    this.limit = typeof options.limit === 'number' ? options.limit : undefined;
  }

  private windowStart = (now: number) => Math.floor(now / this.windowMs) * this.windowMs;
  private id = (key: string, start: number) => `${this.prefix}:${key}:${start}`;

  private info(c: WindowCounts): ClientRateLimitInfo {
    return { totalHits: hits(c), resetTime: new Date(resetAt(c, this.limit)) };
  }

  /**
   * The previous window's count, read once per client and window: that window is closed (only
   * calls stamped by a process whose clock lags by milliseconds could still land in it), so after
   * the first call of a window an increment is one upsert. Bounded: the oldest clients go first.
   */
  private readonly closed = new Map<string, { start: number; hits: number }>();
  private async previous(key: string, start: number): Promise<number> {
    const known = this.closed.get(key);
    if (known?.start === start) return known.hits;
    const hits = (await this.col.findOne({ _id: this.id(key, start - this.windowMs) }, { projection: { hits: 1 } }))?.hits ?? 0;
    this.closed.delete(key);
    this.closed.set(key, { start, hits });
    if (this.closed.size > CLOSED_WINDOWS_KEPT) this.closed.delete(this.closed.keys().next().value!);
    return hits;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const now = this.now();
    const start = this.windowStart(now);
    const [cur, prev] = await Promise.all([
      this.col.findOne({ _id: this.id(key, start) }, { projection: { hits: 1 } }), this.previous(key, start),
    ]);
    if (!cur && !prev) return undefined;
    return this.info({ prev, cur: cur?.hits ?? 0, start, windowMs: this.windowMs, now });
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    const start = this.windowStart(now);
    // The earlier window is closed, so reading it beside the atomic increment loses nothing.
    const [d, prev] = await Promise.all([
      retryUpsertRace(() => this.col.findOneAndUpdate(
        { _id: this.id(key, start) }, { $inc: { hits: 1 }, $setOnInsert: { resetAt: new Date(start + this.windowMs) } },
        { upsert: true, returnDocument: 'after' }, // no projection: FerretDB 1.x refuses one on findAndModify
      )),
      this.previous(key, start),
    ]);
    if (d && d.hits === 1) {
      // First call of a new window: the window before the previous one no longer counts.
      await this.col.deleteOne({ _id: this.id(key, start - 2 * this.windowMs) });
    }
    return this.info({ prev, cur: d?.hits ?? 1, start, windowMs: this.windowMs, now });
  }

  async decrement(key: string): Promise<void> {
    await this.col.updateOne({ _id: this.id(key, this.windowStart(this.now())), hits: { $gt: 0 } }, { $inc: { hits: -1 } });
  }

  /** Forgets the client: both windows the estimate reads. */
  async resetKey(key: string): Promise<void> {
    const start = this.windowStart(this.now());
    this.closed.delete(key);
    await this.col.deleteMany({ _id: { $in: [this.id(key, start), this.id(key, start - this.windowMs)] } });
  }

  /**
   * Drops windows older than the previous one (clients that never came back); run now and then,
   * not per request. Every limiter counts per minute, so this holds for all prefixes alike.
   */
  async prune(now = this.now()): Promise<number> {
    return (await this.col.deleteMany({ resetAt: { $lt: new Date(this.windowStart(now)) } })).deletedCount;
  }
}
