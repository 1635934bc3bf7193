// Agent actions on escalations (claim, reply, resolve), one document per idempotency key. The id
// is also the action's Temporal update id; the document outlives the workflow run that took the
// update (continue-as-new, completion), so a client's retry is answered from here, not sent again.
import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';

export const AGENT_ACTIONS = 'agent_actions';

export type AgentActionKind = 'claim' | 'reply' | 'resolve';
/** queued → (held) → sent | unknown | failed for replies; claim and resolve end 'done' or 'failed'. */
export type AgentActionState = 'queued' | 'held' | 'sent' | 'unknown' | 'failed' | 'done';
export type FinalState = Extract<AgentActionState, 'sent' | 'unknown' | 'failed' | 'done'>;

export interface ActionOutcome {
  state: FinalState;
  dmEventId?: string;
  reason?: string;
  /** The update's answer (claim and resolve), given again to a retry. */
  result?: Record<string, unknown>;
  at: Date;
}

export interface AgentActionDoc {
  /** `<escalationId>:<kind>:<key>`: the Temporal update id too. */
  _id: string;
  escalationId: string;
  kind: AgentActionKind;
  key: string;
  agent: string;
  /** Hash of kind, agent and body: the same key with another request is refused. */
  fingerprint: string;
  body: Record<string, unknown>;
  workflowId: string;
  /** The conversation (workflow id + first run id) the escalation belonged to when acted on. */
  conversationKey?: string;
  /** The run the update was last sent to; moved only by compare-and-set (see moveActionRun). */
  runId?: string;
  accepted?: boolean;
  acceptedAt?: Date;
  outcome?: ActionOutcome;
  createdAt: Date;
  updatedAt: Date;
}

/** Keys a client may send: 1-128 characters of [A-Za-z0-9._:-]. */
export const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export const actionIdOf = (kind: AgentActionKind, key: string): string => `${kind}:${key}`;
export const agentActionDocId = (escalationId: string, kind: AgentActionKind, key: string): string => `${escalationId}:${actionIdOf(kind, key)}`;

export function actionFingerprint(kind: AgentActionKind, agent: string, body: Record<string, unknown>): string {
  const canonical = JSON.stringify([kind, agent, Object.keys(body).sort().map((k) => [k, body[k]])]);
  return createHash('sha256').update(canonical).digest('hex');
}

export const agentActions = (db: Db) => db.collection<AgentActionDoc>(AGENT_ACTIONS);

type NewAction = Omit<AgentActionDoc, 'createdAt' | 'updatedAt' | 'runId' | 'accepted' | 'acceptedAt' | 'outcome'>;

/** Inserts the action once; a second request with the same id gets the stored document instead. */
export async function recordActionOnce(db: Db, a: NewAction): Promise<{ doc: AgentActionDoc; created: boolean }> {
  const now = new Date();
  const doc: AgentActionDoc = { ...a, createdAt: now, updatedAt: now };
  try {
    await agentActions(db).insertOne(doc);
    return { doc, created: true };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const existing = await agentActions(db).findOne({ _id: a._id });
    // Deleted between our insert and read (a refused request by a concurrent caller): insert again.
    if (!existing) return recordActionOnce(db, a);
    return { doc: existing, created: false };
  }
}

export const readAction = (db: Db, id: string): Promise<AgentActionDoc | null> => agentActions(db).findOne({ _id: id });

/**
 * Compare-and-set of the run the update goes to: succeeds only if nobody moved it since `from` was
 * read, so two callers never send the same update to two different runs.
 */
export async function moveActionRun(db: Db, id: string, from: string | undefined, to: string): Promise<boolean> {
  const r = await agentActions(db).updateOne(
    { _id: id, runId: from === undefined ? { $exists: false } : from },
    { $set: { runId: to, updatedAt: new Date() } },
  );
  return r.matchedCount === 1;
}

export async function markActionAccepted(db: Db, id: string): Promise<void> {
  await agentActions(db).updateOne({ _id: id, accepted: { $ne: true } }, { $set: { accepted: true, acceptedAt: new Date(), updatedAt: new Date() } });
}

/** The first outcome recorded wins (later readers may only repeat it). */
export async function setActionOutcome(db: Db, id: string, outcome: ActionOutcome): Promise<void> {
  await agentActions(db).updateOne({ _id: id, outcome: { $exists: false } }, { $set: { outcome, updatedAt: new Date() } });
}

/** A request the conversation refused had no effect: its key is free again. */
export async function forgetRefusedAction(db: Db, id: string): Promise<void> {
  await agentActions(db).deleteOne({ _id: id, accepted: { $ne: true } });
}

/**
 * Removes finished actions last touched more than `retentionDays` ago, so the collection does not
 * grow for ever. Kept whatever their age: actions still in flight, and replies whose outcome is
 * `unknown` (they may have reached X: a retry of that key must keep finding them, never send again).
 */
export async function pruneAgentActions(db: Db, retentionDays: number, now = Date.now()): Promise<number> {
  const r = await agentActions(db).deleteMany({
    updatedAt: { $lt: new Date(now - retentionDays * 86_400_000) }, 'outcome.state': { $in: ['sent', 'failed', 'done'] },
  });
  return r.deletedCount;
}
