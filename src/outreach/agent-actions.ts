// Agent actions on escalations, as the API sees them: one idempotency key = one action, delivered
// to the escalation's own conversation once, and readable back (queued, held, sent...) without
// holding an HTTP request open while the conversation sends a throttled DM.
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db } from 'mongodb';
import { DomainError } from '../errors';
import type { EscalationDoc } from '../store/conversations';
import {
  actionFingerprint, actionIdOf, agentActionDocId, readAction, recordActionOnce, setActionOutcome,
  type ActionOutcome, type AgentActionDoc, type AgentActionKind, type AgentActionState,
} from '../store/agent-actions';
import { answerWithin, deliverAction, updateAnswer, updatePresence } from './control';
import type { agentReplyUpdate } from '../workflows/outreach/contract';

export interface ActionView {
  id: string;
  kind: AgentActionKind;
  state: AgentActionState;
  dmEventId?: string;
  reason?: string;
  /** When the action reached this state (as far as it is known). */
  at: string;
  /** Claim and resolve: the conversation's answer. */
  result?: Record<string, unknown>;
}

type ReplyAnswer = typeof agentReplyUpdate extends UpdateDefinition<infer R, infer _A> ? R : never;

export interface PerformInput<Ret, Arg> {
  escalation: EscalationDoc;
  kind: AgentActionKind;
  key: string;
  agent: string;
  body: Record<string, unknown>;
  def: UpdateDefinition<Ret, [Arg]>;
  arg: Arg;
  /** How long to wait for the answer after the conversation took the action (0: answer at once). */
  answerWithinMs: number;
}

/**
 * Records the action once, delivers it once, and says where it stands. The same key with the
 * same request answers the same action again (also after it completed or the workflow continued
 * as new); the same key with another request is refused with 422.
 */
export async function performAction<Ret, Arg>(client: Client, db: Db, i: PerformInput<Ret, Arg>): Promise<ActionView> {
  const esc = i.escalation;
  const fingerprint = actionFingerprint(i.kind, i.agent, i.body);
  const { doc, created } = await recordActionOnce(db, {
    _id: agentActionDocId(esc._id, i.kind, i.key), escalationId: esc._id, kind: i.kind, key: i.key, agent: i.agent,
    fingerprint, body: i.body, workflowId: esc.workflowId, conversationKey: esc.conversationKey,
  });
  if (!created && doc.fingerprint !== fingerprint) {
    throw new DomainError('unprocessable', 'idempotency_key_reused',
      `Idempotency-Key ${i.key} was already used for a different ${i.kind} on escalation ${esc._id} (another ${doc.agent === i.agent ? 'body' : 'agent'}); use a new key for a new request`);
  }
  if (!created && doc.conversationKey !== esc.conversationKey) {
    throw new DomainError('unprocessable', 'idempotency_key_reused', `Idempotency-Key ${i.key} was used in an earlier conversation of escalation ${esc._id}; use a new key`);
  }
  if (doc.outcome) return viewOf(doc, doc.outcome);
  const runId = await deliverAction(client, { db, action: doc, escalation: esc, def: i.def, arg: i.arg });
  if (i.answerWithinMs > 0 && runId) {
    const answer = await answerWithin<Ret>(client, esc.workflowId, runId, doc._id, i.answerWithinMs);
    if (answer) return viewOf(doc, await settleOutcome(db, doc, answer));
  }
  return actionState(client, db, (await readAction(db, doc._id)) ?? doc);
}

/** Where an action stands now; a completed one is recorded so later reads need no Temporal call. */
export async function actionState(client: Client, db: Db, doc: AgentActionDoc): Promise<ActionView> {
  if (doc.outcome) return viewOf(doc, doc.outcome);
  if (!doc.runId) return pending(doc, 'queued');
  const presence = await updatePresence(client, doc.workflowId, doc.runId, doc._id);
  if (presence === 'completed') {
    const answer = await updateAnswer<unknown>(client, doc.workflowId, doc.runId, doc._id);
    if (answer) return viewOf(doc, await settleOutcome(db, doc, answer));
  }
  if (presence === 'absent' && doc.accepted) {
    // Taken once, now gone: the run was reset or removed; whether the DM went out is not known here.
    return viewOf(doc, await settleOutcome(db, doc, { ok: false, reason: 'the conversation no longer holds this action (its run was reset or removed)' }, 'unknown'));
  }
  // Not taken yet (a request is still delivering it) or waiting in the conversation.
  const held = presence === 'pending' ? await heldBy(client, doc.workflowId, doc.runId) : undefined;
  return held ? pending(doc, 'held', held) : pending(doc, 'queued');
}

/**
 * Why the conversation's DM send is waiting, if it is: its last attempt was refused by our DM
 * limiter (DmRateLimited) or by X (XRateLimited) and the next is scheduled. A conversation sends
 * one DM at a time, so an accepted, unanswered action waits on that send either way.
 */
async function heldBy(client: Client, workflowId: string, runId: string): Promise<string | undefined> {
  const d = await client.workflow.getHandle(workflowId, runId).describe();
  for (const a of d.raw.pendingActivities ?? []) {
    const f = a.lastFailure;
    if (a.activityType?.name !== 'outreachSendDm' || !f) continue;
    const type = f.applicationFailureInfo?.type ?? '';
    if (!/RateLimit/i.test(type)) continue;
    const next = a.nextAttemptScheduleTime?.seconds;
    const until = next != null ? ` until ${new Date(Number(next) * 1000).toISOString()}` : '';
    return `${type === 'DmRateLimited' ? 'held by our DM limiter' : 'held by X\'s rate limit'}${until}: ${f.message ?? ''}`.trim();
  }
  return undefined;
}

/** Maps the conversation's answer to the action's final state and records it (first one wins). */
async function settleOutcome(
  db: Db, doc: AgentActionDoc, answer: { ok: true; value: unknown } | { ok: false; reason: string }, failedAs: 'failed' | 'unknown' = 'failed',
): Promise<ActionOutcome> {
  const at = new Date();
  let outcome: ActionOutcome;
  if (!answer.ok) outcome = { state: failedAs, reason: answer.reason, at };
  else if (doc.kind !== 'reply') outcome = { state: 'done', result: answer.value as Record<string, unknown>, at };
  else {
    const r = answer.value as ReplyAnswer;
    if (r.status === 'sent') outcome = { state: 'sent', dmEventId: r.dmEventId, at };
    else if (r.status === 'unknown') outcome = { state: 'unknown', reason: r.reason ?? 'the send may or may not have reached X; it is not sent again', at };
    else if (r.status === 'suppressed') outcome = { state: 'failed', reason: 'the person has opted out of messages (suppressed); nothing was sent', at };
    else outcome = { state: 'failed', reason: r.reason ?? 'X refused the DM (undeliverable)', at };
  }
  await setActionOutcome(db, doc._id, outcome);
  return (await readAction(db, doc._id))?.outcome ?? outcome;
}

function viewOf(doc: AgentActionDoc, o: ActionOutcome): ActionView {
  return {
    id: actionIdOf(doc.kind, doc.key), kind: doc.kind, state: o.state, at: new Date(o.at).toISOString(),
    ...(o.dmEventId ? { dmEventId: o.dmEventId } : {}), ...(o.reason ? { reason: o.reason } : {}), ...(o.result ? { result: o.result } : {}),
  };
}

function pending(doc: AgentActionDoc, state: 'queued' | 'held', reason?: string): ActionView {
  return { id: actionIdOf(doc.kind, doc.key), kind: doc.kind, state, at: (doc.acceptedAt ?? doc.createdAt).toISOString(), ...(reason ? { reason } : {}) };
}
