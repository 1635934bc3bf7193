// Stream lines ingest cannot take (an id that is not a snowflake, a tweet without an author, a line
// that is not a tweet) are skipped, counted and kept in `ingest_dead_letters` with the raw line, the
// reason and the time, so an operator can see what X sent. One bad tweet never stops ingest: writes
// are batched, bounded per minute (a flood of garbage is counted, not stored line by line) and a
// failing write is logged, never thrown.
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { Counter, register } from 'prom-client';
import { deadLetters, type DeadLetterDoc } from '../store/dead-letters';

export const deadLetterCounter: Counter<string> = (register.getSingleMetric('chirpflow_ingest_dead_letters_total') as Counter<string> | undefined)
  ?? new Counter({ name: 'chirpflow_ingest_dead_letters_total', help: 'Stream lines ingest skipped (invalid id, missing author, not a tweet), by reason', labelNames: ['reason'] });

/** Stored per minute at most; the rest are only counted. */
const PER_MINUTE = 600;

export class DeadLetterBox {
  private buffer: DeadLetterDoc[] = [];
  private writing?: Promise<void>;
  private minute = 0;
  private inMinute = 0;

  constructor(private readonly db: Db, private readonly now: () => number, private readonly onError: (err: unknown) => void = () => undefined) {}

  add(reason: string, raw?: string): void {
    deadLetterCounter.inc({ reason });
    const at = this.now();
    const m = Math.floor(at / 60_000);
    if (m !== this.minute) { this.minute = m; this.inMinute = 0; }
    if (++this.inMinute > PER_MINUTE) return;
    // Time-ordered ids: the collection reads back in arrival order by _id.
    this.buffer.push({ _id: `${at.toString().padStart(14, '0')}-${randomBytes(4).toString('hex')}`, reason, ...(raw !== undefined ? { raw } : {}), at: new Date(at) });
    this.writing ??= this.write();
  }

  /** Resolves once everything added so far is stored (or failed and was logged). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async write(): Promise<void> {
    try {
      while (this.buffer.length) {
        const docs = this.buffer.splice(0, 200);
        await deadLetters(this.db).insertMany(docs, { ordered: false }).catch(this.onError);
      }
    } finally {
      this.writing = undefined;
    }
  }
}
