// Outreach data in MongoDB: conversations (with their transcript), escalations, the global
// suppression list, the DM idempotency ledger (sent_messages), the inbox for DMs from people we
// are not talking to, and the sender-side DM counters. Typed accessors; every write idempotent.
import type { Db } from 'mongodb';
import { COLLECTIONS, createIndex, type IndexFn } from './index';
import type { ReplyLang } from '../domain/conversation/classify';
import { retryUpsertRace } from './upsert-race';

export const DM_COUNTERS = 'dm_counters';
export const SENT_DM_CLAIMS = 'sent_dm_claims';
/** Transcript entries moved out of their conversation document (one document per entry). */
export const TRANSCRIPTS_ARCHIVE = 'transcripts_archive';
/** Entries a conversation document keeps; older ones move to the archive. */
export const TRANSCRIPT_KEEP = 100;
/** Appends allowed past TRANSCRIPT_KEEP before a trim, so trimming is not paid on every message. */
const TRANSCRIPT_SLACK = 20;

export interface TranscriptEntry {
  /** DM event id for messages from the person, idempotency key for ours. */
  id: string;
  at: Date;
  from: 'person' | 'bot' | 'agent';
  text: string;
  agent?: string;
  /** Ours only: the send's outcome could not be established (see the send protocol). */
  outcome?: 'unknown';
  /** For bot messages: which template (and A/B variant) went out. */
  template?: string;
  variant?: number;
  dmEventId?: string;
  intent?: string;
  /** For messages from the person: the language they wrote in, when known. */
  lang?: string;
}

/** A STOP the DM router recorded before signalling the conversation (so held sends can see it). */
export interface StopRequest { messageId: string; text: string; at: string; lang?: ReplyLang | null }

export interface ArchivedTranscriptEntry extends TranscriptEntry { _id: string; conversationId: string }

export interface ConversationDoc {
  _id: string;
  workflowId: string;
  campaignId: string;
  xUserId: string;
  username?: string;
  name?: string;
  policy: string;
  stage: string;
  helpCount: number;
  remindersSent: number;
  tweet?: { id: string; text: string };
  escalationId?: string;
  endReason?: string;
  /** The last TRANSCRIPT_KEEP (+ a little) entries; older ones are in transcripts_archive. */
  transcript: TranscriptEntry[];
  /** How many older entries were moved to transcripts_archive. */
  transcriptArchived?: number;
  stopRequestedAt?: Date;
  stopRequest?: StopRequest;
  createdAt: Date;
  updatedAt: Date;
}

export type EscalationStatus = 'open' | 'claimed' | 'resolved';

