// Customer profiles, one per X user (_id = user id). Written by ingest with optimistic concurrency
// on `rev`, so a backfill and the live stream touching the same person never lose an update.
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Db } from 'mongodb';
import { COLLECTIONS } from './index';
import { bulkWriteSliced } from './bulk';
import type { ProfileDoc } from '../domain/campaign';

export const profiles = (db: Db) => db.collection<ProfileDoc>(COLLECTIONS.profiles);

export async function ensureProfileIndexes(db: Db): Promise<void> {
  await profiles(db).createIndex({ campaignIds: 1 });
  await profiles(db).createIndex({ lastSeen: -1 });
}

export async function loadProfiles(db: Db, ids: string[]): Promise<Map<string, ProfileDoc>> {
  const out = new Map<string, ProfileDoc>();
  if (!ids.length) return out;
  for (const p of await profiles(db).find({ _id: { $in: ids } }).toArray()) out.set(p._id, p);
  return out;
}

/** What ingest computed: the new document and the revision it was computed from (0 = new). */
export interface ProfileWrite { next: ProfileDoc; fromRev: number }

/**
 * Conditional writes: each profile is replaced only if it still has the revision it was computed
 * from. Returns the ids whose write lost a race (someone else changed the profile since it was
 * read), for the caller to re-read and re-apply. Verdict marks are part of the document; every
 * other writer (outreach marks, polarity refresh) bumps `rev`, so nothing of theirs is overwritten.
 */
export async function writeProfiles(db: Db, writes: ProfileWrite[], concurrency = 8): Promise<string[]> {
  const lost: string[] = [];
  const inserts = writes.filter((w) => w.fromRev === 0).map((w) => ({ ...w.next, rev: 1 }));
  if (inserts.length) {
    try {
      await profiles(db).insertMany(inserts, { ordered: false });
    } catch (e) {
      if (!(e instanceof MongoBulkWriteError)) throw e;
      for (const we of Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors]) {
        if (we.code !== 11000) throw e;
        lost.push(inserts[we.index]!._id); // created meanwhile by another batch
      }
    }
  }
  // One statement per person, a few in flight: each answer says whether that write won.
  const updates = writes.filter((w) => w.fromRev > 0);
  let next = 0;
  const worker = async () => {
    while (next < updates.length) {
      const { next: doc, fromRev } = updates[next++]!;
      const r = await profiles(db).replaceOne({ _id: doc._id, rev: fromRev }, { ...doc, rev: fromRev + 1 });
      if (r.matchedCount === 0) lost.push(doc._id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, updates.length) }, worker));
  return lost;
}

export interface ProfileMark { id: string; campaignId: string; qualifiedAt?: Date; reasons?: string[]; outreachStartedAt?: Date }

/** Records qualifications and outreach starts per campaign; bumps rev so stale writers retry. */
export async function markProfiles(db: Db, marks: ProfileMark[]): Promise<void> {
  const ops: AnyBulkWriteOperation<ProfileDoc>[] = [];
  for (const m of marks) {
    const set: Record<string, unknown> = {};
    if (m.qualifiedAt) set[`campaigns.${m.campaignId}.qualifiedAt`] = m.qualifiedAt;
    if (m.reasons) set[`campaigns.${m.campaignId}.lastReasons`] = m.reasons;
    if (m.outreachStartedAt) {
      set[`campaigns.${m.campaignId}.outreachStartedAt`] = m.outreachStartedAt;
      set.lastContactAt = m.outreachStartedAt;
    }
    if (Object.keys(set).length) ops.push({ updateOne: { filter: { _id: m.id }, update: { $set: set, $inc: { rev: 1 } } } });
  }
  await bulkWriteSliced(profiles(db), ops);
}
