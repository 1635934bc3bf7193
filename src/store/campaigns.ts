// Campaign documents. The API writes settings and status; the campaign workflow records the stream
// rules it owns. Status is read by ingest (a paused campaign starts no conversations).
import { randomBytes } from 'node:crypto';
import type { Db, Filter } from 'mongodb';
import { COLLECTIONS, createIndex, type IndexFn } from './index';
import type { CampaignInput, CampaignStatus, CampaignUpdate } from '../domain/campaign';

export interface CampaignDoc extends CampaignInput {
  _id: string;
  status: CampaignStatus;
  /** Stream rules this campaign owns at X (ids from X). */
  rules: { id: string; value: string }[];
  /**
   * Rule values this campaign may hold a reference on in `stream_rules` (written before the
   * references themselves, so a sync interrupted by a crash knows what to release).
   */
  ruleValues?: string[];
  /** When it was last paused (a resume backfills from here). */
  pausedAt?: Date;
  /** Incremented on every settings change; conversations record the version they started with. */
  settingsVersion: number;
  demo?: boolean;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  stoppedAt?: Date;
  createdBy?: string;
}

export const campaigns = (db: Db) => db.collection<CampaignDoc>(COLLECTIONS.campaigns);

export const newCampaignId = () => `cmp-${randomBytes(5).toString('hex')}`;

export async function ensureCampaignIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  await ix(campaigns(db), { status: 1 });
  await ix(campaigns(db), { createdAt: -1 });
}

export async function insertCampaign(db: Db, input: CampaignInput, extra: { id?: string; demo?: boolean; createdBy?: string } = {}): Promise<CampaignDoc> {
  const now = new Date();
  const doc: CampaignDoc = {
    ...input, _id: extra.id ?? newCampaignId(), status: 'draft', rules: [], settingsVersion: 1, createdAt: now, updatedAt: now,
    ...(extra.demo ? { demo: true } : {}), ...(extra.createdBy ? { createdBy: extra.createdBy } : {}),
  };
  await campaigns(db).insertOne(doc);
  return doc;
}

export const getCampaign = (db: Db, id: string) => campaigns(db).findOne({ _id: id });

export async function listCampaigns(db: Db, opts: { status?: CampaignStatus; limit: number; skip: number }): Promise<CampaignDoc[]> {
  const filter: Filter<CampaignDoc> = opts.status ? { status: opts.status } : {};
  return campaigns(db).find(filter).sort({ createdAt: -1 }).skip(opts.skip).limit(opts.limit).toArray();
}

export async function updateCampaignSettings(db: Db, id: string, update: CampaignUpdate): Promise<CampaignDoc | null> {
  return campaigns(db).findOneAndUpdate(
    { _id: id, status: { $nin: ['stopping', 'stopped'] } },
    { $set: { ...update, updatedAt: new Date() }, $inc: { settingsVersion: 1 } },
    { returnDocument: 'after' },
  );
}

/** Moves status only from one of the allowed states; null when the campaign is not in one. */
export async function transitionStatus(db: Db, id: string, from: CampaignStatus[], to: CampaignStatus, extra: Partial<CampaignDoc> = {}): Promise<CampaignDoc | null> {
  return campaigns(db).findOneAndUpdate(
    { _id: id, status: { $in: from } },
    { $set: { ...extra, status: to, updatedAt: new Date() } },
    { returnDocument: 'after' },
  );
}

export async function setCampaignRules(db: Db, id: string, rules: { id: string; value: string }[]): Promise<void> {
  await campaigns(db).updateOne({ _id: id }, { $set: { rules, updatedAt: new Date() } });
}
