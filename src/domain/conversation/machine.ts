// The conversation's decisions as one pure function: nextStep(state, event, settings) gives the
// new state and the side effects to perform. The workflow only waits for events and performs the
// actions, so every branch is unit-testable without Temporal.
import { NEGATIVITY_DECLINE_THRESHOLD, classifyReplyV1, matchesKeyword, readReply, type ReplyIntent, type ReplyLang } from './classify';
import { DEFAULT_MAX_BOT_ANSWERS, type FirstContactPolicy, type OutreachSettings, type TemplateKey } from './settings';

export const STAGES = [
  'starting', 'pending-review', 'awaiting-opt-in', 'awaiting-reply', 'escalated', 'claimed',
  'resolved', 'stopped', 'no-response', 'rejected', 'expired', 'suppressed', 'undeliverable', 'declined',
] as const;
export type Stage = (typeof STAGES)[number];

/** Stages in which the conversation is over; the workflow completes. */
export const TERMINAL_STAGES: readonly Stage[] = ['resolved', 'stopped', 'no-response', 'rejected', 'expired', 'suppressed', 'undeliverable', 'declined'];
export const isTerminal = (s: Stage): boolean => TERMINAL_STAGES.includes(s);

/** The third HELP hands the person to a human. */
export const MAX_HELP = 3;

export type EscalationPriority = 'high' | 'low';
export type EscalationReason = 'yes' | 'help-exhausted' | 'unclear';

/** P(negative) from which a reply is "clearly negative": it never gets the cheerful suggestion (the reader's threshold). */
export const NEGATIVITY_THRESHOLD = NEGATIVITY_DECLINE_THRESHOLD;

/**
 * Behaviour switches by release, so a workflow can replay old histories with the old decisions
 * (the workflow sets them from `patched()`); everything else calls nextStep with the current set.
 * intents: replies read with readReply (decline, language, negativity); decline closes politely;
 * unclear replies get at most maxBotAnswers answers; only YES (or the keyword) opts in.
 */
export interface MachineFeatures { intents: boolean }
export const CURRENT_FEATURES: MachineFeatures = { intents: true };
const LEGACY: MachineFeatures = { intents: false };
export { LEGACY as LEGACY_FEATURES };

export interface ConversationState {
  stage: Stage;
  policy: FirstContactPolicy;
  helpCount: number;
  /** Reminders sent since the person last wrote. */
  remindersSent: number;
  unknownCount: number;
  greeted: boolean;
  /** The language the person last wrote in (answers and later reminders use it). */
  lang?: ReplyLang;
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
  /** A DM from the person; intent/lang as read by the router (else read here), negativity its hint. */
  | { type: 'reply'; text: string; intent?: ReplyIntent; lang?: ReplyLang | null; negativity?: number }
  | { type: 'silence' }
  | { type: 'claim'; agent: string }
  | { type: 'agent-reply'; agent: string; text: string }
  | { type: 'resolve'; agent: string; outcome: string }
  /**
   * The send activity found the person on the suppression list. `byStop`: a STOP from this person
   * is waiting to be handled; it is what suppressed the send, so the conversation goes on to it.
   */
  | { type: 'suppressed'; byStop?: boolean }
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
  /** The reply's language, when the event was a reply and it was known. */
  lang?: ReplyLang;
}

type Settings = Pick<OutreachSettings, 'maxReminders'> & Partial<Pick<OutreachSettings, 'maxBotAnswers' | 'optInKeyword'>>;
type Reply = Extract<ConversationEvent, { type: 'reply' }>;
interface Reading { intent: ReplyIntent; lang?: ReplyLang; negative: boolean }

/** How this release reads a reply; release 1 read text only, with its frozen rules. */
export function readingOf(e: Reply, f: MachineFeatures): Reading {
  if (!f.intents) return { intent: classifyReplyV1(e.text), negative: false };
  const local = e.intent === undefined || e.lang === undefined ? readReply(e.text, { negativity: e.negativity }) : undefined;
  const lang = e.lang !== undefined ? e.lang : local!.lang;
  return { intent: e.intent ?? local!.intent, ...(lang ? { lang } : {}), negative: (e.negativity ?? 0) >= NEGATIVITY_THRESHOLD };
}

/** The campaign's opt-in keyword in a DM, as whole words (the reader's normalisation). */
const hasOptInKeyword = (text: string, keyword: string | undefined): boolean => !!keyword?.trim() && matchesKeyword(text, keyword);

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

/** "No thanks": one polite close if we ever wrote to them, and the conversation ends. */
function decline(s: ConversationState): Step {
  const actions: Action[] = s.greeted ? [{ kind: 'send', template: 'decline' }] : [];
  return { state: { ...s, stage: 'declined', endReason: 'person declined' }, actions, intent: 'decline' };
}

