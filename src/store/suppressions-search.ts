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

export type SuppressionEntry = SuppressionDoc & { handle?: string };

export interface SuppressionQuery {
  limit: number;
  after?: SuppressionCursor;
  /** One person, by X user id (exact). */
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
  return docs.map((d) => (handle.has(person(d)) ? { ...d, handle: handle.get(person(d)) } : d));
}

const cursorOf = (d: SuppressionDoc): SuppressionCursor => ({ at: d.at, id: d._id });

async function newestAfter(db: Db, after: SuppressionCursor | undefined, n: number, extra: Filter<SuppressionDoc> = {}): Promise<SuppressionDoc[]> {
  const filter = after && Object.keys(extra).length ? { $and: [afterFilter(after), extra] } : { ...afterFilter(after), ...extra };
  return outreachCollections(db).suppressions.find(filter as Filter<SuppressionDoc>).sort({ at: -1, _id: -1 }).limit(n).toArray();
}

export async function listSuppressions(db: Db, q: SuppressionQuery): Promise<SuppressionPage> {
  if (q.handle) return byHandle(db, q, q.handle);
  const extra: Filter<SuppressionDoc> = q.xUserId ? { $or: [{ _id: q.xUserId }, { xUserId: q.xUserId }] } : {};
  // One more than asked tells whether there is a next page.
  const docs = await newestAfter(db, q.after, q.limit + 1, extra);
  const page = docs.slice(0, q.limit);
  return { items: await withHandles(db, page), next: docs.length > q.limit ? cursorOf(page.at(-1)!) : undefined };
}

/**
 * Walks the list from the cursor in batches until `limit` matches or `scanBudget` entries were
 * read; `next` is the last entry read, so the following call goes on from there (a page may hold
 * fewer matches than `limit`, even none, and still have a `next`).
 */
async function byHandle(db: Db, q: SuppressionQuery, h: { text: string; exact: boolean }): Promise<SuppressionPage> {
  const want = h.text.toLowerCase();
  const matches = (handle: string | undefined) => !!handle && (h.exact ? handle.toLowerCase() === want : handle.toLowerCase().startsWith(want));
  const budget = q.scanBudget ?? HANDLE_SCAN_BUDGET;
  const items: SuppressionEntry[] = [];
  let at = q.after;
  let scanned = 0;
  while (scanned < budget) {
    const n = Math.min(SCAN_BATCH, budget - scanned);
    const batch = await withHandles(db, await newestAfter(db, at, n));
    for (const d of batch) {
      scanned++;
      at = cursorOf(d);
      if (matches(d.handle)) items.push(d);
      if (items.length === q.limit) return { items, next: at };
    }
    if (batch.length < n) return { items }; // the end of the list
  }
  return { items, next: at };
}