export interface EscalationDoc {
  _id: string;
  conversationId: string;
  workflowId: string;
  /**
   * The conversation this escalation belongs to: `<workflowId>:<first run id>` (absent on
   * escalations opened before it was recorded). Agent actions check that the running
   * `outreach-<xUserId>` execution is still this conversation.
   */
  conversationKey?: string;
  firstRunId?: string;
  campaignId: string;
  xUserId: string;
  username?: string;
  priority: 'high' | 'low';
  reason: string;
  status: EscalationStatus;
  claimedBy?: string;
  outcome?: string;
  /** What the agent wrote when resolving (POST /escalations/:id/resolve `note`). */
  resolutionNote?: string;
  thread: { id: string; at: Date; from: 'person' | 'agent' | 'system'; text: string; agent?: string }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SuppressionDoc {
  _id: string; // xUserId
  /** The person, when the document is keyed otherwise (see suppressedAmong). */
  xUserId?: string;
  reason: string;
  source: string;
  by?: string;
  campaignId?: string;
  /** The public tweet in which the person asked not to be contacted (source 'public-tweet'). */
  tweetId?: string;
  /** The person's handle when the writer knew it (a public opt-out's author): found by handle search without a profile. */
  handle?: string;
  /** Set with the suppression and cleared once its audit line is written: a crash in between leaves it set, so the redelivered tweet writes the line. */
  auditPending?: boolean;
  at: Date;
}

export interface SentMessageDoc {
  _id: string; // idempotency key: conversation + step
  /** 'unknown': a request may have reached X and no lookup could tell; never sent again. */
  state: 'sending' | 'sent' | 'unknown';
  xUserId: string;
  text: string;
  workflowId: string;
  conversationId?: string;
  startedAt: Date;
  sentAt?: Date;
  dmEventId?: string;
  dmConversationId?: string;
  /** How the 'sent' state was established: by our own send, or found among X's DM events after a crash. */
  via?: 'send' | 'recovered';
  /** POST requests started for this key (send protocol, src/outreach/send.ts). */
  attempts?: number;
  /** Of those, how many may have reached X (started and not refused by X with a 4xx/429). */
  maybeDelivered?: number;
  /** Epoch ms: the first attempt's start (the lookup's time bound) and the last attempt's. */
  firstAttemptAt?: number;
  attemptStartedAt?: number;
  /** Epoch ms after which the last attempt's request can no longer be in flight at X. */
  inFlightUntil?: number;
  lookupFailures?: number;
  unknownReason?: string;
  unknownAt?: Date;
}

/** A DM event id owned by one ledger key: a recovery lookup never claims another key's DM. */
export interface SentDmClaimDoc { _id: string; key: string; at: Date }

export interface InboxDoc {
  _id: string; // DM event id
  senderId: string;
  text: string;
  dmConversationId?: string;
  createdAt: Date;
  receivedAt: Date;
  via: string;
}

/**
 * The DM limiter (src/outreach/limiter.ts): ticket `<window>#<n>` with its send time `t`, or the
 * window's head hint `<window>` with the newest ticket number `n`. Read by _id only. Documents of
 * the fixed-window limiter of earlier releases (`window`, `expiresAt`) are ignored.
 */
export interface CounterDoc { _id: string; t?: number; n?: number; window?: string; expiresAt?: Date }

export function outreachCollections(db: Db) {
  return {
    conversations: db.collection<ConversationDoc>(COLLECTIONS.conversations),
    escalations: db.collection<EscalationDoc>(COLLECTIONS.escalations),
    suppressions: db.collection<SuppressionDoc>(COLLECTIONS.suppressions),
    sentMessages: db.collection<SentMessageDoc>(COLLECTIONS.sentMessages),
    inbox: db.collection<InboxDoc>(COLLECTIONS.inbox),
    counters: db.collection<CounterDoc>(DM_COUNTERS),
    sentDmClaims: db.collection<SentDmClaimDoc>(SENT_DM_CLAIMS),
    transcriptsArchive: db.collection<ArchivedTranscriptEntry>(TRANSCRIPTS_ARCHIVE),
  };
}
export type OutreachCollections = ReturnType<typeof outreachCollections>;

export async function ensureOutreachIndexes(db: Db, ix: IndexFn = createIndex): Promise<void> {
  const c = outreachCollections(db);
  await ix(c.conversations, { campaignId: 1, stage: 1, updatedAt: -1 });
  await ix(c.conversations, { stage: 1, updatedAt: -1 });
  await ix(c.conversations, { xUserId: 1 });
  await ix(c.escalations, { status: 1, priority: 1, createdAt: 1 });
  await ix(c.escalations, { campaignId: 1, status: 1 });
  await ix(c.inbox, { senderId: 1, createdAt: -1 });
  await ix(c.sentMessages, { state: 1 });
  await ix(c.transcriptsArchive, { conversationId: 1, at: 1 });
  // suppressedAmong's second shape: a lookup, also on the embedded FerretDB (see IndexOptions).
  await ix(c.suppressions, { xUserId: 1 }, { lookup: true });
}

/** Drops undefined fields, which the driver would otherwise store as null. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---- suppressions ----

/** Ids per lookup: the embedded FerretDB pushes `$in` lists of up to 1,000 down to an index. */
const LOOKUP_CHUNK = 1000;

/**
 * The one definition of "suppressed": a suppression document keyed by the person's id, or one that
 * names them in `xUserId` (the shape ingest has always honoured; written by hand or by an import,
 * it is honoured the moment it exists). Ingest's qualification and the send activity's last check
 * both ask this, so they can never disagree. Two lookups, each on an index (`_id`, and `xUserId`
 * from ensureOutreachIndexes): an `$or` of both read the whole collection on FerretDB 1.x.
 */
export async function suppressedAmong(db: Db, ids: string[]): Promise<Set<string>> {
  const asked = new Set(ids);
  const all = [...asked];
  const col = outreachCollections(db).suppressions;
  const found = new Set<string>();
  for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
    const part = all.slice(i, i + LOOKUP_CHUNK);
    const [own, named] = await Promise.all([
      col.find({ _id: { $in: part } }, { projection: { _id: 1 } }).toArray(),
      col.find({ xUserId: { $in: part } }, { projection: { xUserId: 1 } }).toArray(),
    ]);
    for (const x of [...own.map((d) => d._id), ...named.map((d) => d.xUserId)]) {
      if (typeof x === 'string' && asked.has(x)) found.add(x);
    }
  }
  return found;
}

