// Bulk writes in small slices. FerretDB 1.x (SQLite) applies an update command statement by
// statement, and a single update command with a few hundred statements was seen to take minutes
// or never return; slices of a few dozen stay fast and behave the same on MongoDB.
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

export const BULK_SLICE = 25;

export async function bulkWriteSliced<T extends Document>(col: Collection<T>, ops: AnyBulkWriteOperation<T>[], slice = BULK_SLICE): Promise<void> {
  for (let i = 0; i < ops.length; i += slice) await col.bulkWrite(ops.slice(i, i + slice), { ordered: false });
}
