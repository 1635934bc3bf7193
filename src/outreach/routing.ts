// Routing an incoming DM: to the sender's conversation when one is running, else to the inbox.
// Used by the DM poller (through an activity) and by the X webhook; both may see the same DM,
// which the conversation de-duplicates by event id. The reply is read here (readReply) and the
// reading travels in the signal, so the conversation's history keeps what was decided. A STOP is
// written down (global suppression + the conversation's stop request) BEFORE the conversation
// hears of it: a send held by the limiter or retrying at X re-checks the suppression and stays
// unsent, whatever the conversation is busy with.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { STAGES, isTerminal, readReply, type ReplyReading } from '../domain/conversation';
import { addSuppression, recordInbox, recordStopRequest } from '../store/conversations';
import { recordAudit } from '../store/audit';
import { shippedStopProbability } from '../ml/reply-stop';
import {
  OUTREACH_WORKFLOW_TYPE, optInSignal, outreachWorkflowId, replySignal, type OutreachInput, type OutreachWorkflow,
} from '../workflows/outreach/contract';

export interface IncomingDm {
  id: string;
  text: string;
  senderId: string;
  dmConversationId?: string;
  createdAt: string;
}

export type RouteOutcome = 'routed' | 'opted-in' | 'inbox' | 'suppressed' | 'ignored';

export interface RouteOptions {
  brandUserId?: string;
  via: 'poller' | 'webhook';
  taskQueue: string;
  /**
   * For people with no running conversation: the opt-in campaign this DM opts them into, if any
   * (the campaign layer knows its campaigns). The conversation is then started by signalWithStart.
   */
  optInFor?: (dm: IncomingDm) => Promise<OutreachInput | undefined>;
  /**
   * The sentiment model's P(negative) for a reply, where the model is loaded (the worker); the
   * API's webhook leaves it out. A failure only loses the hint.
   */
  negativity?: (text: string) => Promise<number | undefined>;
  /**
   * The reply model's P(stop) (models/replies, plain JS, loaded here by default so the poller and the
   * webhook read alike); `null` reads by the rules alone. It can only turn a reading into stop.
   */
  stopProbability?: ((text: string) => number | undefined) | null;
}

const OPEN_STAGES = STAGES.filter((s) => !isTerminal(s));

/** Reads a reply, with the sentiment hint when there is one. */
export async function readIncoming(dm: IncomingDm, o: Pick<RouteOptions, 'negativity' | 'stopProbability'>): Promise<ReplyReading & { negativity?: number }> {
  const negativity = o.negativity ? await o.negativity(dm.text).catch(() => undefined) : undefined;
  const stop = o.stopProbability === undefined ? shippedStopProbability : o.stopProbability;
  const stopProbability = stop ? stop(dm.text) : undefined;
  const reading = readReply(dm.text, {
    ...(negativity === undefined ? {} : { negativity }), ...(stopProbability === undefined ? {} : { stopProbability }),
  });
  return { ...reading, ...(negativity === undefined ? {} : { negativity }) };
}

type Reading = Awaited<ReturnType<typeof readIncoming>>;

/** Written first (both idempotent): from here on no held, queued or retried send reaches them. */
async function recordStop(db: Db, dm: IncomingDm, r: Reading, via: RouteOptions['via']): Promise<void> {
  await addSuppression(db, { _id: dm.senderId, reason: 'person replied STOP', source: `dm-${via}` });
  await recordStopRequest(db, dm.senderId, { messageId: dm.id, text: dm.text, at: dm.createdAt, lang: r.lang }, OPEN_STAGES);
}

/**
 * A batch of DMs (one poll): every STOP in it is recorded before any DM of the batch is routed, so
 * the answers to a person's earlier messages in the same batch are not sent after their STOP.
 */
export async function routeIncomingDms(
  client: Client, db: Db, dms: readonly IncomingDm[], o: RouteOptions, each?: (dm: IncomingDm, r: RouteOutcome) => void,
): Promise<RouteOutcome[]> {
  const mine = (dm: IncomingDm) => !(o.brandUserId && dm.senderId === o.brandUserId);
  const readings = new Map<string, Reading>();
  for (const dm of dms) if (mine(dm)) readings.set(dm.id, await readIncoming(dm, o));
  for (const dm of dms) {
    const r = readings.get(dm.id);
    if (r?.intent === 'stop') await recordStop(db, dm, r, o.via);
  }
  const out: RouteOutcome[] = [];
  for (const dm of dms) {
    const r = await routeIncomingDm(client, db, dm, o, readings.get(dm.id));
    out.push(r);
    if (r !== 'ignored') {
      // The audit trail: who wrote (the person's X id), how it was read, where it went; no text.
      await recordAudit(db, {
        who: `x:${dm.senderId}`, action: 'dm.received', outcome: r, dmId: dm.id, via: o.via, intent: readings.get(dm.id)?.intent,
      });
    }
    each?.(dm, r);
  }
  return out;
}

/** One DM; `read` is its reading when the caller already made it (and recorded a STOP). */
export async function routeIncomingDm(client: Client, db: Db, dm: IncomingDm, o: RouteOptions, read?: Reading): Promise<RouteOutcome> {
  if (o.brandUserId && dm.senderId === o.brandUserId) return 'ignored';
  const r = read ?? await readIncoming(dm, o);
  const stop = r.intent === 'stop';
  if (stop && !read) await recordStop(db, dm, r, o.via);
  try {
    await client.workflow.getHandle(outreachWorkflowId(dm.senderId)).signal(replySignal, {
      messageId: dm.id, text: dm.text, at: dm.createdAt, intent: r.intent, lang: r.lang,
      ...(r.negativity === undefined ? {} : { negativity: r.negativity }),
    });
    return 'routed';
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  // Nobody is talking to this person. The STOP is already honoured, for every campaign.
  if (stop) return 'suppressed';
  const optIn = o.optInFor ? await o.optInFor(dm) : undefined;
  if (optIn) {
    await startOptIn(client, optIn, o.taskQueue, `dm:${dm.id}`);
    return 'opted-in';
  }
  await recordInbox(db, { _id: dm.id, senderId: dm.senderId, text: dm.text, dmConversationId: dm.dmConversationId, createdAt: new Date(dm.createdAt), via: o.via });
  return 'inbox';
}

/** Opt-in (a keyword reply to the campaign's post, or a DM): start the conversation if needed and signal it. */
export async function startOptIn(client: Client, input: OutreachInput, taskQueue: string, source: string): Promise<{ workflowId: string; runId: string }> {
  const workflowId = outreachWorkflowId(input.person.xUserId);
  const h = await client.workflow.signalWithStart<OutreachWorkflow, [{ source: string }]>(OUTREACH_WORKFLOW_TYPE, {
    workflowId, taskQueue, args: [input], signal: optInSignal, signalArgs: [{ source }],
  });
  return { workflowId, runId: h.signaledRunId };
}
