// A shuffle of one collection onto the chunks of another, for jobs walking people whose inputs are
// tweets: the plan scans the tweets ONCE, routes what each tweet contributes to the chunk of the
// person it concerns, and spills those records into partial documents keyed by _id
// (`<planKey>~<chunk>~<part>`). A chunk then reads its parts by _id, which every store answers from
// its _id index, instead of asking for "the tweets of these authors" (on FerretDB a read of every
// tweet per chunk). Memory stays bounded: buffers are spilled whenever they hold `limit` records.
import type { Db } from 'mongodb';
import { partialsOf } from '../store/analytics';
import { IDS_PER_QUERY } from './chunks';

/** Records are stored as JSON text: FerretDB 1.x cannot store nested arrays, and one string is cheap to encode. */
export interface SpillDoc { _id: string; runKey: string; data: string }

export const spillId = (planKey: string, chunk: number, part: number) => `${planKey}~${chunk}~${part}`;

/** Finds a person's chunk from the plan's sorted, distinct ids (binary search; -1 when not planned). */
export class ChunkRouter {
  constructor(readonly ids: readonly string[], private readonly chunkSize: number) {}

  chunkOf(id: string): number {
    const i = this.indexOf(id);
    return i < 0 ? -1 : Math.floor(i / this.chunkSize);
  }

  /** The id's position in the plan's ids (-1 when not planned). */
  indexOf(id: string): number {
    let lo = 0, hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  get chunks(): number { return Math.ceil(this.ids.length / this.chunkSize); }
}

/** Characters of spilled JSON per insert command. */
const SPILL_BYTES_PER_INSERT = 8 * 2 ** 20;

/** Buffers records per chunk and spills them as partial documents; `parts[n]` counts chunk n's. */
export class ChunkSpill<R> {
  private buffers = new Map<number, R[]>();
  private held = 0;
  readonly parts: number[];

  constructor(private readonly db: Db, private readonly runKey: string, private readonly planKey: string, chunks: number, private readonly limit = 200_000) {
    this.parts = new Array<number>(chunks).fill(0);
  }

  /** Adds a record to chunk `n`; spills every buffer once `limit` records are held. */
  async add(n: number, record: R): Promise<void> {
    (this.buffers.get(n) ?? this.buffers.set(n, []).get(n)!).push(record);
    if (++this.held >= this.limit) await this.flush();
  }

  /**
   * Writes every non-empty buffer as the next part of its chunk, a few MB per insert: the JSON of
   * every buffer at once (and its BSON command) was hundreds of MB at 100,000 people.
   */
  async flush(): Promise<void> {
    const buffers = [...this.buffers];
    this.buffers.clear();
    this.held = 0;
    let docs: SpillDoc[] = [];
    let bytes = 0;
    for (let i = 0; i < buffers.length; i++) {
      const [n, records] = buffers[i]!;
      const data = JSON.stringify(records);
      buffers[i] = [n, []];
      docs.push({ _id: spillId(this.planKey, n, this.parts[n]!++), runKey: this.runKey, data });
      bytes += data.length;
      if (docs.length >= 100 || bytes >= SPILL_BYTES_PER_INSERT) {
        await partialsOf<SpillDoc>(this.db).insertMany(docs);
        docs = [];
        bytes = 0;
      }
    }
    if (docs.length) await partialsOf<SpillDoc>(this.db).insertMany(docs);
  }
}

/** The records spilled for chunk `n`, in the order they were added. */
export async function readSpill<R>(db: Db, planKey: string, n: number, parts: number): Promise<R[]> {
  const out: R[] = [];
  for (let first = 0; first < parts; first += IDS_PER_QUERY) {
    const ids = Array.from({ length: Math.min(IDS_PER_QUERY, parts - first) }, (_, i) => spillId(planKey, n, first + i));
    const docs = await partialsOf<SpillDoc>(db).find({ _id: { $in: ids } }).toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    for (const id of ids) {
      const d = byId.get(id);
      if (!d) throw new Error(`spilled part ${id} is missing (was the run cleaned up?)`);
      for (const r of JSON.parse(d.data) as R[]) out.push(r);
    }
  }
  return out;
}
