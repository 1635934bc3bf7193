// Campaign results folded from per-conversation summaries, overall and per template variant, so
// A/B wording can be compared on the same counts.

export interface ConversationSummary {
  /** First-message variant the person got, e.g. "greeting#0". */
  variant?: string;
  /** A first message actually went out (review/opt-in conversations may never send one). */
  contacted: boolean;
  /** The person wrote back at least once. */
  replied: boolean;
  /** The conversation's stage, in the outreach workflow's words (resolved, stopped, no-response…). */
  outcome?: string;
  escalated: boolean;
  /** Why it was escalated: 'yes', 'help-exhausted' or 'unclear'. */
  escalationReason?: string;
  /** The person said YES / STOP at some point. */
  saidYes?: boolean;
  saidStop?: boolean;
  /** The person said no to this conversation (polite close, campaign cooldown). */
  saidNo?: boolean;
}

/** What stats need from a stored conversation (see src/store/conversations.ts). */
export interface ConversationLike {
  stage: string;
  escalationId?: string;
  transcript?: { from: string; template?: string; variant?: number; intent?: string }[];
}

export function summarizeConversation(c: ConversationLike, escalationReason?: string): ConversationSummary {
  const transcript = c.transcript ?? [];
  const first = transcript.find((e) => e.from === 'bot');
  const person = transcript.filter((e) => e.from === 'person');
  return {
    ...(first ? { variant: `${first.template ?? 'message'}#${first.variant ?? 0}` } : {}),
    contacted: !!first,
    replied: person.length > 0,
    outcome: c.stage,
    escalated: !!c.escalationId || !!escalationReason,
    ...(escalationReason ? { escalationReason } : {}),
    saidYes: person.some((e) => e.intent === 'yes'),
    saidStop: person.some((e) => e.intent === 'stop') || c.stage === 'stopped',
    saidNo: c.stage === 'declined',
  };
}

export interface Counts {
  conversations: number;
  contacted: number;
  replies: number;
  yes: number;
  helpLimit: number;
  stop: number;
  /** Conversations that ended with a "no thanks". */
  declined: number;
  noResponse: number;
  escalations: number;
  outcomes: Record<string, number>;
}

export interface CampaignStats extends Counts {
  tweets: number;
  qualified: number;
  byVariant: Record<string, Counts>;
}

export const emptyCounts = (): Counts => ({ conversations: 0, contacted: 0, replies: 0, yes: 0, helpLimit: 0, stop: 0, declined: 0, noResponse: 0, escalations: 0, outcomes: {} });

/** Which headline bucket an outcome falls in; outcome names vary by spelling across versions. */
export function outcomeBucket(outcome: string | undefined): 'yes' | 'helpLimit' | 'stop' | 'declined' | 'noResponse' | undefined {
  if (!outcome) return undefined;
  const o = outcome.toLowerCase().replace(/[^a-z]/g, '');
  if (['yes', 'accepted', 'optedin', 'converted', 'interested'].includes(o)) return 'yes';
  if (o.startsWith('helplimit') || o === 'helpexhausted') return 'helpLimit';
  if (['stop', 'stopped', 'optedout', 'optout', 'unsubscribed'].includes(o)) return 'stop';
  if (['declined', 'decline', 'notinterested'].includes(o)) return 'declined';
  if (['noresponse', 'timeout', 'timedout', 'noreply'].includes(o)) return 'noResponse';
  return undefined;
}

export function addConversation(c: Counts, s: ConversationSummary): void {
  c.conversations++;
  if (s.contacted) c.contacted++;
  if (s.replied) c.replies++;
  if (s.escalated) c.escalations++;
  const b = outcomeBucket(s.outcome);
  if (s.saidYes || s.escalationReason === 'yes' || b === 'yes') c.yes++;
  if (s.escalationReason === 'help-exhausted' || b === 'helpLimit') c.helpLimit++;
  if (s.saidStop || b === 'stop') c.stop++;
  else if (s.saidNo || b === 'declined') c.declined++;
  if (b === 'noResponse') c.noResponse++;
  if (s.outcome) c.outcomes[s.outcome] = (c.outcomes[s.outcome] ?? 0) + 1;
}

/** Overall and per-variant counts from the conversations of one campaign. */
export function aggregateStats(base: { tweets: number; qualified: number }, conversations: Iterable<ConversationSummary>): CampaignStats {
  const stats: CampaignStats = { ...base, ...emptyCounts(), byVariant: {} };
  for (const s of conversations) {
    addConversation(stats, s);
    const v = s.variant ?? 'none';
    addConversation((stats.byVariant[v] ??= emptyCounts()), s);
  }
  return stats;
}
