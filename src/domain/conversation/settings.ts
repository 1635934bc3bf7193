// A campaign's outreach settings: how first contact happens and what the bot says. The campaign
// layer stores these and hands them to every conversation it starts.

export const POLICIES = ['review', 'opt-in', 'auto'] as const;
export type FirstContactPolicy = (typeof POLICIES)[number];

/** A message text, or A/B variants of it; {name} and {brand} are filled in per person. */
export type TemplateText = string | string[];

export const TEMPLATE_KEYS = [
  'greeting', 'help', 'suggestion', 'reminder', 'stopConfirmation', 'escalationNotice', 'optInPrompt', 'decline',
] as const;
/** Keys a campaign may leave out: settings copied into conversations before they existed lack them. */
export const OPTIONAL_TEMPLATE_KEYS: readonly TemplateKey[] = ['optInPrompt', 'decline'];

/** Languages a campaign may give template variants for (the reply reader's languages). */
export const TEMPLATE_LANGS = ['en', 'es', 'fr', 'de', 'pt', 'it'] as const;
export type TemplateLang = (typeof TEMPLATE_LANGS)[number];
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface OutreachTemplates {
  greeting: TemplateText;
  help: TemplateText;
  suggestion: TemplateText;
  reminder: TemplateText;
  stopConfirmation: TemplateText;
  escalationNotice: TemplateText;
  optInPrompt?: TemplateText;
  /** The one polite closing after a "no thanks"; a neutral default when absent. */
  decline?: TemplateText;
  /** Per-language variants, e.g. `i18n.es.stopConfirmation`; used when the person writes that language. */
  i18n?: Partial<Record<TemplateLang, Partial<Record<TemplateKey, TemplateText>>>>;
}

/** Bot answers to unclear replies per conversation before a human takes over. */
export const DEFAULT_MAX_BOT_ANSWERS = 2;

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
  /** How many unclear replies the bot answers before a low-priority escalation (default 2). */
  maxBotAnswers?: number;
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
  if (s.maxBotAnswers !== undefined) posInt(s.maxBotAnswers, 'maxBotAnswers', 0);
  if (!s.brand?.trim()) out.push('brand: required');
  const checkText = (t: TemplateText, field: string) => {
    const variants = Array.isArray(t) ? t : [t];
    if (!variants.length || variants.some((v) => typeof v !== 'string' || !v.trim())) {
      out.push(`${field}: a non-empty text or non-empty list of texts`);
    }
  };
  for (const key of TEMPLATE_KEYS) {
    const t = s.templates?.[key];
    if (t === undefined) {
      if (!OPTIONAL_TEMPLATE_KEYS.includes(key)) out.push(`templates.${key}: required`);
      continue;
    }
    checkText(t, `templates.${key}`);
  }
  for (const [lang, byKey] of Object.entries(s.templates?.i18n ?? {})) {
    if (!(TEMPLATE_LANGS as readonly string[]).includes(lang)) { out.push(`templates.i18n.${lang}: one of ${TEMPLATE_LANGS.join(', ')}`); continue; }
    for (const [key, t] of Object.entries(byKey ?? {})) {
      if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) out.push(`templates.i18n.${lang}.${key}: not a template key`);
      else if (t !== undefined) checkText(t, `templates.i18n.${lang}.${key}`);
    }
  }
  return out;
}
