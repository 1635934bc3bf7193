// A/B variants chosen deterministically per person: the same person always gets the same wording
// for a template (retries, restarts and reminders too), and people spread evenly over variants.
// The formula is the conversation domain's, so stats and the messages sent agree on the variant.
import { variantIndex, fill } from '../conversation/templates';

export type TemplateValue = string | string[];

/** The variant (index and text) this person gets for a template. */
export function chooseVariant(t: TemplateValue, xUserId: string, key: string): { index: number; text: string } {
  const all = Array.isArray(t) ? t : [t];
  const index = variantIndex(xUserId, key, all.length);
  return { index, text: all[index]! };
}

/** Fills {name} and {brand}; other braces stay as written. */
export const render = (text: string, vars: { name: string; brand: string }): string => fill(text, vars);
