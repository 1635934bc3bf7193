// Filtered-stream rules from a campaign's tracking settings. X limits a rule's length by access
// level (512 characters on the standard/basic level, 1024 on pro, 2048 on enterprise), so terms
// are packed into as few rules as fit, each repeating the language and retweet conditions.
// `rulesPerApp` is X's cap on the rules one app may hold on its stream (all campaigns together;
// campaigns tracking the same words share one rule).

export const RULE_LIMITS = {
  basic: { ruleLength: 512, rulesPerCampaign: 5, rulesPerApp: 25 },
  pro: { ruleLength: 1024, rulesPerCampaign: 25, rulesPerApp: 1000 },
  enterprise: { ruleLength: 2048, rulesPerCampaign: 100, rulesPerApp: 25_000 },
} as const;

export type AccessLevel = keyof typeof RULE_LIMITS;

/** A rule value as X compares them (and as the store keys shared rules): trimmed, single spaces. */
export const normalizeRuleValue = (v: string): string => v.trim().replace(/\s+/g, ' ');

export class RuleBuildError extends Error {
  constructor(message: string, readonly path: (string | number)[] = []) {
    super(message);
  }
}

export interface TrackingInput {
  keywords?: string[];
  mentions?: string[];
  hashtags?: string[];
  languages?: string[];
  includeRetweets?: boolean;
  access?: keyof typeof RULE_LIMITS;
}

/** A keyword as a rule term: bare when it is one plain word, else an exact phrase in quotes. */
export function keywordTerm(k: string): string {
  const t = k.trim().replace(/\s+/g, ' ');
  if (/^[\p{L}\p{N}_']+$/u.test(t) && t !== 'OR' && t !== 'AND') return t;
  return `"${t.replace(/"/g, '')}"`;
}

export const mentionTerm = (m: string) => `@${m.replace(/^@/, '')}`;
export const hashtagTerm = (h: string) => `#${h.replace(/^#/, '')}`;

/** The conditions every rule of the campaign carries: language and the retweet exclusion. */
export function ruleSuffix(t: TrackingInput): string {
  const parts: string[] = [];
  const langs = [...new Set(t.languages ?? [])];
  if (langs.length === 1) parts.push(`lang:${langs[0]}`);
  else if (langs.length > 1) parts.push(`(${langs.map((l) => `lang:${l}`).join(' OR ')})`);
  if (!t.includeRetweets) parts.push('-is:retweet');
  return parts.join(' ');
}

/**
 * The rule values for a campaign. Throws RuleBuildError (with the offending field's path) when
 * there is nothing to track, a single term cannot fit in a rule, or more rules would be needed
 * than the access level allows a campaign.
 */
export function buildRules(t: TrackingInput): string[] {
  const limits = RULE_LIMITS[t.access ?? 'basic'];
  const terms: { term: string; path: (string | number)[] }[] = [];
  const seen = new Set<string>();
  const add = (term: string, path: (string | number)[]) => {
    const key = term.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    terms.push({ term, path });
  };
  (t.keywords ?? []).forEach((k, i) => add(keywordTerm(k), ['keywords', i]));
  (t.mentions ?? []).forEach((m, i) => add(mentionTerm(m), ['mentions', i]));
  (t.hashtags ?? []).forEach((h, i) => add(hashtagTerm(h), ['hashtags', i]));
  if (!terms.length) throw new RuleBuildError('give at least one keyword, mention or hashtag to track', ['keywords']);

  const suffix = ruleSuffix(t);
  const compose = (group: string[]) => {
    const body = group.length === 1 ? group[0]! : `(${group.join(' OR ')})`;
    return suffix ? `${body} ${suffix}` : body;
  };
  const rules: string[] = [];
  let group: string[] = [];
  for (const { term, path } of terms) {
    if (compose([term]).length > limits.ruleLength) {
      throw new RuleBuildError(`makes a rule of ${compose([term]).length} characters; X allows ${limits.ruleLength} at the ${t.access ?? 'basic'} access level`, path);
    }
    if (group.length && compose([...group, term]).length > limits.ruleLength) {
      rules.push(compose(group));
      group = [];
    }
    group.push(term);
  }
  if (group.length) rules.push(compose(group));
  if (rules.length > limits.rulesPerCampaign) {
    throw new RuleBuildError(`the terms need ${rules.length} rules of at most ${limits.ruleLength} characters; a campaign may use ${limits.rulesPerCampaign} at the ${t.access ?? 'basic'} access level`, ['keywords']);
  }
  return rules;
}

/**
 * Whether a campaign's rules fit on the app's stream: each within the access level's length, and
 * the distinct rules of every listening campaign (shared values counted once) within its cap.
 * Returns the reason when they do not.
 */
export function ruleCapacityProblem(access: AccessLevel, want: string[], heldByOthers: Iterable<string>, reserved = 0): string | undefined {
  const limits = RULE_LIMITS[access];
  const long = want.find((v) => v.length > limits.ruleLength);
  if (long) return `a rule of ${long.length} characters exceeds X's ${limits.ruleLength} at the ${access} access level`;
  const all = new Set(heldByOthers);
  const before = all.size;
  for (const v of want) all.add(v);
  if (all.size + reserved > limits.rulesPerApp) {
    const standing = reserved ? `, ${reserved} for the brand's own mentions and replies` : '';
    return `the stream would need ${all.size + reserved} rules (${before} in use by other campaigns${standing}, ${all.size - before} new for this one); X allows ${limits.rulesPerApp} at the ${access} access level`;
  }
  return undefined;
}
