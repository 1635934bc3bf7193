// A campaign's settings in the shape the outreach conversation takes. Settings are copied into each
// conversation when it starts, so an update applies to new conversations only.
import { DEFAULT_TEMPLATES, TEMPLATE_KEYS } from '../domain/campaign';
import type { OutreachSettings, OutreachTemplates } from '../domain/conversation';
import type { CampaignDoc } from '../store/campaigns';

export function outreachSettingsOf(c: Pick<CampaignDoc, 'brand' | 'conversation' | 'templates' | 'replyTimeoutMs' | 'maxReminders'> & { maxBotAnswers?: number }): OutreachSettings {
  const templates = Object.fromEntries(TEMPLATE_KEYS.map((k) => [k, c.templates?.[k] ?? DEFAULT_TEMPLATES[k]])) as unknown as OutreachTemplates;
  if (c.templates?.i18n) templates.i18n = c.templates.i18n;
  return {
    policy: c.conversation.firstContact,
    ...(c.conversation.consentBasis ? { consentBasis: c.conversation.consentBasis } : {}),
    ...(c.conversation.optInKeyword ? { optInKeyword: c.conversation.optInKeyword } : {}),
    replyTimeoutMs: c.replyTimeoutMs,
    maxReminders: c.maxReminders,
    ...(c.maxBotAnswers !== undefined ? { maxBotAnswers: c.maxBotAnswers } : {}),
    reviewExpiryMs: c.conversation.reviewExpiryMs,
    brand: c.brand,
    templates,
  };
}
