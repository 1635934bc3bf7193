// Remembers the most recent tweet ids delivered, so a backfill overlapping the live stream (or a
// replayed connection) never hands the same tweet to the product twice. Bounded: old ids fall out
// in insertion order, and anything older than that horizon is older than every backfill we run.
export class RecentIds {
  private readonly set = new Set<string>();
  private readonly ring: string[];
  private next = 0;

  constructor(private readonly capacity = 200_000) {
    this.ring = new Array<string>(capacity);
  }

  has(id: string): boolean {
    return this.set.has(id);
  }

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    if (this.set.has(id)) return false;
    const old = this.ring[this.next];
    if (old !== undefined) this.set.delete(old);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.set.add(id);
    return true;
  }

  get size(): number {
    return this.set.size;
  }
}
