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
 * Conditional writes; returns the ids whose write lost a race (someone else changed the profile
 * since it was read), for the caller to re-read and re-apply.
 */
export async function writeProfiles(db: Db, writes: ProfileWrite[]): Promise<string[]> {
  if (!writes.length) return [];
  const ops: AnyBulkWriteOperation<ProfileDoc>[] = writes.map(({ next, fromRev }) => {
    const doc = { ...next, rev: fromRev + 1 };
    if (fromRev === 0) return { insertOne: { document: doc } };
    const { _id, lastContactAt: _l, ...set } = doc;
    // lastContactAt and campaign marks are written by markProfile; never overwrite them from a read.
    const fields: Record<string, unknown> = { ...set };
    delete fields.campaigns;
    for (const [c, p] of Object.entries(next.campaigns)) {
      fields[`campaigns.${c}.tweets`] = p.tweets;
      fields[`campaigns.${c}.firstSeen`] = p.firstSeen;
      fields[`campaigns.${c}.lastSeen`] = p.lastSeen;
    }
    return { updateOne: { filter: { _id, rev: fromRev }, update: { $set: fields } } };
  });
  try {
    // New profiles in one insert; updates in slices (see bulk.ts).
    const inserts = ops.flatMap((o) => ('insertOne' in o ? [o.insertOne.document] : []));
    const updates = ops.filter((o) => !('insertOne' in o));
    if (inserts.length) await profiles(db).insertMany(inserts as ProfileDoc[], { ordered: false }).catch((e: unknown) => { if (!(e instanceof MongoBulkWriteError)) throw e; });
    await bulkWriteSliced(profiles(db), updates);
  } catch (e) {
    if (!(e instanceof MongoBulkWriteError)) throw e; // duplicate inserts are races, found below
  }
  const after = await profiles(db).find({ _id: { $in: writes.map((w) => w.next._id) } }, { projection: { rev: 1, recentTweetIds: 1 } }).toArray();
  const byId = new Map(after.map((p) => [p._id, p]));
  return writes.filter(({ next }) => {
    const got = byId.get(next._id);
    const last = next.recentTweetIds[next.recentTweetIds.length - 1];
    return !got || (last !== undefined && !got.recentTweetIds.includes(last));
  }).map((w) => w.next._id);
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
