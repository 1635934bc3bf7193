// Resumable batch walks in two steps, both linear in the size of the collection on any store:
//
// 1. Plan: ONE pass over the job's filter reading only _ids (natural order, no sort, so FerretDB
//    does not sort in memory), sorted here, cut into chunks and stored as chunk documents
//    `{_id: "<planKey>#<n>", ids: [...]}`. Chunks never change after the plan, so a slice re-reads
//    exactly the same work after a crash. Slices are ranges of chunk numbers.
// 2. Walk a slice: for each chunk, read its document by _id, fetch its documents with
//    `{_id: {$in: ids}}` (FerretDB pushes both down to its _id index; MongoDB uses _id), process
//    them, then checkpoint. A plan may instead carry what the walk needs of each document in its
//    chunk (fields that never change, such as a tweet's text): the walk then reads only the chunk,
//    and the plan writes chunks (cut in scan order) while it scans.
//
// The earlier design queried `_id` ranges with a sort per chunk: on FerretDB each of those reads and
// sorts the whole collection, so a run was quadratic in the collection size.
//
// Progress is kept in two places:
// - the activity heartbeat ({ next, chunks, processed }), which Temporal hands back to the next
//   attempt and shows in the UI, and
// - a checkpoint document per slice, written after every finished chunk. Heartbeats are throttled,
//   so the last one may lag a chunk or two behind when a worker dies; the checkpoint never does.
// On retry the later of the two resume points wins, so a finished chunk is never processed again.
import { Context } from '@temporalio/activity';
import type { AbstractCursor, Collection, Db, Document, Filter } from 'mongodb';
import { analytics, type ChunkDoc, type RunDoc } from '../store/analytics';
import { heartbeat as plainHeartbeat, heartbeatOrCancel, keepAlive } from '../heartbeat';

/** A range of chunk numbers of one plan: [from, to). */
export interface Slice { planKey: string; from: number; to: number }

export interface ChunkPlan { planKey: string; total: number; chunks: number }

export interface ChunkProgress { next: number; chunks: number; processed: number }

export interface ChunkRunResult extends ChunkProgress {
  /** The chunk this attempt started from when it was not the slice's first (a resumed slice). */
  resumedFrom: number | null;
  source: 'heartbeat' | 'checkpoint' | 'start';
}

/** FerretDB pushes `$in` down to its _id index for at most this many values (our patch). */
export const IDS_PER_QUERY = 1000;
/** Ids per insertMany of chunk documents (keeps each command a few MB). */
const IDS_PER_INSERT = 100_000;
/** The same for chunks that carry documents (a tweet's text and author: ~10x an id). */
const DOCS_PER_INSERT = 10_000;

export const chunkId = (planKey: string, n: number) => `${planKey}#${n}`;

/** Distinct ids in _id order (Mongo's string order is bytewise, as is JS's for ASCII ids). */
export function sortedUniqueIds(ids: string[]): string[] {
  ids.sort();
  let w = 0;
  for (let r = 0; r < ids.length; r++) if (r === 0 || ids[r] !== ids[r - 1]) ids[w++] = ids[r]!;
  ids.length = w;
  return ids;
}

/** Cuts `chunks` chunks into slices of about `sliceSize` documents (at least one chunk each). */
export function cutSlices(plan: ChunkPlan, chunkSize: number, sliceSize: number): Slice[] {
  const per = Math.max(1, Math.ceil(sliceSize / chunkSize));
  const slices: Slice[] = [];
  for (let from = 0; from < plan.chunks; from += per) slices.push({ planKey: plan.planKey, from, to: Math.min(plan.chunks, from + per) });
  return slices;
}

function heartbeatDetails(): ChunkProgress | undefined {
  try {
    const d = Context.current().info.heartbeatDetails as ChunkProgress | undefined;
    return d && typeof d === 'object' && typeof d.next === 'number' ? d : undefined;
  } catch {
    return undefined; // called outside an activity (benchmarks, unit use)
  }
}

