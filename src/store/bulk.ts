// Bulk writes in small slices. FerretDB 1.x (SQLite) applies an update command statement by
// statement, and a single update command with a few hundred statements was seen to take minutes
// or never return; slices of a few dozen stay fast and behave the same on MongoDB.
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

export const BULK_SLICE = 25;

/** One command at a time; `afterEach` runs after every command (e.g. an activity heartbeat). Returns how many matched. */
export async function bulkWriteSliced<T extends Document>(col: Collection<T>, ops: AnyBulkWriteOperation<T>[], slice = BULK_SLICE, afterEach?: () => void): Promise<number> {
  let matched = 0;
  for (let i = 0; i < ops.length; i += slice) {
    matched += (await col.bulkWrite(ops.slice(i, i + slice), { ordered: false })).matchedCount;
    afterEach?.();
  }
  return matched;
}
