// The outreach conversation's contract (workflow id `outreach-<xUserId>`): what starts it, the
// signals, updates and query it answers, its search attributes, and the results of the activities
// it calls. Everything outside the workflow (API, DM router, campaign layer, activities, tests)
// imports this file, never ./workflow. Workflow-safe: types, definitions and pure helpers only.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConversationEvent, ConversationState, OutreachSettings, ReplyIntent, ReplyLang } from '../../domain/conversation';

export { CampaignIdKey, FirstContactKey, HelpCountKey, OutreachStageKey, XUserIdKey } from '../search-attributes';

/** The workflow type (the exported function's name in src/workflows/index.ts). */
export const OUTREACH_WORKFLOW_TYPE = 'outreachWorkflow';
export type OutreachWorkflow = (input: OutreachInput) => Promise<OutreachResult>;

export const outreachWorkflowId = (xUserId: string): string => `outreach-${xUserId}`;
export const conversationIdOf = (campaignId: string, xUserId: string): string => `${campaignId}-${xUserId}`;

export interface OutreachPerson { xUserId: string; username: string; name: string }

export interface OutreachInput {
  campaignId: string;
  tweet: { id: string; text: string };
  person: OutreachPerson;
  settings: OutreachSettings;
  /** The campaign's settingsVersion these settings were copied from (the run's memo shows it). */
  settingsVersion?: number;
  /** Set by continue-as-new only. */
  carried?: CarriedState;
  /** Tests against servers without the custom search attributes turn this off. */
  searchAttributes?: boolean;
  /** Continue-as-new once the run's history has this many events (default 4,000; tests lower it). */
  maxHistoryEvents?: number;
}

/** What a run hands to the next one when it continues as new. */
export interface CarriedState {
  state: ConversationState;
  sendSeq: number;
  seenMessageIds: string[];
  conversationKey: string;
  deadline?: number;
  /** Replies and opt-ins not handled yet when the run continued as new. */
  pending?: { event: ConversationEvent; reply?: IncomingReply; stop?: boolean }[];
}

export interface IncomingReply {
  messageId: string; text: string; at: string;
  /** The sentiment model's probability that the reply is negative (set by the router when it can). */
  negativity?: number;
  /** The router's reading (readReply), so the history keeps what was decided; read here when absent. */
  intent?: ReplyIntent;
  lang?: ReplyLang | null;
}
export interface ReviewDecision { decision: 'approve' | 'reject'; by: string; reason?: string }

export const replySignal = defineSignal<[IncomingReply]>('reply');
export const optInSignal = defineSignal<[{ source: string }]>('optIn');
export const reviewUpdate = defineUpdate<{ stage: string }, [ReviewDecision]>('review');
export const claimUpdate = defineUpdate<{ stage: string }, [{ agent: string }]>('claim');
export const agentReplyUpdate = defineUpdate<{ stage: string; status: SendDmResult['status']; dmEventId?: string; reason?: string }, [{ agent: string; text: string }]>('agentReply');
export const resolveUpdate = defineUpdate<{ stage: string }, [{ agent: string; outcome: string }]>('resolve');

export interface OutreachView {
  workflowId: string;
  conversationId: string;
  campaignId: string;
  person: OutreachPerson;
  tweet: { id: string; text: string };
  settings: OutreachSettings;
  state: ConversationState;
  sentMessages: number;
  queuedEvents: number;
  /** Epoch ms at which the current wait ends (review expiry, reply timeout). */
  deadline?: number;
}
export const stateQuery = defineQuery<OutreachView>('state');

export interface OutreachResult { stage: string; endReason?: string; helpCount: number; remindersSent: number; sentMessages: number }

// ---- activities' inputs and results ----

/** outreachSendDm's input. */
export interface SendDmInput {
  /** Idempotency key: conversation + step. */
  key: string;
  conversationId: string;
  workflowId: string;
  xUserId: string;
  text: string;
  template?: string;
  variant?: number;
  agent?: string;
  /** Only the STOP confirmation goes to someone just suppressed. */
  ignoreSuppression?: boolean;
}

export type SendDmResult =
  | { status: 'sent'; dmEventId: string; at: string; recovered?: boolean }
  | { status: 'suppressed' }
  | { status: 'undeliverable'; reason: string }
  /**
   * The send may or may not have reached X and no lookup could tell. The rule: never send it again
   * (a duplicate is worse than a missing DM); the ledger keeps it as 'unknown' for operators.
   */
  | { status: 'unknown'; reason: string };

/** outreachOptInPrompt's input: the public opt-in prompt for one person and campaign. */
export interface PromptRequest {
  conversationId: string;
  campaignId: string;
  person: OutreachPerson;
  tweet: { id: string; text: string };
  settings: OutreachSettings;
}

export type PromptResult =
  | { status: 'posted'; postId: string; recovered?: boolean }
  | { status: 'skipped'; reason: string }
  /** X refused the post for good (tweet gone, too long, duplicate): it is never tried again. */
  | { status: 'failed'; reason: string }
  /** A post may have reached X and no search found it: never posted again (a duplicate is worse). */
  | { status: 'unknown'; reason: string };
