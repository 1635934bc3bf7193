// A store for express-rate-limit kept in MongoDB, so every API process shares one count. Keyed by
// `_id` only (FerretDB 1.x answers other queries by reading the whole collection): one document per
// client key and fixed window, incremented atomically with an upsert.
import type { Collection, Db } from 'mongodb';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { COLLECTIONS, owned } from '../../store';

interface Hit { _id: string; hits: number; resetAt: Date }

export class MongoRateLimitStore implements Store {
  private windowMs = 60_000;
  private readonly col: Collection<Hit>;
  /** Shared across processes, so the local-keys check of express-rate-limit does not apply. */
  readonly localKeys = false;

  /** `now` is the clock (epoch ms); tests pass their own to stand at a window's edge. */
  constructor(db: Db, readonly prefix: string, private readonly now: () => number = Date.now) {
    this.col = owned<Hit>(db, COLLECTIONS.rateLimits);
  }

  init(options: Options): void { this.windowMs = options.windowMs; }

  private window(now = this.now()) {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    return { start, resetAt: new Date(start + this.windowMs) };
  }
  private id = (key: string, start: number) => `${this.prefix}:${key}:${start}`;

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const w = this.window();
    const d = await this.col.findOne({ _id: this.id(key, w.start) });
    return d ? { totalHits: d.hits, resetTime: d.resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const w = this.window();
    const d = await this.col.findOneAndUpdate(
      { _id: this.id(key, w.start) }, { $inc: { hits: 1 }, $setOnInsert: { resetAt: w.resetAt } },
      { upsert: true, returnDocument: 'after' },
    );
    if (d && d.hits === 1) {
      // First hit of a new window: the previous window's document is no longer needed.
      await this.col.deleteOne({ _id: this.id(key, w.start - this.windowMs) });
    }
    return { totalHits: d?.hits ?? 1, resetTime: w.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.col.updateOne({ _id: this.id(key, this.window().start) }, { $inc: { hits: -1 } });
  }

  async resetKey(key: string): Promise<void> {
    await this.col.deleteOne({ _id: this.id(key, this.window().start) });
  }

  /** Drops windows that ended (clients that never came back); run now and then, not per request. */
  async prune(now = this.now()): Promise<number> {
    return (await this.col.deleteMany({ resetAt: { $lt: new Date(now - this.windowMs) } })).deletedCount;
  }
}