/** The suppressions still waiting for their audit line, among these people (see SuppressionDoc.auditPending). */
export async function auditPendingAmong(db: Db, ids: string[]): Promise<Map<string, SuppressionDoc>> {
  if (!ids.length) return new Map();
  const docs = await outreachCollections(db).suppressions.find({ _id: { $in: ids }, auditPending: true }).toArray();
  return new Map(docs.map((d) => [d._id, d]));
}

export async function clearAuditPending(db: Db, xUserId: string): Promise<void> {
  await outreachCollections(db).suppressions.updateOne({ _id: xUserId }, { $unset: { auditPending: '' } });
}

export async function isSuppressed(db: Db, xUserId: string): Promise<boolean> {
  return (await suppressedAmong(db, [xUserId])).has(xUserId);
}

/** Adds a person to the global list; the first reason recorded wins (retries change nothing). */
export async function addSuppression(db: Db, s: Omit<SuppressionDoc, 'at'> & { at?: Date }): Promise<boolean> {
  const { _id, ...rest } = s;
  const r = await retryUpsertRace(() => outreachCollections(db).suppressions.updateOne(
    { _id }, { $setOnInsert: { ...rest, at: s.at ?? new Date() } }, { upsert: true },
  ));
  return r.upsertedCount > 0;
}

/** Lifts a person: every document that names them (suppressedAmong's two shapes, one indexed delete each). */
export async function removeSuppression(db: Db, xUserId: string): Promise<boolean> {
  const col = outreachCollections(db).suppressions;
  const named = await col.deleteMany({ xUserId });
  const own = await col.deleteMany({ _id: xUserId });
  return named.deletedCount + own.deletedCount > 0;
}

/** Keeps the agent's note on the resolution of an escalation (first one wins: retries change nothing). */
export async function recordResolutionNote(db: Db, escalationId: string, note: string): Promise<void> {
  await outreachCollections(db).escalations.updateOne({ _id: escalationId, resolutionNote: { $exists: false } }, { $set: { resolutionNote: note } });
}

// ---- conversations ----

export type ConversationPatch = Partial<Omit<ConversationDoc, '_id' | 'transcript' | 'transcriptArchived' | 'createdAt' | 'updatedAt'>>;

export async function upsertConversation(db: Db, id: string, init: Omit<ConversationDoc, '_id' | 'transcript' | 'createdAt' | 'updatedAt'>): Promise<void> {
  const now = new Date();
  const { stage, helpCount, remindersSent, ...rest } = init;
  await retryUpsertRace(() => outreachCollections(db).conversations.updateOne(
    { _id: id },
    { $setOnInsert: { ...rest, transcript: [], createdAt: now }, $set: { stage, helpCount, remindersSent, updatedAt: now } },
    { upsert: true },
  ));
}

export async function patchConversation(db: Db, id: string, patch: ConversationPatch): Promise<void> {
  await outreachCollections(db).conversations.updateOne({ _id: id }, { $set: { ...patch, updatedAt: new Date() } });
}

/**
 * Appends once: a retried activity finds the entry's id already present and changes nothing.
 * The document stays bounded: past TRANSCRIPT_KEEP + slack entries, the oldest move to the archive.
 */
export async function appendTranscript(db: Db, id: string, entry: TranscriptEntry, keep = TRANSCRIPT_KEEP): Promise<void> {
  entry = defined(entry);
  const c = outreachCollections(db);
  // Equality on the array field, not `$ne` in the update's filter: FerretDB matches
  // {'transcript.id': {$ne: x}} even when an element has id x, which let retries append twice.
  // A conversation's activities run one at a time, so check-then-push does not race itself.
  if (await c.conversations.countDocuments({ _id: id, 'transcript.id': entry.id }, { limit: 1 })) return;
  if (await c.transcriptsArchive.countDocuments({ _id: `${id}:${entry.id}` }, { limit: 1 })) return;
  const r = await c.conversations.updateOne({ _id: id }, { $push: { transcript: entry }, $set: { updatedAt: new Date() } });
  if (r.modifiedCount) await trimTranscript(db, id, keep);
}

/**
 * Moves the oldest entries out once the transcript has grown past keep + slack. Archive writes are
 * upserts by entry id and the trim is conditional on the length it read, so a retry or a racing
 * append cannot lose or duplicate an entry (a lost race just leaves the trim to the next append).
 */
