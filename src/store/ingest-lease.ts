// Which attempt of the ingest activity holds X's one stream. Temporal starts a new attempt only
// once the last one missed its heartbeat timeout; a dead worker's attempt is gone by then, but a
// worker cut off from Temporal (not from MongoDB) keeps streaming. The newest attempt takes the
// lease; an older one sees that at its next check and stops, so one worker ingests at a time.
import type { Db } from 'mongodb';
import { COLLECTIONS } from './index';
import { retryUpsertRace } from './upsert-race';

interface LeaseDoc { _id: string; owner: string; at: Date }

const leases = (db: Db) => db.collection<LeaseDoc>(COLLECTIONS.meta);
const leaseId = (key: string) => `ingest-lease:${key}`;

/** Takes the lease for `key` (the ingest workflow), whoever held it: Temporal started this attempt. */
export async function takeIngestLease(db: Db, key: string, owner: string): Promise<void> {
  await retryUpsertRace(() => leases(db).updateOne({ _id: leaseId(key) }, { $set: { owner, at: new Date() } }, { upsert: true }));
}

/** False once another attempt has taken the lease (a lease nobody took yet counts as held). */
export async function holdsIngestLease(db: Db, key: string, owner: string): Promise<boolean> {
  const doc = await leases(db).findOne({ _id: leaseId(key) });
  return !doc || doc.owner === owner;
}