const heartbeat = heartbeatOrCancel;

/**
 * A cursor's documents a batch at a time, the next batch asked for before this one is handed out:
 * the store reads and decodes it while the caller works on this one (otherwise each waits for the
 * other). Closes the cursor when the caller stops early.
 */
export async function* prefetched<T>(cursor: AbstractCursor<T>): AsyncGenerator<T[]> {
  const nextBatch = async (): Promise<T[] | null> => {
    const first = await cursor.next();
    if (first === null) return null;
    const batch: T[] = cursor.readBufferedDocuments();
    batch.unshift(first);
    return batch;
  };
  let pending = nextBatch();
  try {
    for (;;) {
      const batch = await pending;
      if (!batch) return;
      pending = nextBatch();
      pending.catch(() => undefined); // rethrown by the await above
      yield batch;
    }
  } finally {
    await cursor.close();
  }
}

/** A heartbeat when running in an activity; progress only (never throws, also on cancellation). */
export const tryHeartbeat = plainHeartbeat;

export function attempt(): number {
  try { return Context.current().info.attempt; } catch { return 1; }
}

export { keepAlive };

export interface PlanOptions<T extends { _id: string }> {
  db: Db;
  /** The run; stored on every chunk so leftovers of a failed plan attempt can be swept. */
  runKey: string;
  /** Unique per plan attempt: a retried plan never mixes its chunks with an earlier attempt's. */
  planKey: string;
  collection: Collection<T>;
  filter?: Filter<T>;
  chunkSize: number;
  /** Fields the scan reads (default: _id only) and which scanned documents the plan keeps (default: all). */
  projection?: Document;
  keep?: (doc: T) => boolean;
  /**
   * What the walk needs of a kept document, stored in its chunk so the walk does not read the
   * collection again. Only for fields that never change (a tweet's text).
   */
  carry?: (doc: T) => { _id: string } & Record<string, unknown>;
}

/** One pass over the filter for _ids, then the chunk documents. Returns sizes only (small payload). */
export async function planChunks<T extends { _id: string }>(o: PlanOptions<T>): Promise<ChunkPlan> {
  if (!Number.isInteger(o.chunkSize) || o.chunkSize < 1) throw new Error(`chunkSize must be a positive integer (got ${o.chunkSize})`);
  const progress = { planning: 'scan', seen: 0 };
  return keepAlive(() => progress, () => (o.carry ? planCarried(o, o.carry, progress) : planIds(o, progress)));
}

const scan = <T extends { _id: string }>(o: PlanOptions<T>) =>
  o.collection.find(o.filter ?? {}, { projection: o.projection ?? { _id: 1 }, batchSize: 10_000 });

/** Ids only: all of them sorted, so chunks are ranges of _id order. */
async function planIds<T extends { _id: string }>(o: PlanOptions<T>, progress: { planning: string; seen: number }): Promise<ChunkPlan> {
  // The cursor is drained before anything is written, so a chunk holds a range of _ids.
  const ids: string[] = [];
  for await (const d of scan(o)) {
    progress.seen++;
    if (!o.keep || o.keep(d as T)) ids.push(d._id);
  }
  progress.planning = 'write';
  return writeIdChunks(o.db, o.runKey, o.planKey, sortedUniqueIds(ids), o.chunkSize);
}

/**
 * Stores sorted, distinct `ids` as the plan's chunks of `chunkSize`. `parts[n]`, when given, is how
 * many spilled partials the plan wrote for chunk n (see ./shuffle.ts). `carry`, when given, is what
 * the walk needs of each document (read by the plan; fields that may change are then as the plan
 * read them), stored packed in its chunk so the walk does not read the collection again.
 */
