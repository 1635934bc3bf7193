// The stream rule that brings every public mention of the brand's account to ingest, whatever the
// campaigns track: someone in a conversation who tweets "@Acme stop DMing me" instead of replying
// must be heard even when no campaign keyword is in their tweet (ingest's public opt-outs). A tweet
// that arrives only by this rule belongs to no campaign: it is read for an opt-out and not stored.
import type { XClient } from '../x';
import { brandHandle } from './optin';
import { syncTaggedRule } from './rules';

/** Tag of the brand-mentions rule (not a campaign rule: rule reconciliation leaves it alone). */
export const MENTIONS_RULE_TAG = 'chirpflow:brand-mentions';

export const mentionsRuleValue = (handle: string): string => `@${handle} -is:retweet`;

/** Adds the rule if X lacks it and removes our older ones (a renamed handle). Idempotent. */
export async function syncMentionsRule(deps: { x: XClient; brandUserId?: string }): Promise<'added' | 'present'> {
  return syncTaggedRule(deps.x, MENTIONS_RULE_TAG, mentionsRuleValue(await brandHandle(deps)));
}
