// Reading the suppression list a page at a time, newest first, for the operators' page: by
// position (a cursor on `at`, then `_id`, never skip/offset, so entries added meanwhile neither shift
// a page nor repeat), one person by id, or people by handle. Handles live on profiles (the list
// stores ids), so a handle search walks the list newest first and looks each page's people up by
// `_id`, bounded per call: the list is the small side of the join, and FerretDB 1.x reads a whole
// collection for any query not on `_id`, so scanning profiles by name would cost far more.
import type { Db, Filter } from 'mongodb';
import { COLLECTIONS, createIndex, type IndexFn } from './index';
import { outreachCollections, type SuppressionDoc } from './conversations';
import { profiles } from './profiles';

/** A position in the list: the last entry a page returned. */
export interface SuppressionCursor { at: Date; id: string }

export type SuppressionEntry = SuppressionDoc;

export interface SuppressionQuery {
  limit: number;
  after?: SuppressionCursor;
  /** One person, by X user id (exact): one page, no `next`. */
  xUserId?: string;
  /** By handle, case-insensitive, without '@': the whole handle (`exact`) or its beginning. */
  handle?: { text: string; exact: boolean };
  /** How many entries a handle search reads before it returns what it found (with `next`). */
  scanBudget?: number;
}

export interface SuppressionPage { items: SuppressionEntry[]; next?: SuppressionCursor }

const SCAN_BATCH = 500;
export const HANDLE_SCAN_BUDGET = 5_000;

export async function ensureSuppressionIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  await ix(db.collection(COLLECTIONS.suppressions), { at: -1, _id: -1 });
}

const person = (d: SuppressionDoc) => d.xUserId ?? d._id;

/** Entries strictly after the cursor in newest-first order (ties on `at` broken by `_id`). */
function afterFilter(c: SuppressionCursor | undefined): Filter<SuppressionDoc> {
  return c ? { $or: [{ at: { $lt: c.at } }, { at: c.at, _id: { $lt: c.id } }] } : {};
}

async function withHandles(db: Db, docs: SuppressionDoc[]): Promise<SuppressionEntry[]> {
  if (!docs.length) return [];
  const ids = [...new Set(docs.map(person))];
  const found = await profiles(db).find({ _id: { $in: ids } }, { projection: { username: 1 } }).toArray();
  const handle = new Map(found.filter((p) => p.username).map((p) => [p._id, p.username!]));
  // The profile's handle is the current one; the handle kept on the entry is the one it was written with.
  return docs.map((d) => (handle.has(person(d)) ? { ...d, handle: handle.get(person(d)) } : d));
}

const cursorOf = (d: SuppressionDoc): SuppressionCursor => ({ at: d.at, id: d._id });

async function newestAfter(db: Db, after: SuppressionCursor | undefined, n: number): Promise<SuppressionDoc[]> {
  return outreachCollections(db).suppressions.find(afterFilter(after)).sort({ at: -1, _id: -1 }).limit(n).toArray();
}

/**
 * One person: their entry by `_id`; only when there is none, the entries kept under another key
 * that name them (suppressedAmong's other shape). Both are index lookups, also on FerretDB.
 */
async function byId(db: Db, xUserId: string): Promise<SuppressionDoc[]> {
  const col = outreachCollections(db).suppressions;
  const own = await col.findOne({ _id: xUserId });
  return own ? [own] : col.find({ xUserId }).sort({ at: -1, _id: -1 }).limit(10).toArray();
}

export async function listSuppressions(db: Db, q: SuppressionQuery): Promise<SuppressionPage> {
  if (q.handle) return byHandle(db, q, q.handle);
  if (q.xUserId) return { items: await withHandles(db, await byId(db, q.xUserId)) };
  // One more than asked tells whether there is a next page.
  const docs = await newestAfter(db, q.after, q.limit + 1);
  const page = docs.slice(0, q.limit);
  return { items: await withHandles(db, page), next: docs.length > q.limit ? cursorOf(page.at(-1)!) : undefined };
}

/**
 * Reads the list from the cursor, newest first, in one query (one scan where FerretDB scans), until
 * `limit` matches or `scanBudget` entries were read, looking handles up a batch at a time; `next`
 * is the last entry read, so the following call goes on from there (a page may hold fewer matches
 * than `limit`, even none, and still have a `next`).
 */
async function byHandle(db: Db, q: SuppressionQuery, h: { text: string; exact: boolean }): Promise<SuppressionPage> {
  const want = h.text.toLowerCase();
  const matches = (handle: string | undefined) => !!handle && (h.exact ? handle.toLowerCase() === want : handle.toLowerCase().startsWith(want));
  const budget = q.scanBudget ?? HANDLE_SCAN_BUDGET;
  const cursor = outreachCollections(db).suppressions.find(afterFilter(q.after))
    .sort({ at: -1, _id: -1 }).limit(budget).batchSize(SCAN_BATCH);
  const items: SuppressionEntry[] = [];
  let at = q.after;
  let read = 0;
  try {
    let batch: SuppressionDoc[] = [];
    const look = async (): Promise<boolean> => { // true once the page is full
      for (const d of await withHandles(db, batch)) {
        at = cursorOf(d);
        if (matches(d.handle)) items.push(d);
        if (items.length === q.limit) return true;
      }
      batch = [];
      return false;
    };
    for await (const d of cursor) {
      read++;
      batch.push(d);
      if (batch.length === SCAN_BATCH && await look()) return { items, next: at };
    }
    if (await look()) return { items, next: at };
  } finally {
    await cursor.close();
  }
  return read < budget ? { items } : { items, next: at }; // fewer than the budget: the end of the list
}