export async function writeIdChunks(db: Db, runKey: string, planKey: string, ids: readonly string[], chunkSize: number, parts?: readonly number[], carry?: (id: string) => { _id: string } & Record<string, unknown>): Promise<ChunkPlan> {
  const chunks = Math.ceil(ids.length / chunkSize);
  const createdAt = new Date();
  const perInsert = Math.max(1, Math.floor((carry ? DOCS_PER_INSERT : IDS_PER_INSERT) / chunkSize));
  for (let first = 0; first < chunks; first += perInsert) {
    const docs: ChunkDoc[] = [];
    for (let n = first; n < Math.min(chunks, first + perInsert); n++) {
      const part = ids.slice(n * chunkSize, (n + 1) * chunkSize);
      docs.push({ _id: chunkId(planKey, n), runKey, planKey, n, ids: part, createdAt, ...(parts ? { parts: parts[n] ?? 0 } : {}), ...(carry ? { packed: JSON.stringify(part.map(carry)) } : {}) });
    }
    await analytics(db).chunks.insertMany(docs);
  }
  return { planKey, total: ids.length, chunks };
}

/**
 * Chunks of carried documents, cut in the order they are added (sorted by _id within a chunk) and
 * written while they come, so the writer holds only a few chunks of documents.
 */
export function carriedChunkWriter(db: Db, runKey: string, planKey: string, chunkSize: number, o: { packed?: boolean } = {}) {
  const createdAt = new Date();
  let current: NonNullable<ChunkDoc['docs']> = [];
  let batch: ChunkDoc[] = [];
  let batchDocs = 0;
  let chunks = 0;
  let total = 0;
  const cut = () => {
    current.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    const n = chunks++;
    const carried = o.packed ? { packed: JSON.stringify(current) } : { docs: current };
    batch.push({ _id: chunkId(planKey, n), runKey, planKey, n, ids: current.map((d) => d._id), ...carried, createdAt });
    batchDocs += current.length;
    current = [];
  };
  const write = async () => {
    if (batch.length) await analytics(db).chunks.insertMany(batch);
    batch = [];
    batchDocs = 0;
  };
  return {
    async add(doc: { _id: string } & Record<string, unknown>): Promise<void> {
      current.push(doc);
      total++;
      if (current.length === chunkSize) cut();
      if (batchDocs >= DOCS_PER_INSERT) await write();
    },
    async end(): Promise<ChunkPlan> {
      if (current.length) cut();
      await write();
      return { planKey, total, chunks };
    },
  };
}

/**
 * Carried documents: chunks are cut in scan order and written while the scan goes on, so the
 * planner holds only a few chunks of documents (plus the set of _ids seen, against a document
 * the cursor returns twice). Within a chunk documents are in _id order.
 */
async function planCarried<T extends { _id: string }>(o: PlanOptions<T>, carry: NonNullable<PlanOptions<T>['carry']>, progress: { planning: string; seen: number }): Promise<ChunkPlan> {
  const seenIds = new Set<string>();
  const out = carriedChunkWriter(o.db, o.runKey, o.planKey, o.chunkSize);
  for await (const d of scan(o)) {
    progress.seen++;
    if ((o.keep && !o.keep(d as T)) || seenIds.has(d._id)) continue;
    seenIds.add(d._id);
    await out.add(carry(d as T));
  }
  return out.end();
}

/** Removes a run's chunk documents (idempotent). `sweep` also finds leftovers of earlier plan attempts. */
export async function removeChunks(db: Db, runKey: string, plan: Pick<ChunkPlan, 'planKey' | 'chunks'>, sweep: boolean): Promise<void> {
  const col = analytics(db).chunks;
  // By _id first (pushed down on FerretDB); the sweep by runKey reads the whole (by then small)
  // collection on FerretDB, so it runs only when an earlier plan attempt may have left chunks.
  for (let n = 0; n < plan.chunks; n += IDS_PER_QUERY) {
    const ids = Array.from({ length: Math.min(IDS_PER_QUERY, plan.chunks - n) }, (_, i) => chunkId(plan.planKey, n + i));
    await col.deleteMany({ _id: { $in: ids } });
  }
  if (sweep) await col.deleteMany({ runKey });
}

