// Influence history: one compact snapshot per person per period (`<xUserId>:<period>`), written by
// the influence schedule's last step. A later run in the same period replaces the snapshot, so
// re-running a period is idempotent; periods beyond the retention are pruned.
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Db } from 'mongodb';
import { bulkWriteSliced } from './bulk';

export const INFLUENCE_HISTORY = 'influence_history';
/** One document per stored period: when its snapshots were last written (a small index of periods). */
export const INFLUENCE_HISTORY_PERIODS = 'influence_history_periods';

export interface HistoryPeriodDoc { _id: string; periodStart: Date; takenAt: Date; people: number }

export interface InfluenceSnapshot {
  /** `<xUserId>:<period>` */
  _id: string;
  userId: string;
  /** The period's key: the UTC date it starts on (YYYY-MM-DD). */
  period: string;
  periodStart: Date;
  username: string | null;
  score: number;
  /** The score's parts (the influence breakdown). */
  reach: number;
  resonance: number;
  relevance: number;
  depth: number;
  /** Its inputs as stored by the influence job. */
  followers: number;
  tweets: number;
  retweets: number;
  takenAt: Date;
}

export const influenceHistory = (db: Db) => db.collection<InfluenceSnapshot>(INFLUENCE_HISTORY);

/** The rising-influencer list computed after the last history write (the API reads it, not the history). */
export const INFLUENCE_RISING = 'influence_rising';
export interface RisingDoc<I> { _id: 'latest'; period: string | null; items: I[]; computedAt: Date }
export const risingDocs = <I>(db: Db) => db.collection<RisingDoc<I>>(INFLUENCE_RISING);

export const historyPeriodDocs = (db: Db) => db.collection<HistoryPeriodDoc>(INFLUENCE_HISTORY_PERIODS);

export const snapshotId = (userId: string, period: string) => `${userId}:${period}`;

/**
 * Writes snapshots by their id (a re-run of a period replaces its snapshots). Ids not stored yet
 * (a period's first write: all of them) are inserted, the rest replaced: on FerretDB an upsert
 * cost ~3x an insert, and the check reads only ids that exist ({_id: {$in}}, its index).
 */
export async function writeSnapshots(db: Db, snaps: InfluenceSnapshot[]): Promise<void> {
  const col = influenceHistory(db);
  const replace = (list: InfluenceSnapshot[]) => bulkWriteSliced(col, list.map(({ _id, ...rest }): AnyBulkWriteOperation<InfluenceSnapshot> => ({ replaceOne: { filter: { _id }, replacement: rest, upsert: true } })));
  for (let i = 0; i < snaps.length; i += SNAPSHOTS_PER_QUERY) {
    const part = snaps.slice(i, i + SNAPSHOTS_PER_QUERY);
    const stored = new Set((await col.find({ _id: { $in: part.map((d) => d._id) } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    const fresh = part.filter((d) => !stored.has(d._id));
    let raced: InfluenceSnapshot[] = [];
    if (fresh.length) {
      try {
        await col.insertMany(fresh, { ordered: false });
      } catch (err) {
        // Another writer inserted some of them in between: those are replaced like stored ones.
        const dups = err instanceof MongoBulkWriteError && Array.isArray(err.writeErrors) && err.writeErrors.length > 0 && err.writeErrors.every((e) => e.code === 11000);
        if (!dups) throw err;
        const failed = new Set([err.writeErrors].flat().map((e) => e.index));
        raced = fresh.filter((_, k) => failed.has(k));
      }
    }
    await replace([...part.filter((d) => stored.has(d._id)), ...raced]);
  }
}

/** Snapshot ids per existence check (FerretDB pushes `$in` over up to 1,000 _ids down to its index). */
const SNAPSHOTS_PER_QUERY = 1000;

/** Removes periods that started before `cutoff`; returns how many snapshots went. */
export async function pruneHistory(db: Db, cutoff: Date): Promise<number> {
  const n = (await influenceHistory(db).deleteMany({ periodStart: { $lt: cutoff } })).deletedCount;
  await historyPeriodDocs(db).deleteMany({ periodStart: { $lt: cutoff } });
  return n;
}

/** Records that a period's snapshots were (re)written. Written after them: a crash in between rewrites. */
export async function markPeriod(db: Db, doc: HistoryPeriodDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await historyPeriodDocs(db).replaceOne({ _id }, rest, { upsert: true });
}

export async function periodDoc(db: Db, period: string): Promise<HistoryPeriodDoc | null> {
  return historyPeriodDocs(db).findOne({ _id: period });
}

/** Stored period keys, oldest first. */
export async function historyPeriods(db: Db): Promise<string[]> {
  return (await historyPeriodDocs(db).find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id).sort();
}

/** Every snapshot of the given periods, oldest period first. */
export async function snapshotsOf(db: Db, periods: string[]): Promise<InfluenceSnapshot[]> {
  if (!periods.length) return [];
  const docs = await influenceHistory(db).find({ period: { $in: periods } }).toArray();
  return docs.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.userId < b.userId ? -1 : 1));
}
