// Every module's index set-up, run by the worker and the API at start (idempotent).
import type { Db } from 'mongodb';
import { ensureIndexes } from './index';

export async function ensureAllIndexes(db: Db): Promise<void> {
  await ensureIndexes(db, []);
}
