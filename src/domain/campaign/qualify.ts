// Who gets a first message. Every failed condition is reported, so the API and the exports can
// say why someone was not contacted.

export interface QualificationRules {
  minFollowers: number;
  minPositivity: number;
  requireVerified: boolean;
  cooldownMs: number;
}

export interface ProspectFacts {
  followers: number;
  verified: boolean;
  protected?: boolean;
}

export interface QualifyContext {
  now: number;
  /** On the suppression list (said STOP, or was removed by an operator). */
  suppressed: boolean;
  /** When anyone from the brand last started a conversation with them (epoch ms). */
  lastContactAt?: number;
}

export type DisqualifyReason = 'suppressed' | 'cooldown' | 'followers' | 'positivity' | 'not_verified' | 'protected';

export interface Verdict {
  qualified: boolean;
  reasons: DisqualifyReason[];
}

/** Decides whether a tweet's author may be contacted for a campaign; lists every reason not to. */
export function qualifies(profile: ProspectFacts, tweetPositivity: number, rules: QualificationRules, ctx: QualifyContext): Verdict {
  const reasons: DisqualifyReason[] = [];
  if (ctx.suppressed) reasons.push('suppressed');
  if (ctx.lastContactAt !== undefined && ctx.now - ctx.lastContactAt < rules.cooldownMs) reasons.push('cooldown');
  if (profile.followers < rules.minFollowers) reasons.push('followers');
  if (!(tweetPositivity >= rules.minPositivity)) reasons.push('positivity');
  if (rules.requireVerified && !profile.verified) reasons.push('not_verified');
  // A protected account's tweets are private; reaching out about them would be intrusive.
  if (profile.protected) reasons.push('protected');
  return { qualified: reasons.length === 0, reasons };
}
