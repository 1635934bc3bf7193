// Write-behind customer profiles for the long-running ingest. A batch changes the profiles it
// holds in memory and moves on; a flusher writes changed profiles in the background, one command
// of a few dozen at a time. Under load a person tweets again before their profile is written, so
// several tweets share one write: the write rate stays what the store can take while the tweet
// rate grows. (On FerretDB every profile write costs ~1 ms of CPU, whatever it carries.)
//
// Nothing is lost on a crash: the tweets behind an unwritten change are "held", and ingest keeps its
// resume point below every held tweet, so a restart redelivers them (applying a tweet twice is a
// no-op). Writes stay conditional on the stored revision: when another writer got there first the
// profile is re-read and the held changes are replayed on top, so no one's update is lost.
import type { Db } from 'mongodb';
import type { ProfileDoc } from '../domain/campaign';
import { loadProfiles, writeProfiles, PROFILE_WRITE_SLICE } from '../store/profiles';

/** Default age (ms) at which a profile change is written. */
export const PROFILE_FLUSH_MS = 2000;

/** A pure change to a profile, replayable on a fresher copy (undefined = not stored yet). */
export type ProfileChange = (p: ProfileDoc | undefined) => ProfileDoc | undefined;

interface Entry {
  /** As last read from or written to the store (undefined: not there yet). */
  stored?: ProfileDoc;
  /** `changes` applied over `stored`: what the person looks like now. */
  view?: ProfileDoc;
  changes: ProfileChange[];
  tweetIds: string[];
  /** When the oldest unwritten change was made (ms). */
  since: number;
}

export interface ProfileBookOptions {
  /** Profiles kept in memory (clean ones beyond this are dropped, least recently used first). */
  maxEntries?: number;
  /** Changed-but-unwritten profiles allowed before `room()` makes ingest wait for the flusher. */
  maxDirty?: number;
  /**
   * A change is written once it is this old (ms), so that a person's next tweets can join the
   * same write. Beyond `maxDirty / 2` waiting profiles, or when draining, the oldest go at once.
   */
  flushAfterMs?: number;
  /** The clock (ms since the epoch). */
  now: () => number;
  /** Called with the tweets whose every change is now stored. */
  onFlushed?: (tweetIds: string[]) => void;
  /** Called once if a write fails for good (the store is gone): ingest stops and resumes later. */
  onFailure?: (err: unknown) => void;
}

