// The conversation's decisions as one pure function: nextStep(state, event, settings) gives the
// new state and the side effects to perform. The workflow only waits for events and performs the
// actions, so every branch is unit-testable without Temporal.
import { classifyReply, type ReplyIntent } from './classify';
import type { FirstContactPolicy, OutreachSettings, TemplateKey } from './settings';

export const STAGES = [
  'starting', 'pending-review', 'awaiting-opt-in', 'awaiting-reply', 'escalated', 'claimed',
  'resolved', 'stopped', 'no-response', 'rejected', 'expired', 'suppressed', 'undeliverable',
] as const;
export type Stage = (typeof STAGES)[number];

/** Stages in which the conversation is over; the workflow completes. */
export const TERMINAL_STAGES: readonly Stage[] = ['resolved', 'stopped', 'no-response', 'rejected', 'expired', 'suppressed', 'undeliverable'];
export const isTerminal = (s: Stage): boolean => TERMINAL_STAGES.includes(s);

/** The third HELP hands the person to a human. */
export const MAX_HELP = 3;

export type EscalationPriority = 'high' | 'low';
export type EscalationReason = 'yes' | 'help-exhausted';

export interface ConversationState {
  stage: Stage;
  policy: FirstContactPolicy;
  helpCount: number;
  /** Reminders sent since the person last wrote. */
  remindersSent: number;
  unknownCount: number;
  greeted: boolean;
  escalation?: { priority: EscalationPriority; reason: EscalationReason; claimedBy?: string; outcome?: string };
  review?: { decision: 'approve' | 'reject'; by: string; reason?: string };
  /** Why the conversation ended (for terminal stages). */
  endReason?: string;
}

export type ConversationEvent =
  | { type: 'start' }
  | { type: 'approve'; by: string }
  | { type: 'reject'; by: string; reason?: string }
  | { type: 'review-expired' }
  | { type: 'opt-in'; source: string }
  | { type: 'reply'; text: string }
  | { type: 'silence' }
  | { type: 'claim'; agent: string }
  | { type: 'agent-reply'; agent: string; text: string }
  | { type: 'resolve'; agent: string; outcome: string }
  /** The send activity found the person on the suppression list. */
  | { type: 'suppressed' }
  /** X refused the DM for good (DMs closed, account gone). */
  | { type: 'undeliverable'; reason: string };

export type Action =
  | { kind: 'send'; template: TemplateKey }
  | { kind: 'send-agent-text'; agent: string; text: string }
  | { kind: 'escalate'; priority: EscalationPriority; reason: EscalationReason }
  | { kind: 'forward-to-escalation'; text: string }
  | { kind: 'escalation-update'; status: 'claimed' | 'resolved'; agent?: string; outcome?: string }
  | { kind: 'suppress'; reason: string };

export interface Step {
  state: ConversationState;
  actions: Action[];
  /** Set when the event is not allowed now; state and actions are unchanged/empty. */
  rejected?: string;
  /** How the reply was read, when the event was a reply. */
  intent?: ReplyIntent;
}

export function initialState(policy: FirstContactPolicy): ConversationState {
  return { stage: 'starting', policy, helpCount: 0, remindersSent: 0, unknownCount: 0, greeted: false };
}

const reject = (state: ConversationState, why: string): Step => ({ state, actions: [], rejected: why });
const go = (state: ConversationState, patch: Partial<ConversationState>, actions: Action[] = []): Step => ({ state: { ...state, ...patch }, actions });

/** First contact by policy: review waits for a human, opt-in waits for the person, auto greets. */
function onStart(s: ConversationState): Step {
  if (s.policy === 'review') return go(s, { stage: 'pending-review' });
  if (s.policy === 'opt-in') return go(s, { stage: 'awaiting-opt-in' });
  return greet(s);
}

function greet(s: ConversationState): Step {
  return go(s, { stage: 'awaiting-reply', greeted: true }, [{ kind: 'send', template: 'greeting' }]);
}

/** STOP is honoured in every live stage: global suppression first, then one short confirmation. */
function stop(s: ConversationState): Step {
  const actions: Action[] = [{ kind: 'suppress', reason: 'person replied STOP' }, { kind: 'send', template: 'stopConfirmation' }];
  if (s.escalation && !s.escalation.outcome) actions.push({ kind: 'escalation-update', status: 'resolved', outcome: 'stopped' });
  return { state: { ...s, stage: 'stopped', endReason: 'person asked to stop' }, actions, intent: 'stop' };
}

