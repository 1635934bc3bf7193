// Customer profiles, one per X user (_id = user id). Written by ingest with optimistic concurrency
// on `rev`, so a backfill and the live stream touching the same person never lose an update.
import { randomBytes } from 'node:crypto';
import { MongoBulkWriteError, type Db } from 'mongodb';
import { COLLECTIONS, createIndex, type IndexFn } from './index';
import type { ProfileDoc } from '../domain/campaign';

export const profiles = (db: Db) => db.collection<ProfileDoc>(COLLECTIONS.profiles);

export async function ensureProfileIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  await ix(profiles(db), { campaignIds: 1 });
  await ix(profiles(db), { lastSeen: -1 });
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
 * How many conditional replaces go in one command, one command at a time: a few dozen per command
 * cost ~40 % less per write than single-statement commands on FerretDB, and a short command keeps
 * tweets waiting for their profile only briefly. (Stock FerretDB 1.24 hung with ~100 statements in
 * flight; the embedded build has that fixed, see scripts/ferretdb/README.md.)
 */
export const PROFILE_WRITE_SLICE = 30;

/**
 * Conditional writes: each profile is replaced only if it still has the revision it was computed
 * from. Returns the ids whose write lost a race (someone else changed the profile since it was
 * read), for the caller to re-read and re-apply. Verdict marks are part of the document; every
 * other writer (outreach marks, polarity refresh) bumps `rev`, so nothing of theirs is overwritten.
 */
export async function writeProfiles(db: Db, writes: ProfileWrite[], slice = PROFILE_WRITE_SLICE): Promise<string[]> {
  const lost: string[] = [];
  // Each document written here carries this call's token: a command reports only how many of its
  // statements matched, and the token tells which ones did (a rev alone could be another writer's).
  const token = randomBytes(6).toString('base64url');
  const inserts = writes.filter((w) => w.fromRev === 0).map((w) => ({ ...w.next, rev: 1, wt: token }));
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
  const updates = writes.filter((w) => w.fromRev > 0);
  for (let i = 0; i < updates.length; i += slice) {
    const part = updates.slice(i, i + slice);
    const r = await profiles(db).bulkWrite(part.map(({ next, fromRev }) => ({
      replaceOne: { filter: { _id: next._id, rev: fromRev }, replacement: { ...next, rev: fromRev + 1, wt: token } },
    })), { ordered: false });
    if (r.matchedCount === part.length) continue;
    const now = await profiles(db).find({ _id: { $in: part.map((w) => w.next._id) } }, { projection: { rev: 1, wt: 1 } }).toArray();
    const won = new Set(now.filter((d) => d.wt === token).map((d) => d._id));
    for (const w of part) if (!won.has(w.next._id)) lost.push(w.next._id);
  }
  return lost;
}

/** An outreach outcome to record on a profile (src/domain/campaign markOutreach). */
export interface ProfileMark { id: string; campaignId: string; qualifiedAt?: Date; reasons?: string[]; outreachStartedAt?: Date }