export interface ChunkRunOptions<T extends { _id: string }> {
  db: Db;
  job: string;
  /** Identifies this slice of this run; the checkpoint's _id. */
  runKey: string;
  collection: Collection<T>;
  /** The job's filter, applied again on fetch (a document that no longer matches is skipped). */
  filter?: Filter<T>;
  projection?: Document;
  slice: Slice;
  /**
   * Processes one chunk (documents in _id order); must be idempotent (a chunk cut short by a crash
   * is processed again). `parts`: partials the plan spilled for this chunk (0 when none).
   */
  processChunk(docs: T[], chunk: number, parts: number): Promise<number>;
}

async function fetchChunk<T extends { _id: string }>(o: ChunkRunOptions<T>, ids: string[]): Promise<T[]> {
  const docs: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const part = ids.slice(i, i + IDS_PER_QUERY);
    const q = { ...(o.filter ?? {}), _id: { $in: part } } as Filter<T>;
    docs.push(...((await o.collection.find(q, { projection: o.projection, batchSize: part.length + 1 }).toArray()) as T[]));
  }
  return docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

export async function runChunks<T extends { _id: string }>(o: ChunkRunOptions<T>): Promise<ChunkRunResult> {
  if (o.filter && '_id' in o.filter) throw new Error('a walk filter must not constrain _id (the walk sets it)');
  const a = analytics(o.db);
  const hb = heartbeatDetails();
  const cp = await a.runs.findOne({ _id: o.runKey });
  const fromHeartbeat = hb?.next ?? o.slice.from;
  const fromCheckpoint = cp?.next ?? o.slice.from;
  let next = Math.max(o.slice.from, fromHeartbeat, fromCheckpoint);
  const source: ChunkRunResult['source'] = next === o.slice.from ? 'start' : next === fromCheckpoint && next !== fromHeartbeat ? 'checkpoint' : 'heartbeat';
  const resumedFrom = next === o.slice.from ? null : next;
  // `chunks` is absent until a slice finishes its first chunk (FerretDB 1.24 drops the upsert's
  // `$setOnInsert: { chunks: [] }` beside the `$push`): a retry before then must not crash.
  let chunks = Math.max(hb?.chunks ?? 0, cp?.chunks?.length ?? 0);
  let processed = Math.max(hb?.processed ?? 0, cp?.processed ?? 0);
  if (cp?.done) return { next, chunks, processed, resumedFrom, source };
  const entry: RunDoc['resumes'][number] = { attempt: attempt(), from: resumedFrom, source };
  await a.runs.updateOne(
    { _id: o.runKey },
    { $setOnInsert: { job: o.job, chunks: [], processed: 0, done: false, next: o.slice.from }, $push: { resumes: entry }, $set: { updatedAt: new Date() } },
    { upsert: true },
  );
  heartbeat({ next, chunks, processed });

  await keepAlive(() => ({ next, chunks, processed }), async () => {
    for (; next < o.slice.to; ) {
      const n = next;
      const chunk = await a.chunks.findOne({ _id: chunkId(o.slice.planKey, n) });
      if (!chunk) throw new Error(`chunk ${chunkId(o.slice.planKey, n)} is missing (was the run cleaned up?)`);
      const docs = (chunk.docs as T[] | undefined) ?? (chunk.packed !== undefined ? JSON.parse(chunk.packed) as T[] : await fetchChunk(o, chunk.ids));
      const k = docs.length ? await o.processChunk(docs, n, chunk.parts ?? 0) : 0;
      next = n + 1;
      chunks += 1;
      processed += k;
      // The checkpoint: only after it is written does the chunk count as finished.
      await a.runs.updateOne({ _id: o.runKey }, { $set: { next, processed, updatedAt: new Date() }, $push: { chunks: n } });
      heartbeat({ next, chunks, processed });
    }
  });
  await a.runs.updateOne({ _id: o.runKey }, { $set: { done: true, updatedAt: new Date() } });
  return { next, chunks, processed, resumedFrom, source };
}
