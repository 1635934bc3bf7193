// Small named documents in `meta`: the resume points of ingest and the DM poller.
import type { Db } from 'mongodb';
import { compareIds } from '../domain/ids';
import { COLLECTIONS } from './index';
import { retryUpsertRace } from './upsert-race';

export interface CursorDoc { _id: string; lastId?: string; at?: Date }

/** Ingest's resume point: the newest tweet id below which everything is stored. */
export const INGEST_CHECKPOINT = 'ingest-checkpoint';
/** The DM poller's resume point. */
export const DM_POLLER_CURSOR = 'dm-poller';

export const meta = (db: Db) => db.collection<CursorDoc>(COLLECTIONS.meta);

export const readCursor = (db: Db, id: string): Promise<CursorDoc | null> => meta(db).findOne({ _id: id });

/** Moves the cursor forward only, so a slow writer cannot rewind it. */
export async function advanceCursor(db: Db, id: string, lastId: string, at: Date): Promise<void> {
  const cur = await readCursor(db, id);
  if (cur?.lastId && compareIds(cur.lastId, lastId) >= 0) return;
  await retryUpsertRace(() => meta(db).updateOne({ _id: id }, { $set: { lastId, at } }, { upsert: true }));
}

/** Sets the cursor as it is (one writer, which already moves only forward). */
export async function setCursor(db: Db, id: string, lastId: string): Promise<void> {
  await retryUpsertRace(() => meta(db).updateOne({ _id: id }, { $set: { lastId } }, { upsert: true }));
}
