// The campaign's settings as the API accepts them. Strict objects everywhere: an unknown field is
// a mistake (or an attack) and is refused rather than silently stored.
import { z } from 'zod';
import { RULE_LIMITS, buildRules, RuleBuildError } from './rules';
import { DEFAULT_TEMPLATE_I18N } from '../conversation/templates';
import { DEFAULT_MAX_BOT_ANSWERS, POLICIES, TEMPLATE_KEYS, type TemplateKey } from '../conversation/settings';

export { POLICIES, TEMPLATE_KEYS, type TemplateKey };

/** A keyword or phrase: printable, no quotes or parentheses (they would change the rule's logic). */
const Keyword = z.string().trim().min(1).max(2048)
  .regex(/^[^"()\\\u0000-\u001f]+$/u, 'a keyword or phrase without quotes, parentheses or control characters');
const Mention = z.string().regex(/^@?[A-Za-z0-9_]{1,15}$/, 'an X username (1–15 letters, digits or _)');
const Hashtag = z.string().regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'a hashtag of letters, digits or _');
const Lang = z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639-1 language code such as "en"');

export const TrackingSchema = z.strictObject({
  keywords: z.array(Keyword).max(100).default([]),
  mentions: z.array(Mention).max(100).default([]),
  hashtags: z.array(Hashtag).max(100).default([]),
  languages: z.array(Lang).max(10).default([]),
  /** Retweets repeat someone else's words; excluded unless asked for. */
  includeRetweets: z.boolean().default(false),
  /** X access level, which sets the rule length limit (512 standard/basic, 1024 pro, 2048 enterprise). */
  access: z.enum(['basic', 'pro', 'enterprise']).default('basic'),
});

export const QualificationSchema = z.strictObject({
  minFollowers: z.number().int().min(0).max(1e9).default(0),
  /** Positivity in 0..1 (the sentiment model's P(positive)) of the tweet that brought them in. */
  minPositivity: z.number().min(0).max(1).default(0.6),
  requireVerified: z.boolean().default(false),
  /** No new conversation with someone contacted less than this long ago (any campaign). */
  cooldownMs: z.number().int().min(0).max(365 * 86_400_000).default(30 * 86_400_000),
});

export const ConversationPolicySchema = z.strictObject({
  firstContact: z.enum(POLICIES).default('review'),
  /** Why messaging these people is allowed; required for the 'auto' policy. */
  consentBasis: z.string().trim().min(1).max(500).optional(),
  /** Opt-in policy: the word that counts as opting in (default YES). */
  optInKeyword: z.string().trim().min(1).max(32).optional(),
  /** How long a prospect waits for a review decision or to opt in. */
  reviewExpiryMs: z.number().int().min(1000).max(90 * 86_400_000).default(7 * 86_400_000),
});

const TemplateText = z.string().trim().min(1).max(1000);
/** One text, or 2–5 A/B variants; each person always gets the same variant (see variant.ts). */
export const TemplateSchema = z.union([TemplateText, z.array(TemplateText).min(1).max(5)]);

export const DEFAULT_TEMPLATES: Record<TemplateKey, string> = {
  greeting: 'Hi {name}! Thanks for the kind words about {brand}. Would you like to hear about our community programme? Reply YES, HELP or STOP.',
  help: 'Happy to help, {name}. Tell us what you need and a person from {brand} will follow up. Reply STOP any time.',
  suggestion: 'Great, {name}! Here is how to join the {brand} community: reply with your email or visit our site.',
  reminder: 'Hi {name}, just checking in from {brand}. Reply YES to hear more or STOP to opt out.',
  stopConfirmation: 'Understood, {name}. {brand} will not message you again.',
  escalationNotice: 'Thanks {name}, a member of the {brand} team will reply to you shortly.',
  optInPrompt: 'Hi {name}, {brand} here. Would you like to hear from us? Reply YES to opt in; we will not message you otherwise.',
  decline: DEFAULT_TEMPLATE_I18N.en.decline!,
};

const templateFields = {
  greeting: TemplateSchema.optional(),
  help: TemplateSchema.optional(),
  suggestion: TemplateSchema.optional(),
  reminder: TemplateSchema.optional(),
  stopConfirmation: TemplateSchema.optional(),
  escalationNotice: TemplateSchema.optional(),
  optInPrompt: TemplateSchema.optional(),
  /** The one polite closing after a "no thanks". */
  decline: TemplateSchema.optional(),
};
/** Per-language variants (`i18n.es.stopConfirmation`), used when the person writes in that language. */
const LangTemplates = z.strictObject(templateFields);
export const TEMPLATE_LANGS = ['en', 'es', 'fr', 'de', 'pt', 'it'] as const;
export const TemplatesSchema = z.strictObject({
  ...templateFields,
  i18n: z.strictObject(Object.fromEntries(TEMPLATE_LANGS.map((l) => [l, LangTemplates.optional()])) as Record<(typeof TEMPLATE_LANGS)[number], z.ZodOptional<typeof LangTemplates>>).optional(),
});

const Name = z.string().trim().min(1).max(120);
const Brand = z.string().trim().min(1).max(60);

const ReplyTimeoutMs = z.number().int().min(1000).max(30 * 86_400_000);
const MaxReminders = z.number().int().min(0).max(5);
/** Answers to unclear replies before a person takes over. */
const MaxBotAnswers = z.number().int().min(0).max(10);

const settingsShape = {
  brand: Brand,
  tracking: TrackingSchema,
  qualification: QualificationSchema.default(QualificationSchema.parse({})),
  conversation: ConversationPolicySchema.default(ConversationPolicySchema.parse({})),
  templates: TemplatesSchema.default({}),
  replyTimeoutMs: ReplyTimeoutMs.default(3 * 86_400_000),
  maxReminders: MaxReminders.default(1),
  maxBotAnswers: MaxBotAnswers.default(DEFAULT_MAX_BOT_ANSWERS),
};

/** Cross-field rules: the rules X will accept, and a consent basis for unattended first contact. */
function checkSettings(s: { tracking?: z.infer<typeof TrackingSchema>; conversation?: z.infer<typeof ConversationPolicySchema> }, ctx: z.RefinementCtx) {
  if (s.tracking) {
    try {
      buildRules(s.tracking);
    } catch (e) {
      if (!(e instanceof RuleBuildError)) throw e;
      ctx.addIssue({ code: 'custom', path: ['tracking', ...e.path], message: e.message });
    }
  }
  if (s.conversation?.firstContact === 'auto' && !s.conversation.consentBasis) {
    ctx.addIssue({ code: 'custom', path: ['conversation', 'consentBasis'], message: 'required when firstContact is "auto"' });
  }
}

export const CreateCampaignSchema = z.strictObject({ name: Name, ...settingsShape }).superRefine(checkSettings);

/** Partial update: only the fields given change; nested objects replace the stored ones whole. */
export const UpdateCampaignSchema = z.strictObject({
  name: Name.optional(),
  brand: Brand.optional(),
  tracking: TrackingSchema.optional(),
  qualification: QualificationSchema.optional(),
  conversation: ConversationPolicySchema.optional(),
  templates: TemplatesSchema.optional(),
  replyTimeoutMs: ReplyTimeoutMs.optional(),
  maxReminders: MaxReminders.optional(),
  maxBotAnswers: MaxBotAnswers.optional(),
}).superRefine(checkSettings).refine((u) => Object.keys(u).length > 0, 'give at least one field to change');

export type CampaignInput = z.infer<typeof CreateCampaignSchema>;
export type CampaignUpdate = z.infer<typeof UpdateCampaignSchema>;
export type Tracking = z.infer<typeof TrackingSchema>;
export type Qualification = z.infer<typeof QualificationSchema>;
export type ConversationPolicy = z.infer<typeof ConversationPolicySchema>;
export type Template = z.infer<typeof TemplateSchema>;

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'stopping', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export { RULE_LIMITS };
