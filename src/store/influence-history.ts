// Influence history: one compact snapshot per person per period (`<xUserId>:<period>`), written by
// the influence schedule's last step. A later run in the same period replaces the snapshot, so
// re-running a period is idempotent; periods beyond the retention are pruned.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
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

/** Upserts snapshots by their id (a re-run of a period replaces its snapshots). */
export async function writeSnapshots(db: Db, snaps: InfluenceSnapshot[]): Promise<void> {
  const ops: AnyBulkWriteOperation<InfluenceSnapshot>[] = snaps.map(({ _id, ...rest }) => ({ replaceOne: { filter: { _id }, replacement: rest, upsert: true } }));
  await bulkWriteSliced(influenceHistory(db), ops);
}

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
