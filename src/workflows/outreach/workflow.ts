// One durable conversation per person (workflow id `outreach-<xUserId>`). Decisions come from the
// pure nextStep(); this file only waits for events (signals, updates, timers) and performs the
// actions through activities. Nothing here touches the network or the clock directly.
import {
  ApplicationFailure, allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import {
  STOP_PREEMPTED, carriable, initialState, isTerminal, nextStep, queueStop, readingOf, renderTemplate, settingsProblems,
  type Action, type ConversationEvent, type ConversationState, type MachineFeatures, type Step,
} from '../../domain/conversation';
import type { OutreachActivities } from '../../activities/outreach';
import type { OptInActivities } from '../../activities/optin';
import {
  CampaignIdKey, FirstContactKey, HelpCountKey, OutreachStageKey, XUserIdKey, agentReplyUpdate, claimUpdate, conversationIdOf,
  optInSignal, replySignal, resolveUpdate, reviewUpdate, stateQuery,
  type IncomingReply, type OutreachInput, type OutreachResult, type ReviewDecision, type SendDmResult,
} from './contract';
import { workflowTime } from '../clock';

// Behaviour changes since the first release; each is on for new runs and for running ones from
// the first event handled on a build that has it (see docs/workflow-changes.md).
/** Replies read with intents (decline, language, negativity), STOP pre-empts queued actions. */
export const PATCH_INTENTS = 'convo-intents-v2';
/** Continue-as-new also under a flood of replies (carrying them over) and `seen` bounded per run. */
export const PATCH_FLOOD = 'convo-flood-bounded';
const DEFAULT_MAX_HISTORY_EVENTS = 4000;
/** Message ids remembered for de-duplication (per run, and carried over). */
const SEEN_KEPT = 500;

// ---- activities ----

const record = proxyActivities<OutreachActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '30 seconds' },
});
// Sends retry without limit: rate limits delay by failing with nextRetryDelay, and a send must
// never be dropped. One attempt at a time: the activity heartbeats, its X request times out (10 s)
// well before the heartbeat timeout, so a new attempt starts only once the last one is over, and
// the send protocol (src/outreach/send.ts) resolves a possibly delivered attempt before another.
// Activity options are not compared on replay: changing them needs no patch.
const send = proxyActivities<OutreachActivities>({
  // Room for a lookup of several pages; a dead worker is noticed by the heartbeat timeout anyway.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  // The backoff only times attempts that ended without a delay of their own (a dead worker, X
  // unreachable, a store error). Delayed attempts (rate limits, in-flight waits) count too, so an
  // uncapped backoff would hold a send for minutes after a worker restart (2^8 s after nine).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

// The public opt-in prompt: retried like a send (X's rate limit delays it, never drops it).
const optInPost = proxyActivities<OptInActivities>({
  // Longer than the X client's wait for a short rate-limit reset (60 s), so an attempt is not cut mid-post.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const now = workflowTime;

export async function outreachWorkflow(input: OutreachInput): Promise<OutreachResult> {
  const problems = settingsProblems(input.settings);
  if (problems.length) throw ApplicationFailure.nonRetryable(`invalid outreach settings: ${problems.join('; ')}`, 'InvalidOutreachInput');
  const { campaignId, person, settings } = input;
  const info = workflowInfo();
  const conversationId = conversationIdOf(campaignId, person.xUserId);
  const carried = input.carried;
  let state: ConversationState = carried?.state ?? initialState(settings.policy);
  let sendSeq = carried?.sendSeq ?? 0;
  // The idempotency prefix must survive continue-as-new and differ between two conversations
  // with the same person, hence the first run id of the chain.
  const conversationKey = carried?.conversationKey ?? `${info.workflowId}:${info.firstExecutionRunId}`;
  const seen = new Set<string>(carried?.seenMessageIds ?? []);
  const remember = (id: string) => {
    seen.add(id);
    // A chatty person must not grow the workflow's memory without bound (old ids come back rarely).
    if (seen.size > SEEN_KEPT && patched(PATCH_FLOOD)) seen.delete(seen.values().next().value!);
  };
  // Read once per event handled (never in validators or queries, which must not record markers).
  let features: MachineFeatures = { intents: false };
  const currentFeatures = (): MachineFeatures => (features = { intents: patched(PATCH_INTENTS) });
  currentFeatures();
  let deadline: number | undefined = carried?.deadline;
  const useSA = input.searchAttributes !== false;

  type Queued = { seq: number; event: ConversationEvent; reply?: IncomingReply; stop?: boolean };
  let queue: Queued[] = [];
  const results = new Map<number, { step: Step; extra?: Record<string, unknown> }>();
  let eventSeq = 0;

  const enqueue = (event: ConversationEvent, reply?: IncomingReply): number => {
    const seq = ++eventSeq;
    queue.push({ seq, event, reply });
    return seq;
  };
  const stopQueued = () => queue.some((q) => q.stop);
  const validate = (event: ConversationEvent) => {
    if (stopQueued()) throw new Error(STOP_PREEMPTED);
    const r = nextStep(state, event, settings, features);
    if (r.rejected) throw new Error(r.rejected);
  };
  /** Updates wait until the main loop has performed their event, then answer with the outcome. */
  const enqueueAndWait = async (event: ConversationEvent) => {
    const seq = enqueue(event);
    await condition(() => results.has(seq));
    const r = results.get(seq)!;
    results.delete(seq);
    if (r.step.rejected) throw ApplicationFailure.nonRetryable(r.step.rejected, 'OutreachEventRejected');
    return { stage: state.stage, ...r.extra };
  };

  setHandler(stateQuery, () => ({
    workflowId: info.workflowId, conversationId, campaignId, person, tweet: input.tweet, settings, state,
    sentMessages: sendSeq, queuedEvents: queue.length, deadline,
  }));
  const replyEvent = (r: IncomingReply): ConversationEvent => ({
    type: 'reply', text: r.text,
    ...(r.intent ? { intent: r.intent } : {}), ...(r.lang !== undefined ? { lang: r.lang } : {}), ...(r.negativity !== undefined ? { negativity: r.negativity } : {}),
  });
  /** A STOP goes ahead of everything queued; queued updates are refused at once. */
  const enqueueStop = (event: ConversationEvent, reply: IncomingReply) => {
    const next = queueStop(queue, { seq: ++eventSeq, event, reply, stop: true });
    queue = next.queue;
    for (const d of next.dropped) results.set(d.seq, { step: { state, actions: [], rejected: STOP_PREEMPTED } });
  };
  setHandler(replySignal, (r) => {
    // The poller and the webhook may both deliver the same DM: the event id makes it count once.
    if (seen.has(r.messageId)) return;
    remember(r.messageId);
    const event = replyEvent(r);
    if (!isTerminal(state.stage) && event.type === 'reply' && readingOf(event, { intents: true }).intent === 'stop' && currentFeatures().intents) {
      enqueueStop(event, r);
      return;
    }
    enqueue(event, r);
  });
  setHandler(optInSignal, (o) => { enqueue({ type: 'opt-in', source: o.source }); });
  const review = (d: ReviewDecision): ConversationEvent =>
    d.decision === 'approve' ? { type: 'approve', by: d.by } : { type: 'reject', by: d.by, reason: d.reason };
  setHandler(reviewUpdate, (d) => enqueueAndWait(review(d)), { validator: (d) => validate(review(d)) });
  setHandler(claimUpdate, (c) => enqueueAndWait({ type: 'claim', agent: c.agent }), { validator: (c) => validate({ type: 'claim', agent: c.agent }) });
  setHandler(resolveUpdate, (c) => enqueueAndWait({ type: 'resolve', agent: c.agent, outcome: c.outcome }),
    { validator: (c) => validate({ type: 'resolve', agent: c.agent, outcome: c.outcome }) });
  setHandler(agentReplyUpdate, async (a) => (await enqueueAndWait({ type: 'agent-reply', agent: a.agent, text: a.text })) as never,
    { validator: (a) => validate({ type: 'agent-reply', agent: a.agent, text: a.text }) });

  const searchAttributes = (): SearchAttributePair[] => [
    { key: CampaignIdKey, value: campaignId },
    { key: XUserIdKey, value: person.xUserId },
    { key: FirstContactKey, value: settings.policy },
    { key: OutreachStageKey, value: state.stage },
    { key: HelpCountKey, value: state.helpCount },
  ];
  let shownStage = '';
  let shownHelp = -1;
  const showProgress = () => {
    if (!useSA || (shownStage === state.stage && shownHelp === state.helpCount)) return;
    upsertSearchAttributes(searchAttributes());
    shownStage = state.stage;
    shownHelp = state.helpCount;
  };

  const recordState = (incoming?: { reply: IncomingReply; intent?: string; lang?: string }) => record.outreachRecord({
    conversationId,
    state: { stage: state.stage, helpCount: state.helpCount, remindersSent: state.remindersSent, endReason: state.endReason },
    incoming: incoming && {
      messageId: incoming.reply.messageId, text: incoming.reply.text, at: incoming.reply.at, intent: incoming.intent,
      ...(incoming.lang ? { lang: incoming.lang } : {}),
    },
  });

  const sendText = async (step: string, text: string, extra: { template?: string; variant?: number; agent?: string; ignoreSuppression?: boolean }): Promise<SendDmResult> => {
    sendSeq += 1;
    return send.outreachSendDm({
      key: `${conversationKey}:${sendSeq}-${step}`, conversationId, workflowId: info.workflowId, xUserId: person.xUserId, text, ...extra,
    });
  };

  /** Performs one action; a send that X or the suppression list refuses becomes the next event. */
  const perform = async (a: Action, reply?: IncomingReply): Promise<{ feedback?: ConversationEvent; extra?: Record<string, unknown> }> => {
    switch (a.kind) {
      case 'send': {
        // Answers follow the language the person last wrote in (release 1 always used the campaign's).
        const { text, variant } = renderTemplate(settings, a.template, person, features.intents ? state.lang : undefined);
        const r = await sendText(a.template, text, { template: a.template, variant, ignoreSuppression: a.template === 'stopConfirmation' });
        if (r.status === 'suppressed') return { feedback: { type: 'suppressed' } };
        if (r.status === 'undeliverable') return { feedback: { type: 'undeliverable', reason: r.reason } };
        return {};
      }
      case 'send-agent-text': {
        const r = await sendText('agent', a.text, { agent: a.agent });
        await record.outreachUpdateEscalation({ escalationId: conversationId, thread: { id: `${conversationKey}:${sendSeq}`, from: 'agent', agent: a.agent, text: a.text } });
        const extra = { status: r.status, ...(r.status === 'sent' ? { dmEventId: r.dmEventId } : 'reason' in r ? { reason: r.reason } : {}) };
        if (r.status === 'suppressed') return { feedback: { type: 'suppressed' }, extra };
        if (r.status === 'undeliverable') return { feedback: { type: 'undeliverable', reason: r.reason }, extra };
        return { extra };
      }
      case 'escalate':
        await record.outreachEscalate({
          escalationId: conversationId, conversationId, workflowId: info.workflowId, conversationKey, campaignId, xUserId: person.xUserId,
          username: person.username, priority: a.priority, reason: a.reason,
          firstMessage: reply && { id: reply.messageId, text: reply.text },
        });
        return {};
      case 'forward-to-escalation':
        await record.outreachUpdateEscalation({ escalationId: conversationId, thread: { id: reply?.messageId ?? `${conversationKey}:fwd-${sendSeq}`, from: 'person', text: a.text } });
        return {};
      case 'escalation-update':
        await record.outreachUpdateEscalation({ escalationId: conversationId, status: a.status, claimedBy: a.agent, outcome: a.outcome });
        return {};
      case 'suppress':
        await record.outreachSuppress({ xUserId: person.xUserId, reason: a.reason, source: 'conversation', campaignId });
        return {};
    }
  };

  const setDeadline = () => {
    if (state.stage === 'pending-review' || state.stage === 'awaiting-opt-in') deadline ??= now() + settings.reviewExpiryMs;
    else if (state.stage === 'awaiting-reply') deadline = now() + settings.replyTimeoutMs;
    else deadline = undefined;
  };

  /**
   * A send came back 'suppressed'. When this person's STOP did it (queued here, or recorded by the
   * router and still on its way), the STOP is handled next and its confirmation goes out.
   */
  const suppressedFeedback = async (): Promise<ConversationEvent> => {
    if (!features.intents) return { type: 'suppressed' };
    if (stopQueued()) return { type: 'suppressed', byStop: true };
    const req = await record.outreachStopRequest({ conversationId });
    if (!req || seen.has(req.messageId)) return { type: 'suppressed' };
    remember(req.messageId);
    const reply: IncomingReply = { messageId: req.messageId, text: req.text, at: req.at, intent: 'stop', ...(req.lang !== undefined ? { lang: req.lang } : {}) };
    enqueueStop(replyEvent(reply), reply);
    return { type: 'suppressed', byStop: true };
  };

  const apply = async (q: Queued, o: { alreadyRecorded?: boolean } = {}): Promise<void> => {
    const before = state.stage;
    currentFeatures();
    const step = nextStep(state, q.event, settings, features);
    if (step.rejected) {
      // A reply after the end is still part of the record.
      if (q.reply) await recordState({ reply: q.reply });
      if (q.seq > 0) results.set(q.seq, { step });
      return;
    }
    state = step.state;
    let extra: Record<string, unknown> | undefined;
    let sent = false;
    if (!o.alreadyRecorded) await recordState(q.reply && { reply: q.reply, intent: step.intent, lang: step.lang });
    for (const action of step.actions) {
      const r = await perform(action, q.reply);
      if (action.kind === 'send' || action.kind === 'send-agent-text') sent = true;
      if (r.extra) extra = r.extra;
      if (r.feedback) {
        const feedback = r.feedback.type === 'suppressed' ? await suppressedFeedback() : r.feedback;
        const fb = nextStep(state, feedback, settings, features);
        if (!fb.rejected) state = fb.state;
        if (isTerminal(state.stage) || (feedback.type === 'suppressed' && feedback.byStop)) break;
      }
    }
    if (state.stage !== before || sent) {
      if (state.stage !== before) deadline = undefined;
      setDeadline();
    }
    if (state.stage !== step.state.stage) await recordState();
    showProgress();
    if (q.seq > 0) results.set(q.seq, { step, extra });
  };

  // ---- first contact ----
  if (!carried) {
    showProgress();
    // The record is created with the stage first contact leads to, saving a round trip per person.
    const firstStage = nextStep(state, { type: 'start' }, settings, features).state.stage;
    const begin = await record.outreachBegin({
      conversationId, workflowId: info.workflowId, campaignId, person, tweet: input.tweet, policy: settings.policy, stage: firstStage,
    });
    if (begin.suppressed) {
      state = nextStep(state, { type: 'suppressed' }, settings, features).state;
      await recordState();
      showProgress();
      return result();
    }
    await apply({ seq: 0, event: { type: 'start' } }, { alreadyRecorded: true });
    // Opt-in: the campaign asks in public, once (a reply to the tweet that brought them in); never
    // by DM. Not when the conversation was started by the person's own opt-in (already queued).
    // Not awaited: a DM opt-in must not wait while X's rate limit delays the post.
    if (state.stage === 'awaiting-opt-in' && queue.length === 0 && patched('opt-in-prompt')) {
      void optInPost.outreachOptInPrompt({ conversationId, campaignId, person, tweet: input.tweet, settings }).catch(() => undefined);
    }
  } else {
    showProgress();
    for (const p of carried.pending ?? []) queue.push({ seq: ++eventSeq, ...p });
  }

  // ---- the conversation ----
  while (!isTerminal(state.stage)) {
    const waitMs = deadline === undefined ? undefined : Math.max(0, deadline - now());
    const arrived = waitMs === undefined ? (await condition(() => queue.length > 0), true) : await condition(() => queue.length > 0, waitMs);
    if (!arrived) {
      await apply({ seq: -1, event: state.stage === 'awaiting-reply' ? { type: 'silence' } : { type: 'review-expired' } });
    } else {
      await apply(queue.shift()!);
    }
    if (isTerminal(state.stage)) break;
    if (workflowInfo().continueAsNewSuggested && queue.length === 0) {
      await condition(allHandlersFinished);
      if (queue.length === 0) await continueAsNewWith([]);
    } else if (historyFull() && patched(PATCH_FLOOD) && carriable(queue)) {
      // A flood of replies keeps the queue from ever emptying: carry the waiting signals over.
      await condition(() => allHandlersFinished() || !carriable(queue));
      const pending = carriable(queue);
      if (pending) await continueAsNewWith(pending);
    }
  }
  // Answer updates that were queued behind the final event, then finish.
  for (const q of queue.splice(0)) results.set(q.seq, { step: nextStep(state, q.event, settings, features) });
  await condition(allHandlersFinished);
  return result();

  function historyFull(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS);
  }

  async function continueAsNewWith(pending: Queued[]): Promise<never> {
    return continueAsNew<typeof outreachWorkflow>({
      ...input,
      carried: {
        state, sendSeq, conversationKey, seenMessageIds: [...seen].slice(-200), deadline,
        ...(pending.length ? { pending: pending.map(({ event, reply, stop }) => ({ event, ...(reply ? { reply } : {}), ...(stop ? { stop } : {}) })) } : {}),
      },
    });
  }

  function result(): OutreachResult {
    return { stage: state.stage, endReason: state.endReason, helpCount: state.helpCount, remindersSent: state.remindersSent, sentMessages: sendSeq };
  }
}
