// Where ingest resumes after a crash: the newest tweet id below which every delivered tweet is
// stored (its tweet, its profile change and its outreach mark). It never passes a tweet that is
// delivered but not yet stored, nor the start of a gap the stream is still backfilling.
import { compareIds } from '../domain/ids';

/** The resume point at a (re)connection, released once the backfill covering it has delivered. */
interface Hold { at: string | undefined; ticket?: number }

export class ResumePoint {
  private lastId: string | undefined;
  /** Delivered but not yet stored; the resume point stays below the oldest of them. */
  private readonly pending = new Set<string>();
  // After every (re)connection the stream recovers the gap by search, while live tweets (newer than
  // the whole gap) keep arriving and get stored first. Until the gap's tweets have been handed to
  // us (and so sit in `pending`), the resume point must not pass the gap's start, or a crash in
  // between would resume after tweets that were never stored.
  private covering: Hold[] = []; // covered by the backfill the stream is running now
  private waiting: Hold[] = []; // gaps that opened while a backfill ran: the stream's next backfill
  private readonly released: Hold[] = []; // announced; released once `backfillReceived` reaches the ticket
  private backfillAnnounced = 0;
  private backfillReceived = 0;
  private connections = 0;

  constructor(private readonly sinceId: string | undefined) {
    this.lastId = sinceId;
  }

  /** A tweet handed to ingest: held until `stored`. */
  delivered(t: { id: string; via?: string }): void {
    this.pending.add(t.id);
    if (t.via === 'backfill') this.backfillReceived++;
  }

  /** The tweet and everything made with it are stored. */
  stored(id: string): void { this.pending.delete(id); }

  /** A batch is processed; tweets `stillHeld` says are waiting on a write stay pending. */
  processed(ids: readonly string[], stillHeld: (id: string) => boolean): void {
    for (const id of ids) {
      if (!stillHeld(id)) this.pending.delete(id);
      if (!this.lastId || compareIds(id, this.lastId) > 0) this.lastId = id;
    }
  }

  /** The stream (re)connected; true when this is a reconnection (rules may have changed meanwhile). */
  connected(): boolean {
    this.connections++;
    // Mirrors the stream: a backfill follows every reconnection, and the first one when resuming.
    if (this.connections === 1 && !this.sinceId) return false;
    const hold: Hold = { at: this.current() };
    if (this.covering.length) this.waiting.push(hold);
    else this.covering.push(hold);
    return this.connections > 1;
  }

  /** The stream's backfill announced how many tweets it delivered. */
  backfilled(delivered: number): void {
    this.backfillAnnounced += delivered;
    for (const h of this.covering) this.released.push({ ...h, ticket: this.backfillAnnounced });
    this.covering = this.waiting;
    this.waiting = [];
  }

  /** The id to resume after (undefined: from the start, or from the stream's own default). */
  current(): string | undefined {
    const hold = this.holdsFloor();
    if (hold.held && hold.at === undefined) return undefined;
    let cp = this.lastId;
    if (hold.at !== undefined && (cp === undefined || compareIds(hold.at, cp) < 0)) cp = hold.at;
    for (const id of this.pending) {
      const below = (BigInt(id) - 1n).toString();
      if (cp === undefined || compareIds(below, cp) < 0) cp = below;
    }
    return cp;
  }

  private holdsFloor(): { held: boolean; at: string | undefined } {
    while (this.released.length && this.backfillReceived >= this.released[0]!.ticket!) this.released.shift();
    let held = false;
    let at: string | undefined;
    for (const h of [...this.released, ...this.covering, ...this.waiting]) {
      if (!held || h.at === undefined || (at !== undefined && compareIds(h.at, at) < 0)) at = h.at;
      held = true;
      if (at === undefined) break;
    }
    return { held, at };
  }
}
