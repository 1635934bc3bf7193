// A campaign's outreach settings: how first contact happens and what the bot says. The campaign
// layer stores these and hands them to every conversation it starts.

export const POLICIES = ['review', 'opt-in', 'auto'] as const;
export type FirstContactPolicy = (typeof POLICIES)[number];

/** A message text, or A/B variants of it; {name} and {brand} are filled in per person. */
export type TemplateText = string | string[];

export const TEMPLATE_KEYS = [
  'greeting', 'help', 'suggestion', 'reminder', 'stopConfirmation', 'escalationNotice', 'optInPrompt',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface OutreachTemplates {
  greeting: TemplateText;
  help: TemplateText;
  suggestion: TemplateText;
  reminder: TemplateText;
  stopConfirmation: TemplateText;
  escalationNotice: TemplateText;
  optInPrompt?: TemplateText;
}

export interface OutreachSettings {
  policy: FirstContactPolicy;
  /** Why messaging this person first is lawful; required for `auto`. */
  consentBasis?: string;
  replyTimeoutMs: number;
  maxReminders: number;
  /** How long a prospect waits for a human decision (review) or to opt in (opt-in). */
  reviewExpiryMs: number;
  optInKeyword?: string;
  brand: string;
  templates: OutreachTemplates;
}

/** Every problem with a settings object, as "field: reason" lines; empty when valid. */
export function settingsProblems(s: OutreachSettings): string[] {
  const out: string[] = [];
  if (!POLICIES.includes(s.policy)) out.push(`policy: one of ${POLICIES.join(', ')}`);
  if (s.policy === 'auto' && !s.consentBasis?.trim()) out.push('consentBasis: required when policy is auto');
  if (s.policy === 'opt-in' && s.optInKeyword !== undefined && !s.optInKeyword.trim()) out.push('optInKeyword: must not be blank');
  const posInt = (v: number, name: string, min: number) => {
    if (!Number.isInteger(v) || v < min) out.push(`${name}: an integer >= ${min}`);
  };
  posInt(s.replyTimeoutMs, 'replyTimeoutMs', 1);
  posInt(s.maxReminders, 'maxReminders', 0);
  posInt(s.reviewExpiryMs, 'reviewExpiryMs', 1);
  if (!s.brand?.trim()) out.push('brand: required');
  for (const key of TEMPLATE_KEYS) {
    const t = s.templates?.[key];
    if (t === undefined) {
      if (key !== 'optInPrompt') out.push(`templates.${key}: required`);
      continue;
    }
    const variants = Array.isArray(t) ? t : [t];
    if (!variants.length || variants.some((v) => typeof v !== 'string' || !v.trim())) {
      out.push(`templates.${key}: a non-empty text or non-empty list of texts`);
    }
  }
  return out;
}
