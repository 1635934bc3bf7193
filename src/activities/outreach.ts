// Outreach activities: every side effect of a conversation (DMs, records, escalations,
// suppressions) and the DM poller's fetch-and-route. All are idempotent under retries.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { compareIds } from '../x';
import {
  addSuppression, appendEscalationThread, appendTranscript, getStopRequest, isSuppressed, openEscalation,
  patchConversation, setEscalationStatus, upsertConversation, type StopRequest,
} from '../store/conversations';
import type { DmLimits } from '../outreach/limiter';
import { loadDmInFlightMarginMs, loadDmLimits } from '../config';
import { createSendProtocol, type SendProtocolOptions } from '../outreach/send';
import { routeIncomingDms, type IncomingDm, type RouteOptions } from '../outreach/routing';
import { DM_POLLER_CURSOR, readCursor, setCursor } from '../store/meta';
import type { SendDmInput, SendDmResult } from '../workflows/outreach/contract';
import type { DmPollInput, DmPollResult } from '../workflows/dm-poller/contract';

export interface OutreachOptions extends Partial<SendProtocolOptions> {
  limits?: DmLimits;
  /** Campaign-layer hook for DMs from people without a conversation. */
  optInFor?: RouteOptions['optInFor'];
}

export function createOutreachActivities(deps: ActivityDeps, opts: OutreachOptions = {}) {
  const { db, x, log } = deps;
  const limits = opts.limits ?? loadDmLimits();
  const brandId = () => x.brandUserId ?? deps.config.X_BRAND_USER_ID;

  /** The sentiment model's P(negative) as the reply reader's second opinion. */
  const negativity = async (text: string): Promise<number | undefined> => (await deps.models()).sentiment([text])[0]?.probs.negative;

  const margin = loadDmInFlightMarginMs();
  const sendDm = createSendProtocol({ db, x, log, brandId, now: deps.now }, {
    ...(margin !== undefined ? { inFlightMarginMs: margin } : {}), ...opts, limits,
  });

  return {
    /** Creates the conversation record; says whether the person is on the suppression list. */
    async outreachBegin(i: {
      conversationId: string; workflowId: string; campaignId: string; person: { xUserId: string; username: string; name: string };
      tweet: { id: string; text: string }; policy: string; stage: string;
    }): Promise<{ suppressed: boolean }> {
      await upsertConversation(db, i.conversationId, {
        workflowId: i.workflowId, campaignId: i.campaignId, xUserId: i.person.xUserId, username: i.person.username, name: i.person.name,
        policy: i.policy, stage: i.stage, helpCount: 0, remindersSent: 0, tweet: i.tweet,
      });
      return { suppressed: await isSuppressed(db, i.person.xUserId) };
    },

    /** Stage and counters, plus an incoming message for the transcript. */
    async outreachRecord(i: {
      conversationId: string;
      state: { stage: string; helpCount: number; remindersSent: number; endReason?: string };
      incoming?: { messageId: string; text: string; at: string; intent?: string; lang?: string };
    }): Promise<void> {
      const patch: Record<string, unknown> = { stage: i.state.stage, helpCount: i.state.helpCount, remindersSent: i.state.remindersSent };
      if (i.state.endReason) patch.endReason = i.state.endReason;
      await patchConversation(db, i.conversationId, patch);
      if (i.incoming) {
        await appendTranscript(db, i.conversationId, {
          id: i.incoming.messageId, at: new Date(i.incoming.at), from: 'person', text: i.incoming.text, intent: i.incoming.intent,
          lang: i.incoming.lang,
        });
      }
    },

    /** The STOP the router recorded for this conversation before signalling it, if any. */
    async outreachStopRequest(i: { conversationId: string }): Promise<StopRequest | null> {
      return getStopRequest(db, i.conversationId);
    },

    /**
     * Sends one DM at most once at X (src/outreach/send.ts has the protocol and the rule for
     * outcomes that stay unknown). Heartbeats; never sleeps on a rate limit.
     */
    async outreachSendDm(input: SendDmInput): Promise<SendDmResult> {
      return sendDm(input);
    },

    async outreachEscalate(i: {
      escalationId: string; conversationId: string; workflowId: string; campaignId: string; xUserId: string; username?: string;
      priority: 'high' | 'low'; reason: string; firstMessage?: { id: string; text: string };
      /** `<workflowId>:<first run id>`: which conversation the escalation acts on (absent from older workflow code). */
      conversationKey?: string;
    }): Promise<void> {
      const { firstMessage, escalationId, ...rest } = i;
      const firstRunId = i.conversationKey?.startsWith(`${i.workflowId}:`) ? i.conversationKey.slice(i.workflowId.length + 1) : undefined;
      await openEscalation(db, { _id: escalationId, ...rest, firstRunId });
      if (firstMessage) await appendEscalationThread(db, escalationId, { id: firstMessage.id, at: new Date(), from: 'person', text: firstMessage.text });
      await patchConversation(db, i.conversationId, { escalationId });
    },

    async outreachUpdateEscalation(i: {
      escalationId: string; status?: 'claimed' | 'resolved'; claimedBy?: string; outcome?: string;
      thread?: { id: string; from: 'person' | 'agent' | 'system'; text: string; agent?: string };
    }): Promise<void> {
      if (i.thread) await appendEscalationThread(db, i.escalationId, { ...i.thread, at: new Date() });
      if (i.status) await setEscalationStatus(db, i.escalationId, { status: i.status, claimedBy: i.claimedBy, outcome: i.outcome });
    },

    async outreachSuppress(i: { xUserId: string; reason: string; source: string; campaignId?: string }): Promise<void> {
      await addSuppression(db, { _id: i.xUserId, reason: i.reason, source: i.source, campaignId: i.campaignId });
    },

    /**
     * One poll: DM events newer than `sinceId` (oldest first), each routed to its conversation
     * or the inbox. Returns the newest id seen so the poller resumes after it.
     */
    async dmPollAndRoute(i: DmPollInput): Promise<DmPollResult> {
      const sinceId = i.sinceId ?? (await readCursor(db, DM_POLLER_CURSOR))?.lastId;
      const { events } = await x.listDmEvents({ sinceId, maxResults: 100 });
      const incoming = events.filter((e) => e.eventType === 'MessageCreate').sort((a, b) => compareIds(a.id, b.id));
      const client = Context.current().client;
      const counts = { seen: incoming.length, routed: 0, inbox: 0, ignored: 0 };
      const brand = brandId();
      const dms: IncomingDm[] = incoming.map((e) => ({ id: e.id, text: e.text, senderId: e.senderId, dmConversationId: e.dmConversationId, createdAt: e.createdAt }));
      // The whole batch at once: its STOPs are recorded before any of its DMs is routed.
      await routeIncomingDms(client, db, dms, { brandUserId: brand, via: 'poller', taskQueue: i.taskQueue, optInFor: opts.optInFor, negativity }, (dm, r) => {
        if (r === 'routed' || r === 'opted-in') counts.routed++;
        else if (r === 'ignored') counts.ignored++;
        else counts.inbox++;
        Context.current().heartbeat(dm.id);
      });
      const newest = events.reduce<string | undefined>((m, e) => (!m || compareIds(e.id, m) > 0 ? e.id : m), sinceId);
      if (newest && newest !== sinceId) await setCursor(db, DM_POLLER_CURSOR, newest);
      return { lastId: newest, ...counts };
    },
  };
}

export type OutreachActivities = ReturnType<typeof createOutreachActivities>;
