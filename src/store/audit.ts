// The audit trail: who did what, when, with what outcome — every state-changing API call and
// every DM sent or received. Append-only; pruned by age (CHIRPFLOW_AUDIT_RETENTION_DAYS).
import { ObjectId, type Db, type Filter } from 'mongodb';
import { COLLECTIONS } from './index';

export interface AuditEntry {
  _id?: ObjectId;
  at: Date;
  /** Key identity (name#id), "bot" for the conversation workflows, "x" for incoming DMs. */
  who: string;
  /** What happened: "POST /campaigns/:id/start", "dm.sent", "dm.received", "api-key.revoke"... */
  action: string;
  outcome?: string;
  [detail: string]: unknown;
}

export const auditCollection = (db: Db) => db.collection<AuditEntry>(COLLECTIONS.audit);

export type AuditInput = { who: string; action: string; outcome?: string; at?: Date } & Record<string, unknown>;

export async function recordAudit(db: Db, e: AuditInput): Promise<void> {
  await auditCollection(db).insertOne({ ...e, at: e.at ?? new Date() } as AuditEntry);
}

export interface AuditQuery { who?: string; action?: string; since?: Date; until?: Date; before?: string; limit: number }

/** Newest first, paged by _id (ObjectIds grow with time): `before` is the last id of the previous page. */
export async function listAudit(db: Db, q: AuditQuery): Promise<{ items: AuditEntry[]; next?: string }> {
  const f: Filter<AuditEntry> = {};
  if (q.who) f.who = q.who;
  if (q.action) f.action = q.action;
  if (q.since || q.until) f.at = { ...(q.since ? { $gte: q.since } : {}), ...(q.until ? { $lt: q.until } : {}) };
  if (q.before) f._id = { $lt: new ObjectId(q.before) };
  const items = await auditCollection(db).find(f).sort({ _id: -1 }).limit(q.limit + 1).toArray();
  const more = items.length > q.limit;
  if (more) items.pop();
  return { items, ...(more ? { next: String(items[items.length - 1]!._id) } : {}) };
}

/** Removes entries older than the retention; returns how many went. */
export async function pruneAudit(db: Db, retentionDays: number, now = Date.now()): Promise<number> {
  const r = await auditCollection(db).deleteMany({ at: { $lt: new Date(now - retentionDays * 86_400_000) } });
  return r.deletedCount;
}