function onReplyWhileTalking(s: ConversationState, text: string): Step {
  const intent = classifyReply(text);
  const base = { ...s, remindersSent: 0 };
  let step: Step;
  switch (intent) {
    case 'stop':
      return stop(s);
    case 'yes':
      step = go(base, { stage: 'escalated', escalation: { priority: 'high', reason: 'yes' } }, [
        { kind: 'escalate', priority: 'high', reason: 'yes' }, { kind: 'send', template: 'escalationNotice' },
      ]);
      break;
    case 'help': {
      const helpCount = s.helpCount + 1;
      step = helpCount >= MAX_HELP
        ? go(base, { helpCount, stage: 'escalated', escalation: { priority: 'low', reason: 'help-exhausted' } }, [
          { kind: 'escalate', priority: 'low', reason: 'help-exhausted' }, { kind: 'send', template: 'escalationNotice' },
        ])
        : go(base, { helpCount }, [{ kind: 'send', template: 'help' }]);
      break;
    }
    default:
      step = go(base, { unknownCount: s.unknownCount + 1 }, [{ kind: 'send', template: 'suggestion' }]);
  }
  return { ...step, intent };
}

function onEscalated(s: ConversationState, e: ConversationEvent): Step {
  const esc = s.escalation!;
  switch (e.type) {
    case 'reply': {
      // The bot stays quiet; the person's words go to the humans — unless they ask to stop.
      if (classifyReply(e.text) === 'stop') return stop(s);
      return { ...go(s, {}, [{ kind: 'forward-to-escalation', text: e.text }]), intent: classifyReply(e.text) };
    }
    case 'claim':
      if (esc.claimedBy && esc.claimedBy !== e.agent) return reject(s, `already claimed by ${esc.claimedBy}`);
      if (esc.claimedBy === e.agent) return go(s, {});
      return go(s, { stage: 'claimed', escalation: { ...esc, claimedBy: e.agent } }, [{ kind: 'escalation-update', status: 'claimed', agent: e.agent }]);
    case 'agent-reply':
      if (!esc.claimedBy) return reject(s, 'claim the escalation before answering');
      if (esc.claimedBy !== e.agent) return reject(s, `claimed by ${esc.claimedBy}`);
      if (!e.text.trim()) return reject(s, 'empty answer');
      return go(s, {}, [{ kind: 'send-agent-text', agent: e.agent, text: e.text }]);
    case 'resolve':
      if (esc.claimedBy && esc.claimedBy !== e.agent) return reject(s, `claimed by ${esc.claimedBy}`);
      return go(s, { stage: 'resolved', escalation: { ...esc, outcome: e.outcome }, endReason: `resolved: ${e.outcome}` }, [
        { kind: 'escalation-update', status: 'resolved', agent: e.agent, outcome: e.outcome },
      ]);
    default:
      return reject(s, `${e.type} is not possible while escalated`);
  }
}

export function nextStep(s: ConversationState, e: ConversationEvent, settings: Pick<OutreachSettings, 'maxReminders'>): Step {
  if (isTerminal(s.stage)) return reject(s, `conversation already ended (${s.stage})`);
  if (e.type === 'suppressed') return go(s, { stage: 'suppressed', endReason: 'person is on the suppression list' });
  if (e.type === 'undeliverable') return go(s, { stage: 'undeliverable', endReason: e.reason });
  switch (s.stage) {
    case 'starting':
      return e.type === 'start' ? onStart(s) : reject(s, 'conversation not started');
    case 'pending-review':
      if (e.type === 'approve') return greet({ ...s, review: { decision: 'approve', by: e.by } });
      if (e.type === 'reject') return go(s, { stage: 'rejected', review: { decision: 'reject', by: e.by, reason: e.reason }, endReason: 'rejected in review' });
      if (e.type === 'review-expired') return go(s, { stage: 'expired', endReason: 'review expired' });
      if (e.type === 'reply') return classifyReply(e.text) === 'stop' ? stop(s) : go(s, {});
      return reject(s, `${e.type} is not possible while waiting for review`);
    case 'awaiting-opt-in':
      if (e.type === 'opt-in') return greet(s);
      if (e.type === 'reply') return classifyReply(e.text) === 'stop' ? stop(s) : greet(s);
      if (e.type === 'review-expired') return go(s, { stage: 'expired', endReason: 'no opt-in in time' });
      return reject(s, `${e.type} is not possible while waiting for an opt-in`);
    case 'awaiting-reply':
      if (e.type === 'reply') return onReplyWhileTalking(s, e.text);
      if (e.type === 'silence') {
        if (s.remindersSent < settings.maxReminders) return go(s, { remindersSent: s.remindersSent + 1 }, [{ kind: 'send', template: 'reminder' }]);
        return go(s, { stage: 'no-response', endReason: 'no reply' });
      }
      if (e.type === 'opt-in') return go(s, {});
      return reject(s, `${e.type} is not possible while waiting for a reply`);
    case 'escalated':
    case 'claimed':
      if (e.type === 'opt-in') return go(s, {});
      return onEscalated(s, e);
    default:
      return reject(s, `unknown stage ${s.stage as string}`);
  }
}
