// The reply reader: normalise, apply the intent rules, guess the language, and let the sentiment
// model's negativity turn a non-committal or weak-yes reply into a decline. Pure and synchronous.
import type { ReplyHints, ReplyReading } from './types';
import { guessLang } from './lang';
import { normalizeReply } from './normalize';
import { readRules } from './rules';
import { repairTokens } from './tokens';

export { matchesKeyword, matchesYesKeyword, YES_WORDS } from './keyword';
export { normalizeReply, foldLetters } from './normalize';

/**
 * P(negative) from the sentiment model at or above which a reply the rules read as `other` or a weak
 * `yes` becomes `decline`: such a reply must not get a cheerful template. Measured on the shipped
 * model (bench:replies): clear complaints score 0.73-1.0 ("ugh whatever" 0.75, "never buying from
 * you again" 0.73, "this is useless" 0.87), while harmless replies reach 0.68 ("I use your app
 * every day"). The model never overrides stop, decline, help or a strong yes, nor a reply whose only
 * negative-looking part is a recognised harmless "stop" ("don't stop" scores 0.89: the model has
 * learnt that "stop" is negative).
 */
export const NEGATIVITY_DECLINE_THRESHOLD = 0.7;

export function readReplyText(text: string, hints: ReplyHints = {}): ReplyReading {
  if (text.trim() === '') return { intent: 'other', lang: null, why: 'empty' };
  const stretched = normalizeReply(text, { keepStretch: true }).tokens;
  const tokens = repairTokens(stretched);
  const plainTokens = stretched.map((t) => t.replace(/([a-z])\1\1/g, '$1')); // = normalizeReply(text).tokens
  const n = { tokens: plainTokens, text: plainTokens.join(' '), words: plainTokens.filter((t) => t !== '.' && t !== '?') };
  const words = tokens.filter((t) => t !== '.' && t !== '?');
  let r = readRules({ tokens, text: tokens.join(' '), words });
  // Repairs help read typos; they must never hide an opt-out the plain reading sees.
  if (r.intent !== 'stop' && tokens.join(' ') !== n.text) {
    const plain = readRules(n);
    if (plain.intent === 'stop') r = plain;
  }
  const lang = guessLang(text, words, r.langs);
  const neg = hints.negativity;
  if ((r.intent === 'other' || (r.intent === 'yes' && r.weak)) && !r.harmlessStop && typeof neg === 'number' && neg >= NEGATIVITY_DECLINE_THRESHOLD) {
    return { intent: 'decline', lang, why: `model:sentiment (P(negative)=${Math.round(neg * 100) / 100}; rules: ${r.why})` };
  }
  return { intent: r.intent, lang, why: r.why };
}