export async function trimTranscript(db: Db, id: string, keep = TRANSCRIPT_KEEP): Promise<number> {
  const c = outreachCollections(db);
  const doc = await c.conversations.findOne({ _id: id }, { projection: { transcript: 1 } });
  const all = doc?.transcript ?? [];
  if (all.length <= keep + TRANSCRIPT_SLACK) return 0;
  const out = all.slice(0, all.length - keep);
  await c.transcriptsArchive.bulkWrite(out.map((e) => ({
    updateOne: { filter: { _id: `${id}:${e.id}` }, update: { $setOnInsert: { ...e, conversationId: id } }, upsert: true },
  })), { ordered: false });
  const r = await c.conversations.updateOne(
    { _id: id, transcript: { $size: all.length } },
    { $set: { transcript: all.slice(out.length) }, $inc: { transcriptArchived: out.length } },
  );
  return r.modifiedCount ? out.length : 0;
}

/** Archived entries of a conversation, oldest first. */
export async function archivedTranscript(db: Db, id: string, o: { limit: number; offset: number }): Promise<TranscriptEntry[]> {
  const docs = await outreachCollections(db).transcriptsArchive.find({ conversationId: id }).sort({ at: 1, _id: 1 }).skip(o.offset).limit(o.limit).toArray();
  return docs.map(({ _id, conversationId: _c, ...e }) => e);
}

// ---- STOP requests ----

/**
 * Records a person's STOP on their open conversations (before the conversation is signalled), so a
 * conversation whose held send was refused by the suppression can tell it was this STOP.
 */
export async function recordStopRequest(db: Db, xUserId: string, req: StopRequest, openStages: readonly string[]): Promise<void> {
  await outreachCollections(db).conversations.updateMany(
    { xUserId, stage: { $in: [...openStages] }, stopRequest: { $exists: false } },
    { $set: { stopRequest: defined(req), stopRequestedAt: new Date() } },
  );
}

export async function getStopRequest(db: Db, conversationId: string): Promise<StopRequest | null> {
  const doc = await outreachCollections(db).conversations.findOne({ _id: conversationId }, { projection: { stopRequest: 1 } });
  return doc?.stopRequest ?? null;
}

// ---- escalations ----

/**
 * Opens the escalation once. The id is `<campaign>-<xUserId>`, so a later conversation with the
 * same person in the same campaign finds the old document: it is reopened for the new
 * conversation (the thread is kept), never left pointing at the ended one.
 */
export async function openEscalation(db: Db, e: Omit<EscalationDoc, 'status' | 'thread' | 'createdAt' | 'updatedAt'>): Promise<void> {
  const now = new Date();
  const col = outreachCollections(db).escalations;
  const fresh = defined(e);
  const r = await retryUpsertRace(() => col.updateOne(
    { _id: e._id },
    { $setOnInsert: { ...fresh, status: 'open', thread: [], createdAt: now, updatedAt: now } },
    { upsert: true },
  ));
  if (r.upsertedCount > 0 || !e.conversationKey) return;
  const { _id, ...rest } = fresh;
  await col.updateOne(
    { _id, conversationKey: { $ne: e.conversationKey } },
    { $set: { ...rest, status: 'open', updatedAt: now }, $unset: { claimedBy: '', outcome: '' } },
  );
}

export async function appendEscalationThread(db: Db, id: string, entry: EscalationDoc['thread'][number]): Promise<void> {
  entry = defined(entry);
  await outreachCollections(db).escalations.updateOne(
    { _id: id, 'thread.id': { $ne: entry.id } },
    { $push: { thread: entry }, $set: { updatedAt: new Date() } },
  );
}

export async function setEscalationStatus(db: Db, id: string, patch: { status: EscalationStatus; claimedBy?: string; outcome?: string }): Promise<void> {
  const set: Record<string, unknown> = { status: patch.status, updatedAt: new Date() };
  if (patch.claimedBy) set.claimedBy = patch.claimedBy;
  if (patch.outcome) set.outcome = patch.outcome;
  await outreachCollections(db).escalations.updateOne({ _id: id }, { $set: set });
}

// ---- inbox ----

export async function recordInbox(db: Db, m: Omit<InboxDoc, 'receivedAt'>): Promise<void> {
  const { _id, ...rest } = m;
  await retryUpsertRace(() => outreachCollections(db).inbox.updateOne({ _id }, { $setOnInsert: { ...rest, receivedAt: new Date() } }, { upsert: true }));
}