export class ProfileBook {
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<string>(); // insertion order: oldest change first
  /** Tweet id → unwritten changes made with it (a tweet's profile change and its outreach mark). */
  private readonly held = new Map<string, number>();
  private flusher?: Promise<void>;
  private failure?: unknown;
  private waiters: (() => void)[] = [];
  private urgent = false;
  private sleeping?: { timer: NodeJS.Timeout; wake: () => void };
  readonly maxEntries: number;
  readonly maxDirty: number;
  readonly flushAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly db: Db, private readonly opts: ProfileBookOptions) {
    this.maxEntries = opts.maxEntries ?? 50_000;
    this.maxDirty = opts.maxDirty ?? 20_000;
    this.flushAfterMs = opts.flushAfterMs ?? PROFILE_FLUSH_MS;
    this.now = opts.now;
  }

  get dirtyCount(): number { return this.dirty.size; }
  get size(): number { return this.entries.size; }

  /** True while a change made with this tweet is not yet stored. */
  holds(tweetId: string): boolean { return this.held.has(tweetId); }

  /** Brings these people's profiles into memory, reading only those not held yet. */
  async load(ids: string[]): Promise<void> {
    this.check();
    const misses = ids.filter((id) => !this.entries.has(id));
    const loaded = await loadProfiles(this.db, misses);
    for (const id of misses) if (!this.entries.has(id)) { const p = loaded.get(id); this.entries.set(id, { stored: p, view: p, changes: [], tweetIds: [], since: 0 }); }
    for (const id of ids) this.touch(id);
    this.evict();
  }

  /**
   * Applies `step` to the person's current profile now (synchronously, so it always builds on the
   * latest copy) and keeps it as a change to write and, should the stored profile turn out to
   * differ, to replay. A step that returns the profile unchanged records nothing. Call `load`
   * first for people not yet in memory.
   */
  update<R>(id: string, step: (p: ProfileDoc | undefined) => { profile: ProfileDoc | undefined; result: R }, tweetIds: readonly string[] = []): R {
    this.check();
    const e = this.entries.get(id) ?? { changes: [], tweetIds: [], since: 0 };
    this.entries.set(id, e);
    const r = step(e.view);
    if (r.profile === e.view || !r.profile) return r.result;
    e.view = r.profile;
    if (!e.changes.length) e.since = this.now();
    e.changes.push((p) => step(p).profile ?? p);
    for (const t of tweetIds) { e.tweetIds.push(t); this.held.set(t, (this.held.get(t) ?? 0) + 1); }
    this.dirty.add(id);
    this.flusher ??= this.flushLoop();
    if (this.dirty.size >= this.maxDirty / 2) this.sleeping?.wake();
    return r.result;
  }

  /** Resolves when ingest may add more changes (the backlog of unwritten profiles is short enough). */
  async room(): Promise<void> {
    while (this.dirty.size >= this.maxDirty && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    this.check();
  }

  /** Everything recorded so far is stored (or the flusher failed: then this throws). */
  async drain(): Promise<void> {
    this.urgent = true;
    try {
      while (this.flusher) { this.sleeping?.wake(); await this.flusher; }
    } finally {
      this.urgent = false;
    }
    this.check();
  }

  /** Draining, or the backlog is half full: everything waiting is due now. */
  private get pressed(): boolean { return this.urgent || this.dirty.size >= this.maxDirty / 2; }

  /** Moves a waiting profile to the back of the queue (the flusher takes the oldest first). */
  private requeue(id: string): void { this.dirty.delete(id); this.dirty.add(id); }

  /** Ms until the oldest waiting change is due (0: write now). */
  private dueIn(): number {
    if (this.pressed) return 0;
    for (const id of this.dirty) return Math.max(0, this.entries.get(id)!.since + this.flushAfterMs - this.now());
    return 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => { clearTimeout(timer); this.sleeping = undefined; resolve(); };
      const timer = setTimeout(wake, ms);
      this.sleeping = { timer, wake };
    });
  }

  private check(): void { if (this.failure) throw this.failure; }

  /** One change made with the tweet is stored; true when none is left. */
  private unhold(tweetId: string): boolean {
    const n = (this.held.get(tweetId) ?? 1) - 1;
    if (n > 0) { this.held.set(tweetId, n); return false; }
    this.held.delete(tweetId);
    return true;
  }

  private touch(id: string): void {
    const e = this.entries.get(id);
    if (e) { this.entries.delete(id); this.entries.set(id, e); } // Map order = least recently used first
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    for (const [id] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      if (!this.dirty.has(id)) this.entries.delete(id);
    }
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.dirty.size) {
        const wait = this.dueIn();
        if (wait > 0) await this.sleep(wait);
        else await this.flushSome();
      }
    } catch (err) {
      this.failure = err; // also thrown by the next load/update/room/drain
      this.opts.onFailure?.(err);
    } finally {
      this.flusher = undefined;
      for (const w of this.waiters.splice(0)) w();
    }
  }

  private async flushSome(): Promise<void> {
    const ids: string[] = [];
    const due = this.pressed ? Infinity : this.now() - this.flushAfterMs;
    for (const id of this.dirty) {
      if (ids.length >= PROFILE_WRITE_SLICE || this.entries.get(id)!.since > due) break;
      ids.push(id);
    }
    if (!ids.length) for (const id of this.dirty) { ids.push(id); break; } // the oldest is due (clock edge)
    // What is written now; changes recorded while the write is in flight stay for the next round.
    const taken = ids.map((id) => {
      const e = this.entries.get(id)!;
      return { id, e, view: e.view!, changes: e.changes.length, tweets: e.tweetIds.length, fromRev: e.stored?.rev ?? 0 };
    });
    const lost = new Set(await writeProfiles(this.db, taken.map((t) => ({ next: t.view, fromRev: t.fromRev }))));
    const fresh = lost.size ? await loadProfiles(this.db, [...lost]) : new Map<string, ProfileDoc>();
    const flushed: string[] = [];
    for (const t of taken) {
      const { e } = t;
      if (lost.has(t.id)) e.stored = fresh.get(t.id); // someone else wrote first: replay ours on theirs
      else {
        e.stored = { ...t.view, rev: t.fromRev + 1 };
        e.changes.splice(0, t.changes);
        if (e.changes.length) { e.since = this.now(); this.requeue(t.id); } // recorded while in flight: due later
        for (const id of e.tweetIds.splice(0, t.tweets)) { if (this.unhold(id)) flushed.push(id); }
      }
      e.view = e.changes.reduce<ProfileDoc | undefined>((p, c) => c(p), e.stored);
      if (e.changes.length && e.view === e.stored) {
        // Replayed on the fresh copy, every change was already there: nothing left to write.
        e.changes.length = 0;
        for (const id of e.tweetIds.splice(0)) { if (this.unhold(id)) flushed.push(id); }
      }
      if (!e.changes.length) this.dirty.delete(t.id);
      else if (lost.has(t.id)) this.requeue(t.id); // retry after the others
    }
    if (flushed.length) this.opts.onFlushed?.(flushed);
    if (this.dirty.size < this.maxDirty) for (const w of this.waiters.splice(0)) w();
    this.evict();
  }
}
