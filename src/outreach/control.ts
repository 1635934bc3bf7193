// The API's way into a conversation: Temporal updates with their failures mapped to HTTP answers
// (no such conversation → 404, not possible in its current stage → 409).
import {
  WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage,
  type Client, type WorkflowExecutionDescription, type WorkflowUpdateHandle,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db } from 'mongodb';
import { DomainError } from '../errors';
import type { EscalationDoc } from '../store/conversations';
import { forgetRefusedAction, markActionAccepted, moveActionRun, readAction, type AgentActionDoc } from '../store/agent-actions';
import { CampaignIdKey, stateQuery } from '../workflows/outreach/contract';

export async function updateConversation<Ret, Arg>(
  client: Client, workflowId: string, def: UpdateDefinition<Ret, [Arg]>, arg: Arg,
): Promise<Ret> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(def, { args: [arg] });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (err as { code?: number }).code === 5) {
      // Closed conversations cannot take updates: that is a conflict, not a missing resource.
      const closed = await client.workflow.getHandle(workflowId).describe().then(() => true, () => false);
      if (closed) throw new DomainError('conflict', 'conflict', `conversation ${workflowId} has ended`);
      throw new DomainError('not_found', 'not_found', `no running conversation ${workflowId}`);
    }
    if (err instanceof WorkflowUpdateFailedError) {
      const why = (err.cause as Error | undefined)?.message ?? err.message;
      throw new DomainError('conflict', 'conflict', why);
    }
    // A closed workflow answers updates with a NotFound-like service error.
    if (/workflow execution already completed|not found/i.test((err as Error).message)) {
      throw new DomainError('conflict', 'conflict', `conversation ${workflowId} has ended`);
    }
    throw err;
  }
}

// ---- agent actions: idempotent updates addressed to the escalation's own conversation ----

/** The escalation fields an action needs to find (and trust) its conversation. */
export type EscalationTarget = Pick<EscalationDoc, '_id' | 'workflowId' | 'campaignId' | 'status' | 'outcome' | 'firstRunId'>;

// gRPC status codes and the update lifecycle stage (from the Temporal API protos).
const NOT_FOUND = 5;
const DEADLINE_EXCEEDED = 4;
const STAGE_ACCEPTED = 2;

const stale = (message: string) => new DomainError('conflict', 'stale_escalation', message);

/**
 * The run of the escalation's own conversation, or 409 when the escalation is stale: resolved,
 * its conversation ended, or the running `outreach-<xUserId>` is a newer conversation.
 */
export async function conversationRun(client: Client, esc: EscalationTarget): Promise<string> {
  if (esc.status === 'resolved') throw stale(`escalation ${esc._id} is resolved${esc.outcome ? ` (${esc.outcome})` : ''}`);
  let d: WorkflowExecutionDescription;
  try {
    d = await client.workflow.getHandle(esc.workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw stale(`escalation ${esc._id}: its conversation has ended (${esc.workflowId} is gone)`);
    throw err;
  }
  const running = d.status.name === 'RUNNING';
  const campaign = d.typedSearchAttributes.get(CampaignIdKey);
  const newer = () => stale(
    `escalation ${esc._id} is stale: a newer conversation with this person${campaign ? ` (campaign ${campaign})` : ''} has started since; its own conversation has ended`,
  );
  const firstRunId = d.raw.workflowExecutionInfo?.firstRunId || undefined;
  if (esc.firstRunId && firstRunId) {
    if (firstRunId !== esc.firstRunId) throw newer();
  } else if (running) {
    // Escalations opened before the run was recorded (or a server that does not say the first
    // run): the campaign is the best tell left.
    const c = campaign ?? (await client.workflow.getHandle(esc.workflowId, d.runId).query(stateQuery)).campaignId;
    if (c !== esc.campaignId) throw newer();
  }
  if (!running) throw stale(`escalation ${esc._id}: its conversation has ended (${d.status.name.toLowerCase()})`);
  return d.runId;
}

export type UpdatePresence = 'absent' | 'pending' | 'completed';

/** Where an update stands in one run, without waiting for it (NotFound: never taken, or refused). */
export async function updatePresence(client: Client, workflowId: string, runId: string, updateId: string): Promise<UpdatePresence> {
  try {
    const r = await client.withDeadline(Date.now() + 5000, () => client.workflowService.pollWorkflowExecutionUpdate({
      namespace: client.options.namespace, identity: client.options.identity,
      updateRef: { workflowExecution: { workflowId, runId }, updateId },
      waitPolicy: { lifecycleStage: STAGE_ACCEPTED },
    }));
    return r.outcome ? 'completed' : 'pending';
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === NOT_FOUND) return 'absent';
    // Admitted but not accepted within the deadline: it exists, the worker has not taken it yet.
    if (code === DEADLINE_EXCEEDED) return 'pending';
    throw err;
  }
}

