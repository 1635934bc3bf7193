// Template rendering with deterministic A/B variants: a person always gets the same variant of a
// template (a pure function of their id), so replays, retries and reminders stay consistent.
import type { OutreachSettings, TemplateKey, TemplateText } from './settings';

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

/** The text of `key` for this person, variables filled; the person's display name falls back to @username. */
export function renderTemplate(
  settings: Pick<OutreachSettings, 'templates' | 'brand'>,
  key: TemplateKey,
  person: { xUserId: string; name?: string; username?: string },
): RenderedMessage {
  const t = settings.templates[key] ?? settings.templates.greeting;
  const picked = pickVariant(t, person.xUserId, key);
  const name = person.name?.trim() || (person.username ? `@${person.username}` : 'there');
  return { text: fill(picked.text, { name, brand: settings.brand }), variant: picked.variant };
}
