// Walks a collection in _id order, one chunk at a time, so a batch job can stop anywhere and
// resume where it stopped. Progress is kept in two places:
// - the activity heartbeat ({ lastId, chunks, processed }), which Temporal hands back to the next
//   attempt and shows in the UI, and
// - a checkpoint document written after every finished chunk. Heartbeats are throttled, so the last
//   one may lag a chunk or two behind when a worker dies; the checkpoint never does.
// On retry the later of the two resume points wins, so a finished chunk is never processed again.
import { Context } from '@temporalio/activity';
import type { Collection, Db, Document, Filter } from 'mongodb';
import { analytics, type RunDoc } from '../store/analytics';

export interface Slice {
  /** Exclusive lower bound (null = from the start). */
  fromId: string | null;
  /** Inclusive upper bound (null = to the end). */
  toId: string | null;
}

export interface ChunkProgress { lastId: string | null; chunks: number; processed: number }

export interface ChunkRunResult extends ChunkProgress {
  resumedFrom: string | null;
  source: 'heartbeat' | 'checkpoint' | 'start';
}

export interface ChunkRunOptions<T extends { _id: string }> {
  db: Db;
  job: string;
  /** Identifies this slice of this run; the checkpoint's _id. */
  runKey: string;
  collection: Collection<T>;
  filter?: Filter<T>;
  projection?: Document;
  slice: Slice;
  chunkSize: number;
  /** Processes one chunk; must be idempotent (a chunk cut short by a crash is processed again). */
  processChunk(docs: T[]): Promise<number>;
}

/** The later of two _id resume points (Mongo's string order is bytewise, as is JS for ASCII ids). */
const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function heartbeatDetails(): ChunkProgress | undefined {
  try {
    const d = Context.current().info.heartbeatDetails as ChunkProgress | undefined;
    return d && typeof d === 'object' && 'lastId' in d ? d : undefined;
  } catch {
    return undefined; // called outside an activity (benchmarks, unit use)
  }
}

function heartbeat(p: ChunkProgress): void {
  try {
    const ctx = Context.current();
    ctx.heartbeat(p);
    if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
  } catch (err) {
    if ((err as Error).message?.includes('not in activity context')) return;
    if (err instanceof Error && /activity context/i.test(err.message)) return;
    throw err;
  }
}

function attempt(): number {
  try { return Context.current().info.attempt; } catch { return 1; }
}

export async function runChunked<T extends { _id: string }>(o: ChunkRunOptions<T>): Promise<ChunkRunResult> {
  const runs = analytics(o.db).runs;
  const hb = heartbeatDetails();
  const cp = await runs.findOne({ _id: o.runKey });
  const fromHeartbeat = hb?.lastId ?? null;
  const fromCheckpoint = cp?.lastId ?? null;
  let lastId = later(later(o.slice.fromId, fromHeartbeat), fromCheckpoint);
  const source: ChunkRunResult['source'] =
    lastId !== null && lastId === fromCheckpoint && lastId !== fromHeartbeat ? 'checkpoint'
      : lastId !== null && lastId === fromHeartbeat ? 'heartbeat' : 'start';
  const resumedFrom = lastId === o.slice.fromId ? null : lastId;
  let chunks = Math.max(hb?.chunks ?? 0, cp?.chunks.length ?? 0);
  let processed = Math.max(hb?.processed ?? 0, cp?.processed ?? 0);
  if (cp?.done) return { lastId, chunks, processed, resumedFrom, source };
  const entry: RunDoc['resumes'][number] = { attempt: attempt(), from: resumedFrom, source };
  await runs.updateOne(
    { _id: o.runKey },
    { $setOnInsert: { job: o.job, chunks: [], processed: 0, done: false, lastId: null }, $push: { resumes: entry }, $set: { updatedAt: new Date() } },
    { upsert: true },
  );
  heartbeat({ lastId, chunks, processed });

  // One bounded query per chunk (limit = chunk size, so the server closes the cursor at once).
  // A cursor held open across chunks would be simpler, but FerretDB's SQLite backend keeps a read
  // open for it, and the chunk's own writes then wait for it: a deadlock on any slice larger than
  // one batch. The cost on FerretDB is a scan per chunk (no range push-down); MongoDB uses _id.
  const query = (after: string | null) => {
    const range: Record<string, string> = {};
    if (after !== null) range.$gt = after;
    if (o.slice.toId !== null) range.$lte = o.slice.toId;
    return { ...(o.filter ?? {}), ...(Object.keys(range).length ? { _id: range } : {}) } as Filter<T>;
  };
  // Keep heartbeating while a slow store answers a query: a live worker must not look dead. The
  // details stay those of the last finished chunk.
  const alive = setInterval(() => heartbeat({ lastId, chunks, processed }), 5000);
  alive.unref();
  try {
    for (;;) {
      const docs = (await o.collection.find(query(lastId), { projection: o.projection, sort: { _id: 1 }, limit: o.chunkSize, batchSize: o.chunkSize }).toArray()) as T[];
      if (!docs.length) break;
      const n = await o.processChunk(docs);
      lastId = docs[docs.length - 1]!._id;
      chunks += 1;
      processed += n;
      await runs.updateOne({ _id: o.runKey }, { $set: { lastId, processed, updatedAt: new Date() }, $push: { chunks: docs[0]!._id } });
      heartbeat({ lastId, chunks, processed });
      if (docs.length < o.chunkSize) break;
    }
  } finally {
    clearInterval(alive);
  }
  await runs.updateOne({ _id: o.runKey }, { $set: { done: true, updatedAt: new Date() } });
  return { lastId, chunks, processed, resumedFrom, source };
}
