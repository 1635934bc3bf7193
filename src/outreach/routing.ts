// Routing an incoming DM: to the sender's conversation when one is running, else to the inbox.
// Used by the DM poller (through an activity) and by the X webhook; both may see the same DM,
// which the conversation de-duplicates by event id.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { classifyReply } from '../domain/conversation';
import { addSuppression, recordInbox } from '../store/conversations';
import { optInSignal, outreachWorkflow, outreachWorkflowId, replySignal, type OutreachInput } from '../workflows/outreach';

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
}

export async function routeIncomingDm(client: Client, db: Db, dm: IncomingDm, o: RouteOptions): Promise<RouteOutcome> {
  if (o.brandUserId && dm.senderId === o.brandUserId) return 'ignored';
  try {
    await client.workflow.getHandle(outreachWorkflowId(dm.senderId)).signal(replySignal, { messageId: dm.id, text: dm.text, at: dm.createdAt });
    return 'routed';
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  // Nobody is talking to this person. A STOP is still honoured, for every campaign.
  if (classifyReply(dm.text) === 'stop') {
    await addSuppression(db, { _id: dm.senderId, reason: 'STOP sent with no open conversation', source: `dm-${o.via}` });
    return 'suppressed';
  }
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
  const h = await client.workflow.signalWithStart(outreachWorkflow, {
    workflowId, taskQueue, args: [input], signal: optInSignal, signalArgs: [{ source }],
  });
  return { workflowId, runId: h.signaledRunId };
}
