// Template rendering with deterministic A/B variants: a person always gets the same variant of a
// template (a pure function of their id), so replays, retries and reminders stay consistent.
import { TEMPLATE_LANGS, type OutreachSettings, type TemplateKey, type TemplateLang, type TemplateText } from './settings';

/** FNV-1a, 32 bit: tiny, stable across platforms, good enough to spread ids over variants. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Which variant (index) this person gets; the same person gets the same index for a template. */
export function variantIndex(xUserId: string, key: string, count: number): number {
  return count <= 1 ? 0 : stableHash(`${xUserId}:${key}`) % count;
}

export function fill(text: string, vars: { name: string; brand: string }): string {
  return text.replace(/\{(name|brand)\}/g, (_m, k: 'name' | 'brand') => vars[k]);
}

export interface RenderedMessage {
  text: string;
  /** Which A/B variant went out, for reporting. */
  variant: number;
}

export function pickVariant(t: TemplateText, xUserId: string, key: string): RenderedMessage {
  const variants = Array.isArray(t) ? t : [t];
  const variant = variantIndex(xUserId, key, variants.length);
  return { text: variants[variant]!, variant };
}

/**
 * Built-in texts: the polite close in English, and the answers that must reach a person in their own
 * language (stop confirmation, close, help, reminder, escalation notice) in the other five.
 * Neutral on purpose: no marketing in a "no" or a STOP.
 */
export const DEFAULT_TEMPLATE_I18N: Record<TemplateLang, Partial<Record<TemplateKey, string>>> = {
  en: {
    decline: 'Understood, {name}. Thanks for letting us know; {brand} will not follow up on this.',
  },
  es: {
    stopConfirmation: 'Entendido, {name}. {brand} no volverá a escribirte.',
    decline: 'Entendido, {name}. Gracias por decírnoslo; {brand} no insistirá.',
    help: 'Hola {name}, somos {brand}. Responde SÍ para hablar con una persona o STOP para no recibir más mensajes.',
    reminder: 'Hola {name}, te escribimos de {brand}. Responde SÍ para saber más o STOP para no recibir más mensajes.',
    escalationNotice: 'Gracias, {name}. Una persona del equipo de {brand} te responderá pronto.',
  },
  fr: {
    stopConfirmation: 'Compris, {name}. {brand} ne vous écrira plus.',
    decline: "Compris, {name}. Merci de nous l'avoir dit ; {brand} n'insistera pas.",
    help: 'Bonjour {name}, ici {brand}. Répondez OUI pour parler à une personne ou STOP pour ne plus recevoir de messages.',
    reminder: "Bonjour {name}, c'est {brand}. Répondez OUI pour en savoir plus ou STOP pour ne plus recevoir de messages.",
    escalationNotice: "Merci, {name}. Une personne de l'équipe {brand} vous répondra bientôt.",
  },
  de: {
    stopConfirmation: 'Verstanden, {name}. {brand} wird dir nicht mehr schreiben.',
    decline: 'Verstanden, {name}. Danke für die Rückmeldung; {brand} meldet sich dazu nicht mehr.',
    help: 'Hallo {name}, hier ist {brand}. Antworte JA, um mit einer Person zu sprechen, oder STOP, um keine Nachrichten mehr zu erhalten.',
    reminder: 'Hallo {name}, hier ist noch einmal {brand}. Antworte JA für mehr Infos oder STOP, um keine Nachrichten mehr zu erhalten.',
    escalationNotice: 'Danke, {name}. Jemand aus dem Team von {brand} antwortet dir bald.',
  },
  pt: {
    stopConfirmation: 'Entendido, {name}. Não voltaremos a enviar mensagens. — {brand}',
    decline: 'Entendido, {name}. Obrigado por avisar; não vamos insistir. — {brand}',
    help: 'Olá {name}, aqui é a equipe {brand}. Responda SIM para falar com uma pessoa ou STOP para não receber mais mensagens.',
    reminder: 'Olá {name}, aqui é a equipe {brand}. Responda SIM para saber mais ou STOP para não receber mais mensagens.',
    escalationNotice: 'Obrigado, {name}. Uma pessoa da equipe {brand} vai responder em breve.',
  },
  it: {
    stopConfirmation: 'Capito, {name}. {brand} non ti scriverà più.',
    decline: 'Capito, {name}. Grazie per avercelo detto; {brand} non insisterà.',
    help: 'Ciao {name}, siamo {brand}. Rispondi SÌ per parlare con una persona o STOP per non ricevere più messaggi.',
    reminder: 'Ciao {name}, ti scrive {brand}. Rispondi SÌ per saperne di più o STOP per non ricevere più messaggi.',
    escalationNotice: 'Grazie, {name}. Una persona del team di {brand} ti risponderà presto.',
  },
};

const isLang = (l: string | null | undefined): l is TemplateLang => !!l && (TEMPLATE_LANGS as readonly string[]).includes(l);

/**
 * Which text `key` uses for a person writing in `lang`: the campaign's variant for that language,
 * else the built-in text for that language, else the campaign's own text (its main language),
 * else the built-in English text. A language without any text falls back to the campaign's.
 */
export function templateText(templates: OutreachSettings['templates'], key: TemplateKey, lang?: string | null): TemplateText {
  const own = templates.i18n && isLang(lang) ? templates.i18n[lang]?.[key] : undefined;
  if (own !== undefined) return own;
  if (isLang(lang) && lang !== 'en' && DEFAULT_TEMPLATE_I18N[lang][key]) return DEFAULT_TEMPLATE_I18N[lang][key]!;
  return templates[key] ?? DEFAULT_TEMPLATE_I18N.en[key] ?? templates.greeting;
}

/**
 * The text of `key` for this person, variables filled, in their language when known; the
 * person's display name falls back to @username.
 */
export function renderTemplate(
  settings: Pick<OutreachSettings, 'templates' | 'brand'>,
  key: TemplateKey,
  person: { xUserId: string; name?: string; username?: string },
  lang?: string | null,
): RenderedMessage {
  const t = templateText(settings.templates, key, lang);
  const picked = pickVariant(t, person.xUserId, key);
  const name = person.name?.trim() || (person.username ? `@${person.username}` : 'there');
  return { text: fill(picked.text, { name, brand: settings.brand }), variant: picked.variant };
}
