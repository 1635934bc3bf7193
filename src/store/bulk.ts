// Bulk writes in slices, one command at a time, with a callback after each (heartbeats). The
// embedded FerretDB writes a whole update command in one transaction (scripts/ferretdb/), so
// larger commands are cheaper per write. (Stock FerretDB 1.24 hangs on update commands of ~100
// statements: it holds a pooled connection per statement until the command ends. Patched there.)
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

export const BULK_SLICE = 200;

/** One command at a time; `afterEach` runs after every command (e.g. an activity heartbeat). Returns how many matched. */
export async function bulkWriteSliced<T extends Document>(col: Collection<T>, ops: AnyBulkWriteOperation<T>[], slice = BULK_SLICE, afterEach?: () => void): Promise<number> {
  let matched = 0;
  for (let i = 0; i < ops.length; i += slice) {
    matched += (await col.bulkWrite(ops.slice(i, i + slice), { ordered: false })).matchedCount;
    afterEach?.();
  }
  return matched;
}