/** An unclear reply: answered up to maxBotAnswers times (never when clearly negative), then a human. */
function unclear(s: ConversationState, r: Reading, settings: Settings): Step {
  const unknownCount = s.unknownCount + 1;
  if (r.negative || s.unknownCount >= (settings.maxBotAnswers ?? DEFAULT_MAX_BOT_ANSWERS)) {
    return go(s, { unknownCount, stage: 'escalated', escalation: { priority: 'low', reason: 'unclear' } }, [
      { kind: 'escalate', priority: 'low', reason: 'unclear' },
    ]);
  }
  return go(s, { unknownCount }, [{ kind: 'send', template: 'suggestion' }]);
}

const withLang = (s: ConversationState, r: Reading): ConversationState => (r.lang ? { ...s, lang: r.lang } : s);
const tag = (step: Step, r: Reading): Step => ({ ...step, intent: r.intent, ...(r.lang ? { lang: r.lang } : {}) });

function onReplyWhileTalking(s0: ConversationState, e: Reply, settings: Settings, f: MachineFeatures): Step {
  const r = readingOf(e, f);
  const intent = r.intent;
  const s = withLang(s0, r);
  const base = { ...s, remindersSent: 0 };
  let step: Step;
  switch (intent) {
    case 'stop':
      return tag(stop(s), r);
    case 'decline':
      return tag(decline(base), r);
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
      step = f.intents ? unclear(base, r, settings) : go(base, { unknownCount: s.unknownCount + 1 }, [{ kind: 'send', template: 'suggestion' }]);
  }
  return tag(step, r);
}

function onEscalated(s: ConversationState, e: ConversationEvent, f: MachineFeatures): Step {
  const esc = s.escalation!;
  switch (e.type) {
    case 'reply': {
      // The bot stays quiet; the person's words go to the humans — unless they ask to stop.
      const r = readingOf(e, f);
      if (r.intent === 'stop') return tag(stop(withLang(s, r)), r);
      return tag(go(withLang(s, r), {}, [{ kind: 'forward-to-escalation', text: e.text }]), r);
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

/** Before anyone wrote to them (review, opt-in): STOP and "no" end it, silence otherwise. */
function onReplyBeforeGreeting(s: ConversationState, e: Reply, settings: Settings, f: MachineFeatures): Step {
  const r = readingOf(e, f);
  if (r.intent === 'stop') return tag(stop(withLang(s, r)), r);
  if (!f.intents) return { ...(s.stage === 'awaiting-opt-in' ? greet(s) : go(s, {})), intent: r.intent };
  if (r.intent === 'decline') return tag(decline(withLang(s, r)), r);
  // Under opt-in only a YES (or the campaign's keyword) opts in: "no" never brings the greeting.
  if (s.stage === 'awaiting-opt-in' && (r.intent === 'yes' || hasOptInKeyword(e.text, settings.optInKeyword))) return tag(greet(withLang(s, r)), r);
  return tag(go(withLang(s, r), {}), r);
}

export function nextStep(s: ConversationState, e: ConversationEvent, settings: Settings, f: MachineFeatures = CURRENT_FEATURES): Step {
  if (isTerminal(s.stage)) return reject(s, `conversation already ended (${s.stage})`);
  if (e.type === 'suppressed') {
    // The STOP that caused it comes next and sends the confirmation; ending here would lose it.
    if (e.byStop && f.intents) return go(s, {});
    return go(s, { stage: 'suppressed', endReason: 'person is on the suppression list' });
  }
  if (e.type === 'undeliverable') return go(s, { stage: 'undeliverable', endReason: e.reason });
  switch (s.stage) {
    case 'starting':
      return e.type === 'start' ? onStart(s) : reject(s, 'conversation not started');
    case 'pending-review':
      if (e.type === 'approve') return greet({ ...s, review: { decision: 'approve', by: e.by } });
      if (e.type === 'reject') return go(s, { stage: 'rejected', review: { decision: 'reject', by: e.by, reason: e.reason }, endReason: 'rejected in review' });
      if (e.type === 'review-expired') return go(s, { stage: 'expired', endReason: 'review expired' });
      if (e.type === 'reply') return onReplyBeforeGreeting(s, e, settings, f);
      return reject(s, `${e.type} is not possible while waiting for review`);
    case 'awaiting-opt-in':
      if (e.type === 'opt-in') return greet(s);
      if (e.type === 'reply') return onReplyBeforeGreeting(s, e, settings, f);
      if (e.type === 'review-expired') return go(s, { stage: 'expired', endReason: 'no opt-in in time' });
      return reject(s, `${e.type} is not possible while waiting for an opt-in`);
    case 'awaiting-reply':
      if (e.type === 'reply') return onReplyWhileTalking(s, e, settings, f);
      if (e.type === 'silence') {
        if (s.remindersSent < settings.maxReminders) return go(s, { remindersSent: s.remindersSent + 1 }, [{ kind: 'send', template: 'reminder' }]);
        return go(s, { stage: 'no-response', endReason: 'no reply' });
      }
      if (e.type === 'opt-in') return go(s, {});
      return reject(s, `${e.type} is not possible while waiting for a reply`);
    case 'escalated':
    case 'claimed':
      if (e.type === 'opt-in') return go(s, {});
      return onEscalated(s, e, f);
    default:
      return reject(s, `unknown stage ${s.stage as string}`);
  }
}