/** The answer of a completed update (or its failure); undefined when it has not completed. */
export async function updateAnswer<Ret>(
  client: Client, workflowId: string, runId: string, updateId: string,
): Promise<{ ok: true; value: Ret } | { ok: false; reason: string } | undefined> {
  if ((await updatePresence(client, workflowId, runId, updateId)) !== 'completed') return undefined;
  return settle(client, client.workflow.getHandle(workflowId, runId).getUpdateHandle<Ret>(updateId, { workflowRunId: runId }), 5000);
}

/**
 * An update handle's outcome, waiting at most `waitMs` (undefined when it has none by then). With
 * ~0 ms it reads only an outcome the server already gave: the expired deadline cancels the poll
 * the SDK would otherwise start and keep going.
 */
async function settle<Ret>(client: Client, h: WorkflowUpdateHandle<Ret>, waitMs: number): Promise<{ ok: true; value: Ret } | { ok: false; reason: string } | undefined> {
  try {
    return { ok: true, value: await client.withDeadline(Date.now() + waitMs, () => h.result()) };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return { ok: false, reason: (err.cause as Error | undefined)?.message ?? err.message };
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return undefined;
    throw err;
  }
}

export interface DriveInput<Ret, Arg> {
  db: Db;
  /** The agent_actions document (its id is the update id). */
  action: AgentActionDoc;
  escalation: EscalationTarget;
  def: UpdateDefinition<Ret, [Arg]>;
  arg: Arg;
  /** How long to wait for the conversation to accept the update. */
  acceptWithinMs?: number;
}

/**
 * Delivers an action's update to the escalation's conversation exactly once, also across client
 * retries, concurrent requests and continue-as-new. The run it goes to is recorded first (by
 * compare-and-set); a run recorded earlier is asked before another run is tried, once it has
 * closed, so the update can never be taken by two runs. Returns the run that holds it.
 */
export async function deliverAction<Ret, Arg>(client: Client, i: DriveInput<Ret, Arg>): Promise<string> {
  const { db, escalation: esc } = i;
  const id = i.action._id;
  for (let attempt = 0; attempt < 8; attempt++) {
    const rec = await readAction(db, id);
    if (!rec) throw new DomainError('conflict', 'conflict', `action ${id} was refused by a concurrent request; send it again`);
    const prev = rec.runId;
    if (rec.outcome || (prev && (await updatePresence(client, esc.workflowId, prev, id)) !== 'absent')) {
      if (prev) await markActionAccepted(db, id);
      return prev ?? '';
    }
    let run: string;
    try {
      run = await conversationRun(client, esc);
    } catch (err) {
      // Stale: the update reached no run (any earlier run has closed, so its answer is final).
      if (err instanceof DomainError && (!prev || (await updatePresence(client, esc.workflowId, prev, id)) === 'absent')) await forgetRefusedAction(db, id);
      throw err;
    }
    // `prev` has closed (a newer run is current): whatever reached it is there for good.
    if (prev && prev !== run && (await updatePresence(client, esc.workflowId, prev, id)) !== 'absent') {
      await markActionAccepted(db, id);
      return prev;
    }
    if (!(await moveActionRun(db, id, prev, run))) continue;
    let handle: WorkflowUpdateHandle<Ret>;
    try {
      handle = await client.withDeadline(Date.now() + (i.acceptWithinMs ?? 10_000), () =>
        client.workflow.getHandle(esc.workflowId, run).startUpdate(i.def, { args: [i.arg], updateId: id, waitForStage: WorkflowUpdateStage.ACCEPTED }));
    } catch (err) {
      // The run closed (continue-as-new, end) before taking it: look again.
      if (err instanceof WorkflowNotFoundError) continue;
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new DomainError('unavailable', 'unavailable', 'the conversation did not take the action in time; send the request again with the same Idempotency-Key');
      }
      throw err;
    }
    const early = await settle(client, handle, 1);
    if (early && !early.ok && (await updatePresence(client, esc.workflowId, run, id)) === 'absent') {
      // Refused by the conversation's validator: nothing happened, the key is free again.
      await forgetRefusedAction(db, id);
      throw new DomainError('conflict', 'conflict', early.reason);
    }
    await markActionAccepted(db, id);
    return run;
  }
  throw new DomainError('unavailable', 'unavailable', 'the conversation kept moving; send the request again with the same Idempotency-Key');
}

/** Waits up to `waitMs` for an accepted update's answer (undefined when it is still running). */
export function answerWithin<Ret>(client: Client, workflowId: string, runId: string, updateId: string, waitMs: number) {
  return settle<Ret>(client, client.workflow.getHandle(workflowId, runId).getUpdateHandle<Ret>(updateId, { workflowRunId: runId }), waitMs);
}
